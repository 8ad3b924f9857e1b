from django.core.management.base import BaseCommand

from zib_wagtail.webhooks.delivery import deliver_due, due


class Command(BaseCommand):
    help = (
        "Send webhook deliveries that are due (new ones whose task was lost, and retries after "
        "failures). Safe to run often, e.g. every minute from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what is due; send nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            deliveries = due().select_related("endpoint", "change")
            for delivery in deliveries:
                self.stdout.write(f"{delivery.pk}: {delivery.event} → {delivery.endpoint.url}")
            self.stdout.write(f"{len(deliveries)} due")
            return
        succeeded, failed = deliver_due()
        self.stdout.write(f"{succeeded} delivered, {failed} failed")
