"""Search in each language: the visitor's language plus marked German fallbacks, Arabic words with
and without their article, and on PostgreSQL each language stemmed by its own configuration."""

import re

import pytest
from wagtail.models import Locale, Page
from wagtail.search.backends import get_search_backend

from search.backends.database import config_for_language
from tests.search.helpers import result_urls
from zib_wagtail.core.models import StandardPage


def translation(slug, language):
    page = Page.objects.get(slug=slug, locale__language_code="de", depth=3)
    return page.get_translation(Locale.objects.get(language_code=language)).specific


def search(client, language, query):
    response = client.get(f"/{language}/suche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def result_items(html):
    """(li attributes, href) of each result."""
    return re.findall(
        r'<li class="search-result"([^>]*)>\s*<h3 class="search-result__title"><a href="([^"]+)"',
        html,
    )


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("منحة", "zuschuesse"),  # a grant: the application page says „منحة“ and „المنحة“
        ("اتصال", "kontakt"),  # contact: the page's title is „الاتصال“
    ],
)
def test_arabic_words_find_the_arabic_pages(client, demo_home, query, slug):
    """The first result is the section's page or one below it („المنح“, the grants overview,
    is a broken plural that no search matches to „منحة“)."""
    urls = result_urls(search(client, "ar", query))
    assert urls and urls[0].startswith(translation(slug, "ar").url)
    assert all(url.startswith("/ar/") for url in urls)


def test_an_untranslated_german_page_is_found_in_english_marked_as_german(
    client, demo_home, add_page
):
    german_only = add_page("Merkblatt", intro="Das Wort Quellenangabe steht nur hier.")
    html = search(client, "en", "Quellenangabe")
    assert result_items(html) == [(' lang="de" dir="ltr"', german_only.url)]


def test_a_translated_page_is_found_in_the_visitors_language_only(client, demo_home):
    english = translation("ueber-das-zib", "en")
    english.intro = "The office works on the word Quellenangabe too."
    english.save_revision().publish()
    german = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    german.specific.intro = "Das Büro arbeitet auch an der Quellenangabe."
    german.specific.save_revision().publish()
    html = search(client, "en", "Quellenangabe")
    assert result_items(html) == [("", english.url)]


def test_the_german_search_lists_no_other_language(client, demo_home):
    english = translation("ueber-das-zib", "en")
    english.intro = "Quellenangabe"
    english.save_revision().publish()
    response = client.get("/suche/", {"q": "Quellenangabe"})
    assert english.url not in result_urls(response.content.decode())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("language", "config"),
    [("de", "german"), ("en", "english"), ("tr", "turkish"), ("ru", "russian"), ("uk", "simple")],
)
def test_each_language_has_its_postgres_configuration(language, config):
    assert config_for_language(language) == config


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("language", "word", "query"),
    [
        ("en", "study", "studies"),  # English stems both to „studi“; German does not
        ("ru", "грант", "гранты"),  # Russian stems the plural; German leaves Cyrillic alone
    ],
)
def test_postgres_stems_each_language_with_its_own_configuration(
    client, demo_home, language, word, query
):
    page = translation("ueber-das-zib", language)
    page.intro = f"… {word} …"
    page.save_revision().publish()
    assert page.url in result_urls(search(client, language, query))


@pytest.mark.postgres
def test_postgres_indexes_each_page_with_its_languages_configuration(demo_home):
    """The English page's index entry holds English stems, the German page's German ones."""
    from modelsearch.index import get_indexed_models  # noqa: F401 (the index is loaded)

    english = translation("ueber-das-zib", "en")
    english.intro = "studies"
    english.save_revision().publish()
    found = get_search_backend().search("study", StandardPage.objects.filter(pk=english.pk))
    assert [page.pk for page in found] == [english.pk]
