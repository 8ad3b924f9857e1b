"""German word forms: „Zuschüsse“ finds „Zuschuss“.

PostgreSQL stems with its German text search configuration; SQLite matches the stem as a prefix
(search.backends.database). Both handle the common plural forms; only PostgreSQL handles forms
whose stem is too short or changes more („Ämter“ → „Amt“). See docs/search.md.
"""

import pytest
from wagtail.search.backends import get_search_backend

from tests.search.helpers import search_html

FORMS = [
    # (query, the only form on the page)
    ("Zuschüsse", "Zuschuss"),
    ("Zuschuss", "Zuschüsse"),
    ("Vereine", "Verein"),
    ("Verein", "Vereinen"),
    ("Projekte", "Projekt"),
    ("Projekt", "Projekten"),
    ("Anträge", "Antrag"),
    ("Städte", "Stadt"),
]


def page_with_word(add_page, word):
    return add_page("Merkblatt", intro=f"Hier steht nur ein Wort: {word}.", slug="merkblatt")


@pytest.mark.parametrize(("query", "word"), FORMS)
def test_inflected_forms_find_each_other(client, add_page, query, word):
    page_with_word(add_page, word)
    _response, html = search_html(client, query)
    assert 'href="/merkblatt/"' in html
    assert f"<mark>{word}</mark>" in html


def test_a_short_word_is_not_matched_as_a_prefix(client, add_page):
    add_page("Merkblatt", intro="Die Amtsblätter der Stadt.", slug="merkblatt")
    _response, html = search_html(client, "Amt")
    assert 'href="/merkblatt/"' not in html


@pytest.mark.postgres
def test_postgres_uses_the_german_configuration():
    assert get_search_backend().config == "german"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("query", "word"), [*FORMS, ("Ämter", "Amt"), ("Bücher", "Buch"), ("Häuser", "Haus")]
)
def test_postgres_stems_german_words(client, add_page, query, word):
    page_with_word(add_page, word)
    _response, html = search_html(client, query)
    assert 'href="/merkblatt/"' in html


@pytest.mark.postgres
def test_postgres_does_not_match_a_mere_prefix(client, add_page):
    add_page("Merkblatt", intro="Das Kostüm für das Fest.", slug="merkblatt")
    _response, html = search_html(client, "Kosten")
    assert 'href="/merkblatt/"' not in html
