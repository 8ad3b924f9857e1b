"""Interface translations (German source, a catalogue per other language) and the demo loader's
idempotency."""

from io import StringIO
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page

PROJECT_DIR = Path(__file__).resolve().parents[2]
CATALOGUE_PATTERNS = (
    "*/locale/{}/LC_MESSAGES/django.po",
    "zib_wagtail/*/locale/{}/LC_MESSAGES/django.po",
)
# Every language of the site except German (the source). A language's catalogue is checked as soon
# as its folder exists; English must exist for every app (below).
CATALOGUES = sorted(
    path
    for code, _name in settings.LANGUAGES
    if code != "de"
    for pattern in CATALOGUE_PATTERNS
    for path in PROJECT_DIR.glob(pattern.format(code))
)


def _app_folder(path):
    return "/".join(
        path.relative_to(PROJECT_DIR).parts[: path.parts.index("locale") - len(PROJECT_DIR.parts)]
    )


def _language(path):
    return path.parts[path.parts.index("locale") + 1]


def _catalogue_id(path):
    return f"{_app_folder(path)}-{_language(path)}"


def test_every_app_has_an_english_catalogue():
    apps = {_app_folder(path) for path in CATALOGUES if _language(path) == "en"}
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


@pytest.mark.parametrize("path", CATALOGUES, ids=_catalogue_id)
def test_catalogue_is_complete_and_not_fuzzy(path):
    catalogue = polib.pofile(str(path))

    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert catalogue.percent_translated() == 100


def test_compile_translations_needs_no_msgfmt(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no msgfmt (or anything else) on the PATH
    out = StringIO()
    call_command("compile_translations", "--force", stdout=out)

    every_catalogue = [
        path for pattern in CATALOGUE_PATTERNS for path in PROJECT_DIR.glob(pattern.format("*"))
    ]
    assert f"Compiled {len(every_catalogue)} translation catalogue(s)." in out.getvalue()
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


@pytest.mark.parametrize(
    ("language", "round_closed", "project_completed", "address_city", "project_place"),
    [
        ("en", "Closed", "Completed", "Town", "Place"),
        ("ru", "Закрыт", "Завершен", "Город", "Место"),
    ],
)
def test_one_german_word_with_two_meanings_is_translated_by_its_context(
    language, round_closed, project_completed, address_city, project_place
):
    """„Abgeschlossen“ (a closed round, a completed project) and „Ort“ (an address's town, a
    project's place) carry a msgctxt, so that each app's translation is the one shown."""
    from django.utils import translation

    from grants.models import GrantApplication, RoundState
    from projects.models import ProjectPage, ProjectStatus
    from zib_wagtail.core.models import OfficeSettings

    with translation.override(language):
        assert str(RoundState.CLOSED.label) == round_closed
        assert str(ProjectStatus.COMPLETED.label) == project_completed
        assert str(OfficeSettings._meta.get_field("city").verbose_name) == address_city
        assert str(GrantApplication._meta.get_field("city").verbose_name) == address_city
        assert str(ProjectPage._meta.get_field("location").verbose_name) == project_place
