"""The admin addresses editors formally („Sie“), also where Wagtail's German catalogue says „du“.

zib_wagtail/core/locale/de/LC_MESSAGES/django.po overrides those of Wagtail's messages: the core
app comes before Wagtail's apps in INSTALLED_APPS, so its translation wins.
"""

import json
import re
from pathlib import Path

import polib
import pytest
import wagtail
import wagtail_localize
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests import builders
from zib_wagtail.core.models import StandardPage

OVERRIDES = Path(apps.get_app_config("zib_core").path) / "locale/de/LC_MESSAGES/django.po"

#: The informal address: pronouns, and the informal imperatives Wagtail's translators used.
INFORMAL_PRONOUNS = re.compile(r"\b(du|dich|dir|dein\w*|euch|euer|eure\w*)\b", re.IGNORECASE)
INFORMAL_IMPERATIVES = re.compile(
    r"\b(Wähle|Beachte|Füge|Markiere|Bearbeite|Lösche|Sortiere|Halte|Synchronisi?ere|Übersetze"
    r"|Gib|Klicke|Versuche)\b(?!\s+Sie\b)"
)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def shows(html, text):
    """Whether the admin's HTML shows the text, also inside the JSON of its block definitions
    (where „ü“ is written `\\u00fc`)."""
    return text in html or json.dumps(text)[1:-1] in html


def informal(text):
    return bool(INFORMAL_PRONOUNS.search(text) or INFORMAL_IMPERATIVES.search(text))


def wagtail_catalogues():
    """The German `django` catalogues of Wagtail (with its contrib apps) and wagtail-localize."""
    folders = [Path(wagtail.__file__).parent, Path(wagtail_localize.__file__).parent]
    return sorted(
        path for folder in folders for path in folder.glob("**/locale/de/LC_MESSAGES/django.po")
    )


def wagtail_entries():
    return {
        (entry.msgctxt, entry.msgid): entry
        for path in wagtail_catalogues()
        for entry in polib.pofile(str(path))
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }


# --- The catalogue ------------------------------------------------------------------------------


def test_the_override_catalogue_is_formal_and_keeps_wagtails_placeholders():
    overrides = polib.pofile(str(OVERRIDES))
    originals = wagtail_entries()
    assert len(overrides) >= 10
    for entry in overrides:
        original = originals.get((entry.msgctxt, entry.msgid))
        assert original is not None, f"not a message of Wagtail's: {entry.msgid!r}"
        # „Wording:“ entries replace a German word editors do not use („Locale“), not a „du“.
        if not entry.comment.startswith("Wording:"):
            assert informal(original.msgstr), (
                f"Wagtail's own translation is formal: {entry.msgid!r}"
            )
        texts = [entry.msgstr, *entry.msgstr_plural.values()]
        assert all(texts) and len(entry.msgstr_plural) == len(original.msgstr_plural)
        for text in texts:
            assert not informal(text), text
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid))


def test_no_message_of_wagtail_says_du_to_an_editor():
    """Every message of Wagtail's German catalogues with „du“, „dein“, „dir“ … is overridden;
    fails when a Wagtail upgrade brings a new one (add it to the override catalogue)."""
    with_pronouns = [
        entry for entry in wagtail_entries().values() if INFORMAL_PRONOUNS.search(entry.msgstr)
    ]
    assert with_pronouns, "the check found nothing to check"
    with translation.override("de"):
        for entry in with_pronouns:
            if entry.msgctxt:
                shown = translation.pgettext(entry.msgctxt, entry.msgid)
            else:
                shown = translation.gettext(entry.msgid)
            assert shown != entry.msgstr and not informal(shown), (entry.msgid, shown)


def test_every_override_is_what_django_shows():
    with translation.override("de"):
        for entry in polib.pofile(str(OVERRIDES)):
            assert translation.gettext(entry.msgid) == entry.msgstr


# --- Rendered in the admin ----------------------------------------------------------------------


def page_with_image_block(parent, image):
    """Editor POST data: a content page whose „Bild“ block has neither alt text nor „dekorativ“."""
    return nested_form_data(
        {
            "title": "Über das ZIB",
            "slug": "ueber-das-zib",
            "intro": "Kurz.",
            "body": streamfield(
                [("image", {"image": {"image": str(image.pk), "alt_text": ""}, "caption": ""})]
            ),
            "comments": inline_formset([]),
        }
    )


@pytest.mark.django_db
def test_the_editor_speaks_formally(client, redakteurin, home_page):
    page = StandardPage(title="Kontakt", slug="kontakt")
    home_page.add_child(instance=page)
    client.force_login(redakteurin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = builders.page_text(response)
    assert response.status_code == 200
    title = builders.soup(response).title.get_text()
    assert title.startswith("Inhaltsseite bearbeiten"), title
    # The „Privatsphäre ändern“ dialog of the status side panel.
    assert shows(html, "Wählen Sie aus, wer die Live-Version der Seite sehen darf")
    assert not shows(html, "Bearbeite Inhaltsseite") and not shows(html, "Wähle aus, wer")


@pytest.mark.django_db
def test_the_refused_submission_asks_formally_for_alt_text(client, redakteurin, home_page):
    image = builders.make_image()
    client.force_login(redakteurin)
    url = reverse("wagtailadmin_pages:add", args=["zib_core", "standardpage", home_page.pk])
    data = page_with_image_block(home_page, image) | {"action-submit": "1"}
    response = client.post(url, data)
    assert response.status_code == 200  # refused: the editor again, with the error
    html = builders.page_text(response)
    formal = (
        "Bitte fügen Sie einen Alternativtext für Ihr Bild hinzu oder markieren Sie es als "
        "dekorativ"
    )
    assert shows(html, formal)
    assert not shows(html, "für dein Bild") and not shows(html, "markiere es")


@pytest.mark.django_db
def test_moving_several_pages_asks_formally_for_the_new_parent(client, freigeber, home_page):
    pages = []
    for title in ("Impressum", "Datenschutz"):
        pages.append(StandardPage(title=title, slug=title.lower()))
        home_page.add_child(instance=pages[-1])
    client.force_login(freigeber)
    url = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "move"])
    response = client.get(url, {"id": [page.pk for page in pages]})
    assert response.status_code == 200
    html = builders.page_text(response)
    assert shows(html, "Wählen Sie eine neue übergeordnete Seite aus")
    assert not shows(html, "Wähle eine neue")


@pytest.mark.django_db
def test_listings_offer_sorting_formally(client, redakteurin, home_page):
    """The page tree's column headers (their tooltips say what a click sorts)."""
    home_page.add_child(instance=StandardPage(title="Kontakt", slug="kontakt"))
    client.force_login(redakteurin)
    response = client.get(reverse("wagtailadmin_explore", args=[home_page.pk]))
    assert response.status_code == 200
    html = builders.page_text(response)
    parent = home_page.title
    assert (
        f"Die Unterseiten von '{parent}' nach 'Titel' in aufsteigender Reihenfolge sortieren"
        in (html)
    )
    assert "Sortiere" not in html
