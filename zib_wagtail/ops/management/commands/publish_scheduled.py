"""Wagtail's `publish_scheduled`, safe on several servers at once (zib_wagtail.ops.scheduled).

It replaces Wagtail's command of the same name because `zib_wagtail.ops` comes before `wagtail`
in INSTALLED_APPS; `--dryrun` is Wagtail's own listing.
"""

from django.utils import timezone
from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from zib_wagtail.ops.scheduled import publish_due, unpublish_expired


class Command(WagtailCommand):
    help = (
        "Publish revisions whose go-live time has passed and unpublish what has expired; "
        "each object once, also when several servers run it at the same time (cron, every "
        "minute: docs/betrieb.md)."
    )

    def handle(self, *args, **options):
        if options["dryrun"]:
            return super().handle(*args, **options)
        now = timezone.now()
        unpublished = unpublish_expired(now)
        published = publish_due(now)
        if options["verbosity"] > 1:
            self.stdout.write(f"{published} published, {unpublished} unpublished")
