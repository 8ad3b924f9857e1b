from django.core.management import call_command
from django.core.management.base import BaseCommand

from zib_wagtail.demo import grants, grants_translations, home, home_translations, search

#: In order: the German pages and data first, then their translations.
LOADERS = (home, grants, search, home_translations, grants_translations)


class Command(BaseCommand):
    help = (
        "Load the demo content of the ZIB site (built from the office's public page). "
        "Idempotent: creates only what is missing and never overwrites editors' changes."
    )

    def handle(self, *args, **options):
        created = []
        call_command("zib_setup_locales", verbosity=0)
        for loader in LOADERS:
            created.extend(loader.load().created)
        if created:
            for label in created:
                self.stdout.write(f"created {label}")
            call_command("update_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({len(created)} objects)."))
        else:
            self.stdout.write("Demo content is already complete; nothing changed.")
