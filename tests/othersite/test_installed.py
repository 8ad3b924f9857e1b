"""What runs here is the installed wheel, not the repository's source tree."""

import importlib
import importlib.util
import sys
import sysconfig
from pathlib import Path

import polib
import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.template import loader

REPOSITORY = Path(__file__).resolve().parents[2]
SITE_PACKAGES = Path(sysconfig.get_paths()["purelib"]).resolve()
#: Every app of the distribution, installed here or not.
APPS = [
    "zib_wagtail.core",
    "zib_wagtail.api",
    "zib_wagtail.webhooks",
    "zib_wagtail.caching",
    "zib_wagtail.ops",
    "home",
    "projects",
    "grants",
    "search",
]


def installed_folder(name):
    return Path(importlib.import_module(name).__file__).resolve().parent


def test_the_apps_come_from_the_virtualenvs_site_packages():
    assert Path(sys.prefix).resolve() != Path(sys.base_prefix).resolve(), "not in a virtualenv"
    for name in APPS:
        assert installed_folder(name).is_relative_to(SITE_PACKAGES), name
    assert not SITE_PACKAGES.is_relative_to(REPOSITORY)


def test_the_repository_is_not_importable():
    entries = {Path(entry or ".").resolve() for entry in sys.path}
    assert REPOSITORY not in entries
    assert not any(path.name == "__editable__" for path in entries)
    # The repository's test package (builders, fixtures) is out of reach.
    spec = importlib.util.find_spec("tests")
    assert spec is None or not Path(spec.origin).resolve().is_relative_to(REPOSITORY)


#: The apps with an interface catalogue (zib_wagtail.ops has no translatable strings yet).
APPS_WITH_CATALOGUES = [app for app in APPS if app != "zib_wagtail.ops"]
TOP_LEVEL_PACKAGES = ["zib_wagtail", "home", "projects", "grants", "search"]


@pytest.mark.parametrize("app", APPS_WITH_CATALOGUES)
def test_each_app_ships_an_english_catalogue(app):
    assert (installed_folder(app) / "locale" / "en" / "LC_MESSAGES" / "django.mo").is_file()


def test_every_catalogue_is_compiled_into_the_wheel():
    catalogues = [
        po_path
        for package in TOP_LEVEL_PACKAGES
        for po_path in installed_folder(package).glob("**/locale/*/LC_MESSAGES/*.po")
    ]
    assert len(catalogues) >= len(APPS_WITH_CATALOGUES)
    for po_path in catalogues:
        mo_path = po_path.with_suffix(".mo")
        assert mo_path.is_file(), mo_path
        translated = {entry.msgid for entry in polib.pofile(str(po_path)).translated_entries()}
        compiled = {entry.msgid for entry in polib.mofile(str(mo_path)) if entry.msgid}
        assert compiled == translated, po_path


def test_templates_and_static_files_come_from_the_wheel():
    for name in (
        "zib_core/blocks/heading_block.html",
        "zib_core/standard_page.html",
        "projects/project_page.html",
        "grants/grant_application_page.html",
        "search/search.html",
    ):
        origin = Path(loader.get_template(name).origin.name).resolve()
        assert origin.is_relative_to(SITE_PACKAGES), name
    for name in ("zib_core/css/site.css", "grants/css/grants.css", "grants/js/grants.js"):
        assert Path(finders.find(name)).resolve().is_relative_to(SITE_PACKAGES), name


def test_the_system_checks_pass_and_no_migration_is_missing(db):
    call_command("check", fail_level="WARNING")
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
