from django.core.management.base import BaseCommand

from grants.drafts import expired, purge_expired
from grants.models import DraftFile


class Command(BaseCommand):
    help = (
        "Delete the drafts of grant applications that expired, with their files: saved ones "
        "ZIB_GRANTS_DRAFT_DAYS (30) days after they were last saved, never saved ones "
        "ZIB_GRANTS_UNSAVED_DRAFT_HOURS (24) hours after their last change. Run it daily "
        "from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only count what would be deleted."
        )

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            drafts = expired()
            files = DraftFile.objects.filter(draft__in=drafts).count()
            self.stdout.write(f"Dry run: would delete {drafts.count()} drafts and {files} files.")
            return
        drafts, files = purge_expired()
        self.stdout.write(self.style.SUCCESS(f"Deleted {drafts} drafts and {files} files."))
