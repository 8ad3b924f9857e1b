"""Six content languages: locales, language switcher, hreflang, lang/dir, sitemap, API v2."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, Translation

from home.models import HomePage
from tests.builders import soup
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

LANGUAGES = {
    "de": "Deutsch",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "uk": "Українська",
    "ru": "Русский",
}


def test_six_content_languages_named_in_their_own_language():
    assert dict(settings.WAGTAIL_CONTENT_LANGUAGES) == LANGUAGES
    assert dict(settings.LANGUAGES) == LANGUAGES
    assert [code for code, _name in settings.WAGTAILADMIN_PERMITTED_LANGUAGES] == ["de", "en"]


def test_a_locale_exists_for_every_language_without_the_demo_content():
    assert set(Locale.objects.values_list("language_code", flat=True)) >= set(LANGUAGES)


def german_only_page(home, show_in_menus=False):
    """A published German page without translations (the demo translates every page)."""
    page = StandardPage(
        title="Nur auf Deutsch", slug="nur-auf-deutsch", show_in_menus=show_in_menus
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def switcher(response):
    links = soup(response).select(".language-switcher a")
    return {link["lang"]: link for link in links}


def test_switcher_links_the_translations_and_falls_back_to_each_home_page(client, module_demo_site):
    links = switcher(client.get("/ueber-das-zib/"))

    assert links["de"]["href"] == "/ueber-das-zib/"
    assert links["de"]["aria-current"] == "true"
    assert links["en"]["href"] == "/en/about-the-zib/"
    assert links["ar"]["href"] == "/ar/about-the-zib/"
    assert links["ar"]["dir"] == "rtl"
    assert links["tr"]["href"] == "/tr/about-the-zib/"
    assert {code: link.get_text() for code, link in links.items()} == LANGUAGES
    # A page without translations: each language's home page.
    german_only_page(module_demo_site)
    links = switcher(client.get("/nur-auf-deutsch/"))
    assert links["ar"]["href"] == "/ar/"
    assert links["ru"]["href"] == "/ru/"


def test_switcher_on_views_outside_the_page_tree(client, module_demo_site):
    links = switcher(client.get("/en/suche/", {"q": "ZIB"}))

    assert links["de"]["href"] == "/suche/"
    assert links["ar"]["href"] == "/ar/suche/"
    assert links["en"]["aria-current"] == "true"


def test_hreflang_alternates_and_x_default_in_the_head(client, module_demo_site):
    html = soup(client.get("/en/about-the-zib/"))

    alternates = {
        link["hreflang"]: link["href"] for link in html.select("head link[rel=alternate]")
    }
    assert alternates == {
        "de": "http://localhost/ueber-das-zib/",
        **{
            code: f"http://localhost/{code}/about-the-zib/"
            for code in ("en", "ar", "tr", "uk", "ru")
        },
        "x-default": "http://localhost/ueber-das-zib/",
    }


@pytest.mark.parametrize(
    ("url", "lang", "direction"),
    [
        ("/", "de", "ltr"),
        ("/en/", "en", "ltr"),
        ("/ar/", "ar", "rtl"),
        ("/ar/grants/", "ar", "rtl"),
    ],
)
def test_lang_and_dir_follow_the_page_language(client, module_demo_site, url, lang, direction):
    html = soup(client.get(url))

    assert html.html["lang"] == lang
    assert html.html["dir"] == direction


def test_english_pages_have_english_interface_and_navigation(client, module_demo_site):
    german_only_page(module_demo_site, show_in_menus=True)
    response = client.get("/en/")
    html = soup(response)

    assert html.select_one(".skip-link").get_text() == "Skip to content"
    assert html.select_one(".main-nav")["aria-label"] == "Main navigation"
    menu = {a.get_text(): a["href"] for a in html.select(".main-nav a")}
    assert menu["About the ZIB"] == "/en/about-the-zib/"
    assert menu["Projects"] == "/en/projects/"
    assert menu["Grants"] == "/en/grants/"
    assert menu["Integration Council"] == "/en/integration-council/"
    # Pages without an English version stay in the menu, in German and marked as German.
    german = html.select_one('.main-nav a[href="/nur-auf-deutsch/"]')
    assert german["lang"] == "de"
    # Featured projects and the grants teaser link to the English pages.
    assert html.select_one('a[href="/en/projects/bildungswerkstatt/"]') is not None
    assert html.select_one('.teaser a[href="/en/grants/"]') is not None
    footer_links = {a.get_text() for a in html.select(".site-footer__links a")}
    assert "Sitemap (XML)" in footer_links


def test_arabic_home_marks_german_fallbacks(client, module_demo_site):
    german_only_page(module_demo_site, show_in_menus=True)
    html = soup(client.get("/ar/"))

    assert html.select_one("h1").get_text() == "مكتب الهجرة والاندماج"
    german = html.select_one('.main-nav a[href="/nur-auf-deutsch/"]')
    assert (german["lang"], german["dir"]) == ("de", "ltr")
    grants = html.select_one('.main-nav a[href="/ar/grants/"]')
    assert "lang" not in grants.attrs
    # The projects have Arabic versions: the cards are Arabic.
    card = html.select_one(".project-card")
    assert "lang" not in card.attrs


def test_easy_language_page_is_linked_from_the_header(client, module_demo_site):
    for url in ("/", "/en/", "/ar/"):
        link = soup(client.get(url)).select_one(".easy-language-link")
        assert link["href"] == "/leichte-sprache/"
        assert link.get_text(strip=True) == "Leichte Sprache"
        assert link["lang"] == "de"


def test_sitemap_lists_every_language_with_alternates(client, module_demo_site):
    xml = client.get("/sitemap.xml").content.decode()

    urls = re.findall(r"<url>(.*?)</url>", xml)
    by_loc = {re.search(r"<loc>(.*?)</loc>", url).group(1): url for url in urls}
    assert {"http://localhost/en/", "http://localhost/ar/grants/"} <= set(by_loc)
    grants = by_loc["http://localhost/ar/grants/"]
    for lang, href in [
        ("de", "http://localhost/zuschuesse/"),
        ("en", "http://localhost/en/grants/"),
        ("ar", "http://localhost/ar/grants/"),
        ("x-default", "http://localhost/zuschuesse/"),
    ]:
        assert f'hreflang="{lang}" href="{href}"' in grants
    assert (
        'hreflang="tr" href="http://localhost/tr/legal-notice/"'
        in by_loc["http://localhost/impressum/"]
    )


def test_api_v2_filters_pages_by_locale_and_finds_translations(client, module_demo_site):
    english = client.get("/api/v2/pages/", {"locale": "en", "limit": 20}).json()
    urls = {item["meta"]["html_url"] for item in english["items"]}
    assert "http://localhost/en/about-the-zib/" in urls
    assert all(url.startswith("http://localhost/en/") for url in urls)

    about = Page.objects.get(url_path="/home/ueber-das-zib/")
    translations = client.get("/api/v2/pages/", {"translation_of": about.pk}).json()
    assert sorted(item["meta"]["html_url"] for item in translations["items"]) == sorted(
        f"http://localhost/{code}/about-the-zib/" for code in ("en", "ar", "tr", "uk", "ru")
    )


def test_demo_translations_translate_every_text_segment(module_demo_site):
    """Nothing German is left in the demo translations (wagtail-localize's fallback unused)."""
    untranslated = [
        (translation.target_locale.language_code, segment.string.data)
        for translation in Translation.objects.select_related("source", "target_locale")
        for segment in StringSegment.objects.filter(source=translation.source).select_related(
            "string"
        )
        if not StringTranslation.objects.filter(
            translation_of=segment.string,
            locale=translation.target_locale,
            context=segment.context,
        ).exists()
    ]
    assert untranslated == []
    # Every German page below the site root has a live translation in every other language
    # (tests/i18n/test_demo_languages.py checks each page's segments).
    german = Page.objects.live().filter(locale__language_code="de", depth__gte=2)
    for code in ("en", "ar", "tr", "uk", "ru"):
        translated = Page.objects.live().filter(locale__language_code=code, depth__gte=2)
        assert set(translated.values_list("translation_key", flat=True)) == set(
            german.values_list("translation_key", flat=True)
        ), code


def test_english_project_uses_english_topics_and_district(client, module_demo_site):
    html = soup(client.get("/en/projects/bildungswerkstatt/"))
    facts = html.select_one(".facts").get_text(" ", strip=True)

    assert "Education" in facts and "Malstatt" in facts and "Bildung" not in facts


def test_arabic_grants_page_links_to_the_arabic_form(client, module_demo_site):
    html = soup(client.get("/ar/grants/"))

    assert html.select_one('.grants-round-box a[href="/ar/grants/application/"]') is not None


def test_editor_translates_a_page_in_the_admin(client, module_demo_site, admin_user):
    client.force_login(admin_user)
    council = german_only_page(module_demo_site)
    url = reverse("wagtail_localize:submit_page_translation", args=[council.pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"locales": [Locale.objects.get(language_code="tr").pk]})

    assert response.status_code == 302
    translated = council.get_translation(Locale.objects.get(language_code="tr"))
    assert translated.get_parent().specific_class is HomePage
    assert Translation.objects.filter(
        source__object_id=council.translation_key, target_locale__language_code="tr"
    ).exists()
