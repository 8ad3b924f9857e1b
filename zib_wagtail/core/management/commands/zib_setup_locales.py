from django.core.management.base import BaseCommand
from wagtail.models import Locale

from zib_wagtail.core import conf


class Command(BaseCommand):
    help = (
        "Create a Wagtail locale for every content language (WAGTAIL_CONTENT_LANGUAGES), so "
        "editors can translate. Existing locales are kept; idempotent."
    )

    def handle(self, *args, **options):
        created = [
            code
            for code in conf.content_language_codes()
            if Locale.objects.get_or_create(language_code=code)[1]
        ]
        if options["verbosity"]:
            self.stdout.write(f"Locales created: {', '.join(created) or 'none'}.")
