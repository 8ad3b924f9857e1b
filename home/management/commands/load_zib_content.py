from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Load the demo content of the ZIB site (built from the office's public page). "
        "Idempotent: creates only what is missing and never overwrites editors' changes."
    )

    def handle(self, *args, **options):
        created = []
        # Every installed app may ship a `demo_content` module with a `load()` function, and a
        # `demo_translations` one that translates its pages once all German pages exist.
        for module in ("demo_content", "demo_translations"):
            for app_config in apps.get_app_configs():
                module_name = f"{app_config.name}.{module}"
                if find_spec(module_name) is None:
                    continue
                report = import_module(module_name).load()
                created.extend(report.created)
        if created:
            for label in created:
                self.stdout.write(f"created {label}")
            call_command("update_index", verbosity=0)
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded ({len(created)} objects)."))
        else:
            self.stdout.write("Demo content is already complete; nothing changed.")
