"""Promoted results: shown first with a label; demo promotions; editors manage them."""

import pytest
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Page

from tests.search.helpers import promoted_urls, result_count, result_urls, search_html
from zib_wagtail.demo import search as demo_content


def test_demo_content_promotes_the_contact_page(client, demo_home):
    _response, html = search_html(client, "Kontakt")
    assert promoted_urls(html) == ["/kontakt/"]
    assert html.index("Empfehlung der Redaktion") < html.index('id="search-results-heading"')
    assert '<span class="search-result__badge">Empfohlen</span> Inhaltsseite' in html
    assert "Adresse, Telefon und E-Mail des ZIB." in html
    assert "/kontakt/" not in result_urls(html)  # not listed twice
    assert result_count(html) == 1 + len(result_urls(html))


@pytest.mark.parametrize("query", ["Rathaus", "rathaus", "  RATHAUS "])
def test_a_promotion_matches_the_query_whatever_its_case(client, demo_home, query):
    _response, html = search_html(client, query)
    assert promoted_urls(html) == ["/kontakt/"]


def test_loading_the_demo_promotions_again_changes_nothing(demo_home):
    promotions = set(SearchPromotion.objects.values_list("query__query_string", "page__url_path"))
    assert ("integrationsbeirat", "/home/integrationsbeirat/") in promotions
    assert demo_content.load().created == []
    assert set(SearchPromotion.objects.values_list("query__query_string", "page__url_path")) == (
        promotions
    )


def test_an_editors_promotion_is_kept(demo_home):
    promotion = SearchPromotion.objects.get(query__query_string="kontakt")
    promotion.page = Page.objects.get(url_path="/home/impressum/")
    promotion.save()
    demo_content.load()
    assert [p.page.slug for p in Query.get("kontakt").editors_picks.all()] == ["impressum"]


def test_a_promotion_waits_until_its_page_exists(demo_home, add_page, monkeypatch):
    monkeypatch.setattr(
        demo_content, "PROMOTIONS", [("Sprachcafé", "sprachcafe/", "Der Treffpunkt.")]
    )
    assert demo_content.load().created == []
    assert not Query.get("Sprachcafé").editors_picks.exists()

    add_page("Sprachcafé", slug="sprachcafe")
    report = demo_content.load()
    assert report.created == ["search promotion „Sprachcafé“ → /home/sprachcafe/"]
    assert Query.get("Sprachcafé").editors_picks.get().description == "Der Treffpunkt."


def test_several_promotions_keep_their_order_and_external_links_work(client, demo_home):
    query = Query.get("Beratung")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://www.bamf.de/",
        external_link_text="Bundesamt für Migration und Flüchtlinge",
        sort_order=1,
    )
    SearchPromotion.objects.create(
        query=query, page=Page.objects.get(url_path="/home/kontakt/"), sort_order=0
    )
    _response, html = search_html(client, "Beratung")
    assert promoted_urls(html) == ["/kontakt/", "https://www.bamf.de/"]
    assert "Externer Link" in html


def test_promotions_are_shown_on_the_first_page_only(client, demo_home, settings):
    settings.ZIB_SEARCH_RESULTS_PER_PAGE = 1
    _response, html = search_html(client, "Kontakt", seite="2")
    assert len(result_urls(html)) == 1
    assert promoted_urls(html) == []


def test_a_type_filter_keeps_only_promotions_of_that_type(client, demo_home):
    _response, html = search_html(client, "Kontakt", typ="projects.projectpage")
    assert promoted_urls(html) == []
    _response, html = search_html(client, "Kontakt", typ="zib_core.standardpage")
    assert promoted_urls(html) == ["/kontakt/"]


def test_the_promoted_page_is_not_missing_from_the_type_counts(client, demo_home):
    _response, html = search_html(client, "Kontakt")
    assert result_count(html) >= 1
