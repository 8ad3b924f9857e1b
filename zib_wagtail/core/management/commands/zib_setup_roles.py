from django.core.management.base import BaseCommand

from zib_wagtail.core.roles import GLOBAL_PERMISSIONS, WORKFLOW_NAME, setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the editorial roles (groups Redaktion, Freigabe, "
        "Zuschüsse-Sachbearbeitung, Zuschüsse-Leitung, Zuschüsse-Begutachtung, Übersetzung) "
        "and the workflow „Redaktion → Freigabe“ on the root page. Idempotent; opt-in site policy "
        "(docs/redaktion.md)."
    )

    def handle(self, *args, **options):
        setup_roles()
        if options["verbosity"]:
            groups = ", ".join(GLOBAL_PERMISSIONS)
            self.stdout.write(f"Roles up to date: {groups}; workflow „{WORKFLOW_NAME}“.")
