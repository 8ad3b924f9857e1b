from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grants import conf
from grants.models import FundingRound, GrantApplication, GrantAttachment
from grants.storage import private_storage


class Command(BaseCommand):
    help = (
        "Delete the applications and attachment files of funding rounds that closed more than "
        "N years ago (ZIB_GRANTS_RETENTION_YEARS, default 10). The rounds themselves stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--years", type=int, default=None, help="Retention in years.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be deleted."
        )

    def handle(self, *args, years=None, dry_run=False, **options):
        years = conf.retention_years() if years is None else years
        now = timezone.now()
        try:
            cutoff = now.replace(year=now.year - years)
        except ValueError:  # 29 February
            cutoff = now.replace(year=now.year - years, day=28)
        rounds = FundingRound.objects.closed_before(cutoff)
        applications = GrantApplication.objects.filter(funding_round__in=rounds)
        files = list(
            GrantAttachment.objects.filter(application__in=applications).values_list(
                "file", flat=True
            )
        )
        count = applications.count()
        for funding_round in rounds.filter(applications__isnull=False).distinct():
            self.stdout.write(
                f"{funding_round.title} (closed {funding_round.closes_at:%Y-%m-%d}): "
                f"{funding_round.applications.count()} applications"
            )
        if dry_run:
            self.stdout.write(f"Dry run: would delete {count} applications and {len(files)} files.")
            return
        with transaction.atomic():
            applications.delete()
            # Files go only once the rows are gone for good.
            transaction.on_commit(lambda: [private_storage.delete(name) for name in files])
        self.stdout.write(
            self.style.SUCCESS(f"Deleted {count} applications and {len(files)} files.")
        )
