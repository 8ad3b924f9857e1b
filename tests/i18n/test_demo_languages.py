"""The demo content in all six languages: every listed page and snippet is a wagtail-localize
translation of the German source, with every text segment translated, and /tr/, /uk/, /ru/
serve pages of their own."""

import pytest
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from tests.builders import soup
from zib_wagtail.core.models import District, Partner, Topic
from zib_wagtail.demo.languages import STRINGS
from zib_wagtail.demo.languages.common import KEEP
from zib_wagtail.demo.languages.german import GERMAN

pytestmark = pytest.mark.django_db

#: Every language but German; each must have the whole demo.
TRANSLATED = ["en", "ar", "tr", "uk", "ru"]

#: The German pages (url_path) every language must have as a translation.
PAGES = [
    "/home/",
    "/home/ueber-das-zib/",
    "/home/projekte/",
    "/home/projekte/patchworkcity/",
    "/home/projekte/bildungswerkstatt/",
    "/home/projekte/haus-des-ankommens/",
    "/home/projekte/integrationskonzept/",
    "/home/zuschuesse/",
    "/home/zuschuesse/antrag/",
    "/home/zuschuesse/hilfe-zum-antrag/",
    "/home/integrationsbeirat/",
    "/home/kontakt/",
    "/home/leichte-sprache/",
    "/home/impressum/",
    "/home/datenschutz/",
    "/home/barrierefreiheit/",
]

GAPS = {
    "en": "[to be completed by the editorial team]",
    "ar": "[يُستكمل من قِبل فريق التحرير]",
    "tr": "[editör ekibi tarafından tamamlanacak]",
    "uk": "[буде доповнено редакцією]",
    "ru": "[будет дополнено редакцией]",
}
GERMAN_GAP = "[von der Redaktion zu ergänzen]"

#: Words that are the same in German and the language (not left untranslated).
SAME_WORD = {"en": {"Downloads"}}


def untranslated_segments(instance, locale):
    """German segments of the instance's translation source without a translation in locale,
    or whose translation is the German text (proper names and slugs in KEEP excepted)."""
    source = TranslationSource.objects.get_for_instance(instance)
    missing = []
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        german = segment.string.data
        translation = StringTranslation.objects.filter(
            translation_of=segment.string, locale=locale, context=segment.context
        ).first()
        same = german in KEEP or german in SAME_WORD.get(locale.language_code, ())
        if translation is None or (translation.data == german and not same):
            missing.append(german)
    return missing


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_listed_page_is_a_complete_synced_translation(module_demo_site, language):
    locale = Locale.objects.get(language_code=language)
    problems = []
    for url_path in PAGES:
        german = Page.objects.get(url_path=url_path).specific
        translated = german.get_translation_or_none(locale)
        if translated is None or not translated.live:
            problems.append((url_path, "no live translation"))
            continue
        source = TranslationSource.objects.get_for_instance(german)
        if not Translation.objects.filter(source=source, target_locale=locale).exists():
            problems.append((url_path, "not a wagtail-localize translation"))
        problems += [(url_path, text) for text in untranslated_segments(german, locale)]
    assert problems == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_snippets_are_translated(module_demo_site, language):
    locale = Locale.objects.get(language_code=language)
    default = Locale.get_default()
    problems = []
    for model in (Topic, District, Partner):
        for german in model.objects.filter(locale=default):
            translated = german.get_translation_or_none(locale)
            if translated is None:
                problems.append((german.name, "no translation"))
                continue
            problems += [(german.name, text) for text in untranslated_segments(german, locale)]
    assert problems == []
    malstatt = District.objects.get(slug="malstatt", locale=locale)
    assert malstatt.name == "Malstatt"  # a proper name stays


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_translation_memory_covers_every_german_segment(language):
    """Fails before any page is loaded when a German segment has no translation in a language."""
    assert [key for key, german in GERMAN.items() if german not in STRINGS[language]] == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_gap_markers_are_kept_in_the_language(client, module_demo_site, language):
    locale = Locale.objects.get(language_code=language)
    for url_path in ("/home/impressum/", "/home/datenschutz/", "/home/barrierefreiheit/"):
        page = Page.objects.get(url_path=url_path).get_translation(locale)
        main = soup(client.get(page.url)).select_one("main")
        assert GAPS[language] in main.get_text(" "), (language, url_path)
        # The office's opening hours (a gap in OfficeSettings, not translatable) stay German,
        # marked as such.
        for german in main.select('[lang="de"]'):
            german.decompose()
        assert GERMAN_GAP not in main.get_text(" "), (language, url_path)


@pytest.mark.parametrize("language", ["tr", "uk", "ru"])
def test_home_is_served_in_the_language_with_menu_links_in_it(client, module_demo_site, language):
    response = client.get(f"/{language}/")
    html = soup(response)

    assert response.status_code == 200
    assert html.html["lang"] == language
    assert html.select_one(".fallback-notice") is None
    assert "lang" not in html.select_one("main .main-content").attrs
    menu = html.select(".main-nav a")
    assert len(menu) >= 5
    for link in menu:
        assert link["href"].startswith(f"/{language}/"), link
        assert "lang" not in link.attrs, link
    for url in {link["href"] for link in menu}:
        page = soup(client.get(url))
        assert page.html["lang"] == language, url
        assert page.select_one(".fallback-notice") is None, url
