"""Compile the project's gettext catalogues (.po → .mo) without GNU gettext's msgfmt.

`make run` and `make test` call it, so a fresh clone needs no system package for translations.
Compiles every `locale/<lang>/LC_MESSAGES/*.po` below the apps of this project (those that live
in the project folder, not in site-packages) and below LOCALE_PATHS; a .mo newer than its .po is
left alone. Fuzzy entries are skipped, as msgfmt does.
"""

from pathlib import Path

import polib
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand


def catalogue_dirs():
    """The locale folders of the project's own apps and of LOCALE_PATHS."""
    base = Path(getattr(settings, "BASE_DIR", Path.cwd())).resolve()
    folders = {Path(path).resolve() for path in settings.LOCALE_PATHS}
    for app_config in apps.get_app_configs():
        folder = Path(app_config.path).resolve() / "locale"
        if folder.is_relative_to(base) and ".venv" not in folder.parts:
            folders.add(folder)
    return sorted(folder for folder in folders if folder.is_dir())


class Command(BaseCommand):
    help = "Compile the project's .po translation files to .mo (no msgfmt needed)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Recompile every catalogue.")

    def handle(self, *args, force=False, **options):
        compiled = 0
        for folder in catalogue_dirs():
            for po_path in sorted(folder.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if (
                    not force
                    and mo_path.exists()
                    and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                ):
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {po_path}")
        self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
