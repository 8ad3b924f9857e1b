"""What citizens type, on the demo site: contact data, funding rounds, typos with „Meinten Sie
…?“, editors' synonyms and weights, facets for topics and districts, the index following what
editors change. Real requests through the search page on the configured database."""

import re
import urllib.parse

import pytest
from django.contrib.auth.models import Group
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page, Site

from grants.models import FundingRound
from search import engine, fuzzy
from search.models import Boost, Synonym, Term, TermTrigram
from tests.search.helpers import promoted_urls, result_urls, search_html
from zib_wagtail.core.models import OfficeSettings, Topic


def search(client, query, language="de", **params):
    prefix = "" if language == "de" else f"/{language}"
    response = client.get(f"{prefix}/suche/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def hit(html, url):
    """The result item of a URL."""
    results = html.split('id="search-results-heading"', 1)[1]
    return results.split(f'href="{url}">', 1)[1].split("</li>", 1)[0]


# --- Contact data and funding rounds ---------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["Telefonnummer", "Öffnungszeiten", "Sprechzeiten", "email", "Raum 224", "Rathausplatz"],
)
def test_the_offices_contact_data_lead_to_the_contact_page(client, demo_home, query):
    assert result_urls(search(client, query))[0] == "/kontakt/"


def test_the_result_shows_the_contact_data(client, demo_home):
    html = search(client, "Telefonnummer")
    assert "<mark>Telefonnummer</mark>: 0681 9051588" in hit(html, "/kontakt/")


@pytest.mark.parametrize(
    ("language", "query", "url"),
    [
        ("en", "phone number", "/en/contact/"),
        ("en", "opening hours", "/en/contact/"),
        ("ar", "رقم الهاتف", "/ar/contact/"),
        ("ar", "البريد الإلكتروني", "/ar/contact/"),
    ],
)
def test_the_contact_data_are_found_in_every_language(client, demo_home, language, query, url):
    assert result_urls(search(client, query, language))[0] == url


def test_changed_contact_data_are_found_after_saving(
    client, demo_home, django_capture_on_commit_callbacks
):
    office = OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    office.phone = "0681 7654321"
    with django_capture_on_commit_callbacks(execute=True):
        office.save()
    assert result_urls(search(client, "7654321")) == ["/kontakt/"]
    assert result_urls(search(client, "9051588")) == []


def test_the_funding_rounds_public_data_are_found_on_the_grants_page(
    client, demo_home, django_capture_on_commit_callbacks
):
    assert result_urls(search(client, "Antragsfrist"))[0] == "/zuschuesse/"
    funding_round = FundingRound.objects.get()
    funding_round.description = "Schwerpunkt Nachbarschaftsgärten."
    with django_capture_on_commit_callbacks(execute=True):
        funding_round.save()
    assert result_urls(search(client, "Nachbarschaftsgärten"))[0] == "/zuschuesse/"
    assert result_urls(search(client, "application deadline", "en"))[0] == "/en/grants/"


# --- Spelling --------------------------------------------------------------------------------


def test_a_typo_is_corrected_and_the_correction_is_offered(client, demo_home):
    html = search(client, "intergration")
    assert result_urls(html)
    assert "Zu „intergration“ haben wir nichts gefunden." in html
    link = urllib.parse.urlencode({"q": "Integration"})
    assert f'Meinten Sie „<a href="?{link}">Integration</a>“?' in html
    assert "Angezeigt werden die Treffer dafür." in html
    assert "<mark>Integration" in html


def test_a_typo_in_english_is_corrected_too(client, demo_home):
    html = search(client, "intgration council", "en")
    assert result_urls(html)[0] == "/en/integration-council/"
    assert "Did you mean" in html


def test_known_words_are_never_corrected(client, demo_home):
    html = search(client, "Malstatt")
    assert "Meinten Sie" not in html
    assert result_urls(html)[0] == "/projekte/bildungswerkstatt/"


def test_a_word_without_a_close_one_finds_nothing_and_says_so(client, demo_home):
    html = search(client, "Quantenphysik")
    assert result_urls(html) == []
    assert "Meinten Sie" not in html


def test_corrections_come_from_the_index_vocabulary(demo_home):
    assert Term.objects.filter(language="de", word="integration").exists()
    assert fuzzy.best_correction("intergration", ["de"]) == "Integration"
    assert fuzzy.best_correction("zib", ["de"]) is None  # short words are not corrected
    assert fuzzy.distance("intergration", "integration") == 1
    assert fuzzy.distance("grnats", "grants") == 1  # a swap of two letters


@pytest.mark.postgres
def test_postgres_suggests_through_pg_trgm_created_by_the_migration(demo_home):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() is not None
    assert not fuzzy.uses_trigram_table()
    assert not TermTrigram.objects.exists()
    assert "integration" in [word for word, _display in fuzzy.candidates("intergration", ["de"])]


def test_sqlite_suggests_through_trigram_rows(demo_home):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL has pg_trgm (tested above)")
    assert fuzzy.uses_trigram_table()
    assert TermTrigram.objects.filter(term__word="integration", trigram="int").exists()
    assert "integration" in [word for word, _display in fuzzy.candidates("intergration", ["de"])]


# --- Synonyms --------------------------------------------------------------------------------


def test_the_demo_synonyms_lead_to_the_pages(client, demo_home):
    assert result_urls(search(client, "Fördermittel"))[0] == "/zuschuesse/"
    assert result_urls(search(client, "Sprechstunde"))[0] == "/kontakt/"
    assert result_urls(search(client, "funding", "en"))[0] == "/en/grants/"


def test_a_synonym_for_all_languages_applies_in_every_language(client, demo_home):
    assert result_urls(search(client, "Kiezcafé")) == []
    Synonym.objects.create(words="Kiezcafé, Quartierstreff", replacement="Kirchberg")
    assert result_urls(search(client, "Kiezcafé"))[0] == "/projekte/bildungswerkstatt/"
    assert result_urls(search(client, "Quartierstreffs"))[0] == "/projekte/bildungswerkstatt/"
    assert result_urls(search(client, "Kiezcafé", "en"))[0] == "/en/projects/bildungswerkstatt/"


def test_a_synonym_of_one_language_applies_there_only(client, demo_home):
    Synonym.objects.create(words="Kiezcafé", replacement="Kirchberg", language="en")
    assert result_urls(search(client, "Kiezcafé", "en"))[0] == "/en/projects/bildungswerkstatt/"
    assert result_urls(search(client, "Kiezcafé")) == []


@pytest.fixture
def search_editor_client(client, django_user_model):
    """Wagtail's „Editors“ group: it may manage promotions, so synonyms and weights too."""
    user = django_user_model.objects.create_user(username="redaktion", password="x")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


def test_editors_maintain_synonyms_in_the_admin(search_editor_client, demo_home):
    listing = search_editor_client.get("/admin/snippets/search/synonym/")
    assert listing.status_code == 200
    assert "Synonyme" in listing.content.decode()
    response = search_editor_client.post(
        "/admin/snippets/search/synonym/add/",
        {"words": "Kiezcafé", "replacement": "Kirchberg", "language": ""},
    )
    assert response.status_code == 302
    assert Synonym.objects.filter(words="Kiezcafé", replacement="Kirchberg").exists()
    form = search_editor_client.get("/admin/snippets/search/synonym/add/").content.decode()
    assert "Wird auch gesucht als" in form and "alle Sprachen" in form
    assert result_urls(search(search_editor_client, "Kiezcafé"))[0] == (
        "/projekte/bildungswerkstatt/"
    )


def test_users_without_the_promotion_permissions_cannot_edit_synonyms(
    client, django_user_model, demo_home
):
    editors = Group.objects.get(name="Editors")
    editors.permissions.remove(
        *editors.permissions.filter(content_type__app_label="wagtailsearchpromotions")
    )
    user = django_user_model.objects.create_user(username="gast", password="x")
    user.groups.add(editors)
    client.force_login(user)
    assert client.get("/admin/snippets/search/synonym/add/").status_code in (302, 403)
    assert "/admin/snippets/search/synonym/" not in client.get("/admin/").content.decode()


# --- Weights and promotions ------------------------------------------------------------------


def test_a_weighted_page_rises_in_the_ranking(client, demo_home):
    before = result_urls(search(client, "Integration"))
    concept = Page.objects.get(url_path="/home/projekte/integrationskonzept/")
    assert before[0] != "/projekte/integrationskonzept/"
    Boost.objects.create(page=concept, factor=5)
    assert result_urls(search(client, "Integration"))[0] == "/projekte/integrationskonzept/"
    # The weight follows the page into its translations.
    assert result_urls(search(client, "integration", "en"))[0] == (
        "/en/projects/integrationskonzept/"
    )


def test_a_weight_for_some_words_applies_to_those_only(client, demo_home):
    concept = Page.objects.get(url_path="/home/projekte/integrationskonzept/")
    Boost.objects.create(page=concept, factor=5, words="Konzept, Plan")
    assert result_urls(search(client, "Integration"))[0] != "/projekte/integrationskonzept/"
    assert result_urls(search(client, "Migration Konzept"))[0] == "/projekte/integrationskonzept/"


def test_a_weighted_page_type_rises_in_the_ranking(client, demo_home):
    Boost.objects.create(page_type="projects.projectpage", factor=9)
    assert result_urls(search(client, "Integration"))[0].startswith("/projekte/")


def test_the_demo_weights_the_contact_page_for_contact_words(demo_home):
    boost = Boost.objects.get(page__url_path="/home/kontakt/")
    assert "Telefon" in boost.word_list and float(boost.factor) > 1


def test_promotions_stay_first_whatever_the_ranking(client, demo_home):
    Boost.objects.create(page_type="projects.projectpage", factor=9)
    html = search(client, "Kontakt")
    assert promoted_urls(html) == ["/kontakt/"]
    assert html.index("search-promotions-heading") < html.index('id="search-results-heading"')


def test_the_benchmark_queries_need_no_promotion(client, demo_home):
    """The words the demo promotes lead to their pages without the promotions too."""
    for query in ["Antrag", "Zuschuss", "Kontakt", "Telefon", "Integrationsbeirat", "Beirat"]:
        promoted = promoted_urls(search(client, query))
        SearchPromotion.objects.filter(query=Query.get(query)).delete()
        assert result_urls(search(client, query))[0] == promoted[0], query


# --- Facets ----------------------------------------------------------------------------------


def test_results_show_their_districts_and_topics_as_facets(client, demo_home):
    html = search(client, "Malstatt")
    district = html.split('aria-label="Treffer nach Stadtteil"', 1)[1].split("</nav>", 1)[0]
    assert re.search(
        r'district=malstatt">Malstatt <span class="search-types__count">\(1\)', district
    )
    html = search(client, "Integration")
    topics = html.split('aria-label="Treffer nach Themen"', 1)[1].split("</nav>", 1)[0]
    assert "Integrationspolitik" in topics


def test_a_facet_value_narrows_the_results(client, demo_home):
    everything = result_urls(search(client, "Integration"))
    narrowed = result_urls(search(client, "Integration", topic="integrationspolitik"))
    assert set(narrowed) == {"/projekte/patchworkcity/", "/projekte/integrationskonzept/"}
    assert len(everything) > len(narrowed)
    html = search(client, "Integration", topic="integrationspolitik")
    assert 'topic=integrationspolitik" aria-current="true"' not in html  # the link removes it
    assert 'aria-current="true">Integrationspolitik' in html
    unknown = result_urls(search(client, "Integration", topic="<gibt-es-nicht>"))
    assert unknown == everything


def facet_links(html, label):
    """(value, label, count) of the facet navigation labelled `label`."""
    section = html.split(f'aria-label="{label}"', 1)[1].split("</nav>", 1)[0]
    return re.findall(
        r'=([\w-]+)"[^>]*>([^<]+?) <span class="search-types__count">\((\d+)\)', section
    )


def test_facet_counts_follow_a_renamed_and_a_deleted_topic(
    client, demo_home, django_capture_on_commit_callbacks
):
    """The counts come from the index: renaming a topic re-indexes its pages under the new
    label, deleting it re-indexes them without it."""
    before = facet_links(search(client, "Integration"), "Treffer nach Themen")
    assert ("integrationspolitik", "Integrationspolitik", "2") in before

    topic = Topic.objects.get(slug="integrationspolitik", locale__language_code="de")
    topic.name = "Politik der Integration"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    renamed = facet_links(search(client, "Integration"), "Treffer nach Themen")
    assert ("integrationspolitik", "Politik der Integration", "2") in renamed

    with django_capture_on_commit_callbacks(execute=True):
        topic.delete()
    deleted = facet_links(search(client, "Integration"), "Treffer nach Themen")
    assert "integrationspolitik" not in [value for value, _label, _count in deleted]
    assert len(deleted) == len(before) - 1


# --- The index follows editors ---------------------------------------------------------------


def test_a_renamed_topic_is_found_on_its_projects(
    client, demo_home, django_capture_on_commit_callbacks
):
    topic = Topic.objects.get(slug="bildung", locale__language_code="de")
    topic.name = "Lernorte"
    with django_capture_on_commit_callbacks(execute=True):
        topic.save()
    assert "/projekte/bildungswerkstatt/" in result_urls(search(client, "Lernorte"))


def test_the_initial_migration_creates_the_full_text_parts_per_database():
    """The FTS5 table and `pg_trgm` come with the first migration; later ones add columns the
    index fills (`update_index`) and tune the index, creating nothing of their own."""
    from pathlib import Path

    import search

    migrations = sorted((Path(search.__file__).parent / "migrations").glob("0*.py"))
    assert migrations[0].name == "0001_initial.py"
    text = migrations[0].read_text()
    assert "CREATE EXTENSION IF NOT EXISTS pg_trgm" in text and "USING fts5" in text
    for later in migrations[1:]:
        text = later.read_text()
        assert "CREATE" not in text and "update_index" in text


@pytest.mark.parametrize(("query", "first"), [("Zuschuesse", "/zuschuesse/"), ("Integration", "/")])
def test_a_page_with_the_word_in_its_title_is_ranked_beyond_the_databases_best(
    client, demo_home, monkeypatch, query, first
):
    """Only the database's best CANDIDATES matches are scored, but a page with the word in its
    title always is: with none of the database's best scored, it still comes first."""
    assert result_urls(search_html(client, query)[1])[0] == first
    monkeypatch.setattr(engine, "CANDIDATES", 0)
    assert result_urls(search_html(client, query)[1])[0] == first


@pytest.mark.parametrize("query", ["Integration", "Projekt", "Zuschuss", "Malstatt", "Beirat"])
def test_one_word_ranks_the_same_without_counting_how_rare_it_is(
    client, demo_home, monkeypatch, query
):
    """The word frequencies are left out for one word in one language (search.engine): the
    order is the one they would give."""
    without = result_urls(search(client, query))
    monkeypatch.setattr(engine, "needs_frequencies", lambda queries: True)
    with_frequencies = result_urls(search(client, query))
    assert without == with_frequencies and without


@pytest.mark.postgres
def test_the_vector_index_takes_new_entries_at_once(db):
    """Without GIN's pending list a freshly indexed page is in the index proper: no search reads
    an unsorted list until autovacuum merges it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'search_indexentry_vector'")
        (options,) = cursor.fetchone()
    assert "fastupdate=off" in options
