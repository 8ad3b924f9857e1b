from django.core.management.base import BaseCommand

from grants import conf
from grants.emails import retry_due


class Command(BaseCommand):
    help = (
        "Send grants e-mails that are pending or failed (e.g. while the mail server was down). "
        "Run it every 10 minutes from cron (docs/betrieb.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=None,
            help=f"Skip mails tried this often already (default {conf.mail_max_attempts()}).",
        )

    def handle(self, *args, max_attempts=None, **options):
        sent, failed = retry_due(max_attempts)
        self.stdout.write(f"{sent} sent, {failed} failed")
