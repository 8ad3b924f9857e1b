"""The search page /suche/: results, labels, filters, pagination, empty states, popular queries."""

import json

import pytest
from wagtail.contrib.search_promotions.models import Query

from tests.search.helpers import result_count, result_urls, search_html


@pytest.mark.parametrize("path", ["/", "/projekte/", "/projekte/bildungswerkstatt/", "/suche/"])
def test_every_page_has_an_accessible_search_form_in_the_header(client, demo_home, path):
    html = client.get(path).content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'role="search"' in header
    assert 'action="/suche/"' in header and 'method="get"' in header
    assert (
        '<label class="visually-hidden" for="site-search-q">Website durchsuchen</label>' in header
    )
    assert 'id="site-search-q" name="q"' in header
    assert '<button class="site-search__button" type="submit">Suchen</button>' in header


def test_the_not_found_page_has_the_search_form_too(client, demo_home):
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert 'action="/suche/"' in response.content.decode()


def test_a_result_shows_title_type_label_and_highlighted_excerpt(client, demo_home):
    response, html = search_html(client, "Malstatt")
    assert response.status_code == 200
    assert result_urls(html)[0] == "/projekte/bildungswerkstatt/"
    hit = html.split('href="/projekte/bildungswerkstatt/">', 1)[1].split("</li>", 1)[0]
    assert hit.startswith("Bildungswerkstatt</a></h3>")
    assert '<p class="search-result__meta">Projekt</p>' in hit
    assert "Auf dem Kirchberg in <mark>Malstatt</mark> wird aktuell ein Bildungszentrum" in hit
    assert result_count(html) == 2
    assert "<title>Suche nach „Malstatt“ – ZIB Saarbrücken</title>" in html
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_title_match_ranks_first(client, demo_home):
    _response, html = search_html(client, "Integrationskonzept")
    assert result_urls(html)[0] == "/projekte/integrationskonzept/"


def test_a_faq_question_weighs_more_than_the_text(client, demo_home, add_page):
    """„Welche Unterlagen brauche ich?“ is asked on the grants page; „Hilfe zum Antrag“ names
    the application in its title but „Unterlagen“ only in its text."""
    _response, html = search_html(client, "Unterlagen Antrag")
    assert result_urls(html)[:2] == ["/zuschuesse/", "/zuschuesse/hilfe-zum-antrag/"]

    faq = [
        {
            "type": "faq",
            "value": {
                "heading": "",
                "items": [{"question": "Wo kann ich parken?", "answer": "<p>Im Hof.</p>"}],
            },
        }
    ]
    heading = [{"type": "heading", "value": {"text": "Parken im Hof", "level": "h2"}}]
    text = "<p>Parken ist im Hof möglich.</p>"
    add_page("Anfahrt", body_html=text, slug="anfahrt")
    asked = add_page("Besuch", slug="besuch")
    asked.body = json.dumps(faq)
    asked.save_revision().publish()
    titled = add_page("Gelände", slug="gelaende")
    titled.body = json.dumps(heading)
    titled.save_revision().publish()

    _response, html = search_html(client, "parken")
    first, second, third = result_urls(html)[:3]
    assert {first, second} == {"/gelaende/", "/besuch/"} and third == "/anfahrt/"


def test_results_can_be_filtered_by_page_type(client, demo_home):
    _response, html = search_html(client, "Malstatt")
    assert 'href="?q=Malstatt&amp;typ=projects.projectpage">Projekt' in html
    assert 'href="?q=Malstatt&amp;typ=zib_core.standardpage">Inhaltsseite' in html

    _response, html = search_html(client, "Malstatt", typ="projects.projectpage")
    assert result_urls(html) == ["/projekte/bildungswerkstatt/"]
    assert result_count(html) == 1
    assert 'typ=projects.projectpage" aria-current="true"' in html


def test_an_unknown_page_type_is_ignored(client, demo_home):
    response, html = search_html(client, "Malstatt", typ="<script>")
    assert response.status_code == 200
    assert result_count(html) == 2
    assert "<script>" not in html.split("<main", 1)[1]


def test_several_words_must_all_match(client, demo_home):
    _response, html = search_html(client, "Malstatt Bildungszentrum")
    assert result_urls(html)[0] == "/projekte/bildungswerkstatt/"
    assert "mindestens einen davon" not in html


def test_when_no_page_has_all_words_pages_with_any_are_shown_and_said_so(client, demo_home):
    _response, html = search_html(client, "Malstatt Fahrradwerkstatt")
    assert "/projekte/bildungswerkstatt/" in result_urls(html)
    assert "Keine Seite enthält alle Ihre Suchbegriffe." in html


@pytest.fixture
def many_pages(add_page, settings):
    """Seven matching pages, three to a results page."""
    settings.ZIB_SEARCH_RESULTS_PER_PAGE = 3
    return [
        add_page(f"Sprachcafé {number}", intro="Ein Sprachcafé im Stadtteil.")
        for number in range(1, 8)
    ]


def test_results_are_paginated_with_a_count(client, many_pages):
    _response, html = search_html(client, "Sprachcafé")
    assert result_count(html) == 7
    assert len(result_urls(html)) == 3
    assert 'aria-label="Seiten der Suchergebnisse"' in html
    assert 'href="?q=Sprachcaf%C3%A9&amp;seite=3"' in html

    _response, html = search_html(client, "Sprachcafé", seite="3")
    assert len(result_urls(html)) == 1
    assert '<ol class="search-results" start="7">' in html
    assert "Suche nach „Sprachcafé“ – Seite 3" in html


@pytest.mark.parametrize("number", ["4", "99", "999999999999999999999999", "0", "-1"])
def test_a_page_number_beyond_the_results_shows_the_last_page(client, many_pages, number):
    response, html = search_html(client, "Sprachcafé", seite=number)
    assert response.status_code == 200
    assert len(result_urls(html)) == 1
    assert "Diese Ergebnisseite gibt es nicht; angezeigt wird die letzte Seite." in html


@pytest.mark.parametrize("number", ["abc", "1.5", "1e3", "<b>", ""])
def test_a_page_number_that_is_no_number_shows_the_first_page(client, many_pages, number):
    response, html = search_html(client, "Sprachcafé", seite=number)
    assert response.status_code == 200
    assert len(result_urls(html)) == 3
    assert ('aria-current="page"><span class="visually-hidden">Seite </span>1<') in html
    if number:
        assert "Die Seitenzahl war ungültig; angezeigt wird die erste Seite." in html


def test_an_empty_query_asks_for_a_word_and_links_the_sections(client, demo_home):
    response = client.get("/suche/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie einen Suchbegriff ein" in html
    assert result_count(html) is None
    sections = html.split('id="search-sections-heading"', 1)[1].split("</nav>", 1)[0]
    for url in ["/", "/ueber-das-zib/", "/projekte/", "/integrationsbeirat/", "/kontakt/"]:
        assert f'href="{url}"' in sections


def test_no_results_give_spelling_hints_and_the_sections(client, demo_home):
    _response, html = search_html(client, "Quantenphysik")
    assert result_count(html) == 0
    assert "Zu „Quantenphysik“ haben wir leider nichts gefunden." in html
    assert "Prüfen Sie die Schreibweise." in html
    assert 'href="/projekte/"' in html.split('id="search-sections-heading"', 1)[1]


def test_searches_are_counted_for_the_popular_search_terms(client, demo_home):
    search_html(client, "Malstatt")
    search_html(client, "  MALSTATT ")
    search_html(client, "Malstatt", seite="2")  # leafing through does not count again
    search_html(client, "")
    assert Query.get("malstatt").hits == 2
    assert not Query.objects.filter(query_string="").exists()


# --- Bad input: always 200, never 500, nothing echoed unescaped ------------------------------


BAD_QUERIES = [
    "",
    " " * 50,
    "x" * 10_000,
    "Zuschuss " * 1_500,
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ settings.SECRET_KEY }} {% debug %}",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    'title:"Kontakt" AND NOT live:false',
    "Zuschuss*  ~Antrag^2 (Verein) [Projekt] -Kontakt +Rathaus",
    "\x00\x01\x1b[31m",
    "\u202eKontakt\u202c \u200b\ufeff",
    "🙂 Zuschuss 🇩🇪",
    "Ｚｕｓｃｈｕｓｓ",
    "Ǆ ß İ ﬁ",
    "ﷺ 中文 العربية עברית",
    "\\",
    "'",
    '"',
    "%",
    "%00",
]


@pytest.mark.parametrize("query", BAD_QUERIES, ids=range(len(BAD_QUERIES)))
def test_bad_input_gives_a_page_with_nothing_echoed_unescaped(client, demo_home, query):
    response = client.get("/suche/", {"q": query, "seite": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "<img" not in main
    if len(query.strip()) > 1 and any(char in query for char in "<>\"'&"):
        assert query.strip() not in main
    assert "\x00" not in html and "\u202e" not in html
    if len(query) > 200:
        assert "Ihre Suchanfrage war sehr lang." in main
        assert query.strip()[:201] not in html


def test_the_query_is_echoed_escaped(client, demo_home):
    _response, html = search_html(client, "<script>alert(1)</script>")
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert "Treffer für „&lt;script&gt;alert(1)&lt;/script&gt;“" in html
    assert "<title>Suche nach „&lt;script&gt;alert(1)&lt;/script&gt;“" in html
    assert "<script>alert(1)</script>" not in html


def test_invalid_utf8_in_the_query_string_is_harmless(client, demo_home):
    response = client.get("/suche/?q=%ED%A0%80%FF%00Kontakt&seite=%FF")
    assert response.status_code == 200
    assert "/kontakt/" in response.content.decode()


def test_a_repeated_parameter_uses_the_last_value(client, demo_home):
    response = client.get("/suche/?q=Quantenphysik&q=Malstatt")
    assert response.status_code == 200
    assert result_count(response.content.decode()) == 2


def test_page_text_with_markup_is_shown_escaped_in_the_excerpt(client, add_page):
    add_page("Formatierung", intro="So schreiben Sie <b>fett</b> & <i>kursiv</i>: Klarschrift.")
    _response, html = search_html(client, "Klarschrift")
    hit = html.split('href="/formatierung/">', 1)[1].split("</li>", 1)[0]
    assert (
        "&lt;b&gt;fett&lt;/b&gt; &amp; &lt;i&gt;kursiv&lt;/i&gt;: <mark>Klarschrift</mark>" in hit
    )
    assert "<b>" not in hit
