from django.core.management.base import BaseCommand

from grants import conf, files


def report(command, result, dry_run):
    """What a sweep did (or, in a dry run, would do), one line per file, then the counts."""
    verb = "Would delete" if dry_run else "Deleted"
    for name in result.orphans:
        command.stdout.write(f"{verb} orphaned file {name}")
    for name in result.tightened:
        command.stdout.write(f"{'Would tighten' if dry_run else 'Tightened'} permissions of {name}")
    summary = (
        f"{verb} {len(result.orphans)} orphaned files; kept {len(result.young)} unreferenced "
        f"files younger than the minimum age; permissions of {len(result.tightened)} files and "
        "folders tightened" + (" (dry run)." if dry_run else ".")
    )
    command.stdout.write(summary if dry_run else command.style.SUCCESS(summary))


class Command(BaseCommand):
    help = (
        "Delete files in the grants' private storage (ZIB_GRANTS_PRIVATE_ROOT) that no row "
        "references and that are older than ZIB_GRANTS_ORPHAN_MIN_AGE seconds (default one "
        "hour), and tighten the permissions of the rest (ZIB_GRANTS_FILE_PERMISSIONS, "
        "ZIB_GRANTS_DIRECTORY_PERMISSIONS). Run it regularly, e.g. hourly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-age",
            type=int,
            default=None,
            help=f"Seconds an unreferenced file must be old (default {conf.orphan_min_age()}).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Only list what would be deleted."
        )

    def handle(self, *args, min_age=None, dry_run=False, **options):
        report(self, files.sweep(min_age=min_age, dry_run=dry_run), dry_run)
