"""Interface translations (German source, English catalogue) and the demo loader's idempotency."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page

PROJECT_DIR = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    [
        *PROJECT_DIR.glob("*/locale/en/LC_MESSAGES/django.po"),
        *PROJECT_DIR.glob("zib_wagtail/*/locale/en/LC_MESSAGES/django.po"),
    ]
)


def _app_folder(path):
    return "/".join(
        path.relative_to(PROJECT_DIR).parts[: path.parts.index("locale") - len(PROJECT_DIR.parts)]
    )


def test_every_app_has_an_english_catalogue():
    apps = {_app_folder(path) for path in CATALOGUES}
    assert apps >= {
        "home",
        "projects",
        "grants",
        "search",
        "zib_wagtail",
        "zib_wagtail/core",
        "zib_wagtail/api",
        "zib_wagtail/webhooks",
    }


@pytest.mark.parametrize("path", CATALOGUES, ids=_app_folder)
def test_catalogue_is_complete_and_not_fuzzy(path):
    catalogue = polib.pofile(str(path))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_compile_translations_needs_no_msgfmt(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no msgfmt (or anything else) on the PATH
    out = StringIO()
    call_command("compile_translations", "--force", stdout=out)

    assert f"Compiled {len(CATALOGUES)} translation catalogue(s)." in out.getvalue()
    for path in CATALOGUES:
        assert path.with_suffix(".mo").exists()
    with translation.override("en"):
        assert translation.gettext("Zum Inhalt springen") == "Skip to content"
        assert translation.gettext("Antrag verbindlich absenden") == "Submit application (binding)"


@pytest.mark.django_db
def test_demo_translations_are_created_once_and_editors_changes_survive(demo_site):
    about_en = Page.objects.get(url_path="/home-1/about-the-zib/").specific
    about_en.title = "About us"
    about_en.save_revision().publish()
    pages_before = Page.objects.count()

    out = StringIO()
    call_command("load_zib_content", stdout=out)

    assert "nothing changed" in out.getvalue()
    assert Page.objects.count() == pages_before
    assert Page.objects.get(pk=about_en.pk).title == "About us"
