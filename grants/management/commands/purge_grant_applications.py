from django.core.management.base import BaseCommand
from django.db import transaction

from grants import files, retention
from grants.models import FundingRound, GrantAttachment
from grants.storage import private_storage

from .sweep_grant_files import report


class Command(BaseCommand):
    help = (
        "Delete the applications (with their files) whose retention period has passed, counted "
        "from the close of their round: granted and undecided ones after "
        "ZIB_GRANTS_RETENTION_YEARS (default 10), rejected ones after "
        "ZIB_GRANTS_RETENTION_YEARS_REJECTED (3), withdrawn ones after "
        "ZIB_GRANTS_RETENTION_YEARS_WITHDRAWN (1). The rounds themselves stay. Then sweep the "
        "private storage for orphaned files (sweep_grant_files)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--years", type=int, default=None, help="One retention in years for every outcome."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be deleted."
        )

    def handle(self, *args, years=None, dry_run=False, **options):
        applications = retention.due(years=years)
        files_to_delete = list(
            GrantAttachment.objects.filter(application__in=applications).values_list(
                "file", flat=True
            )
        )
        count = applications.count()
        rounds = FundingRound.objects.filter(applications__in=applications).distinct()
        for funding_round in rounds:
            due = applications.filter(funding_round=funding_round)
            self.stdout.write(
                f"{funding_round.title} (closed {funding_round.closes_at:%Y-%m-%d}): "
                f"{due.count()} applications"
            )
        if dry_run:
            self.stdout.write(
                f"Dry run: would delete {count} applications and {len(files_to_delete)} files."
            )
        else:
            with transaction.atomic():
                applications.delete()
                # Files go only once the rows are gone for good.
                transaction.on_commit(
                    lambda: [private_storage.delete(name) for name in files_to_delete]
                )
            self.stdout.write(
                self.style.SUCCESS(
                    f"Deleted {count} applications and {len(files_to_delete)} files."
                )
            )
        swept = files.sweep(dry_run=dry_run)
        if swept.orphans or swept.tightened:
            report(self, swept, dry_run)
