"""A citizen finds every seed topic by its natural German words on the demo site."""

import pytest
from wagtail.models import Page

from tests.search.helpers import promoted_urls, search_html

SEED_TOPICS = [
    ("Malstatt", "/projekte/bildungswerkstatt/"),
    ("Bildungszentrum", "/projekte/bildungswerkstatt/"),
    ("Kirchberg", "/projekte/bildungswerkstatt/"),
    ("Integrationsbeirat", "/integrationsbeirat/"),
    ("Geschäftsstelle Integrationsbeirat", "/integrationsbeirat/"),
    ("Hochqualifizierte", "/ueber-das-zib/"),
    ("Fachkräfteeinwanderungsgesetz", "/ueber-das-zib/"),
    ("PatchWorkCity", "/projekte/patchworkcity/"),
    ("Integrationspolitik", "/projekte/patchworkcity/"),
    ("Haus des Ankommens", "/projekte/haus-des-ankommens/"),
    ("Anlaufstelle", "/projekte/haus-des-ankommens/"),
    ("Integrationskonzept", "/projekte/integrationskonzept/"),
    ("Migration und Vielfalt", "/projekte/integrationskonzept/"),
    ("Kontakt", "/kontakt/"),
    ("Impressum", "/impressum/"),
    ("Datenschutz", "/datenschutz/"),
    ("Barrierefreiheit", "/barrierefreiheit/"),
    ("Zuschüsse", "/"),
    ("Vereine", "/ueber-das-zib/"),
    ("Migrant*innenorganisationen", "/ueber-das-zib/"),
]


@pytest.mark.parametrize(("query", "url"), SEED_TOPICS)
def test_seed_topic_is_found_by_its_words(client, demo_home, query, url):
    response, html = search_html(client, query)
    assert response.status_code == 200
    assert f'href="{url}"' in html, html


@pytest.mark.parametrize(
    ("query", "url"),
    [("Zuschüsse", "/zuschuesse/"), ("Anträge", "/zuschuesse/antrag/"), ("Verein", "/zuschuesse/")],
)
def test_the_grants_pages_are_found(client, demo_home, query, url):
    if not Page.objects.filter(url_path="/home/zuschuesse/antrag/").exists():
        pytest.skip("the demo content has no grants pages")
    _response, html = search_html(client, query)
    assert f'href="{url}"' in html


@pytest.mark.parametrize(
    ("query", "url"),
    [
        ("Antrag", "/zuschuesse/antrag/"),
        ("Zuschuss", "/zuschuesse/"),
        ("Förderung", "/zuschuesse/"),
        ("Rathaus", "/kontakt/"),
        ("Beirat", "/integrationsbeirat/"),
    ],
)
def test_words_the_pages_do_not_use_lead_to_them_through_promotions(client, demo_home, query, url):
    if (
        url.startswith("/zuschuesse/")
        and not Page.objects.filter(url_path="/home/zuschuesse/antrag/").exists()
    ):
        pytest.skip("the demo content has no grants pages")
    _response, html = search_html(client, query)
    assert promoted_urls(html) == [url]
