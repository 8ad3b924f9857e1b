"""Search through API v2 (/api/v2/pages/?search=…): the same search as the search page."""

import pytest

from search.query import search_queryset
from tests.search.helpers import result_urls, search_html


def api_search(client, query, **params):
    response = client.get("/api/v2/pages/", {"search": query, **params})
    return response, response.json()


def api_urls(data):
    return [item["meta"]["html_url"].removeprefix("http://localhost") for item in data["items"]]


@pytest.mark.parametrize(
    "query",
    ["Malstatt", "Zuschüsse Vereine", "Integrationskonzept", "Vielfalt", "Malstatt Fahrrad"],
)
def test_api_search_finds_what_the_search_page_finds_in_the_same_order(client, demo_home, query):
    _response, html = search_html(client, query)
    response, data = api_search(client, query, locale="de")
    assert response.status_code == 200
    assert api_urls(data) == result_urls(html)
    assert data["meta"]["total_count"] == len(result_urls(html))


def test_api_search_falls_back_to_any_word_like_the_search_page(client, demo_home):
    _response, data = api_search(client, "Malstatt Fahrradwerkstatt")
    assert "/projekte/bildungswerkstatt/" in api_urls(data)

    _response, data = api_search(client, "Malstatt Fahrradwerkstatt", search_operator="and")
    assert data["items"] == []


def test_api_search_can_be_combined_with_a_type(client, demo_home):
    _response, data = api_search(client, "Malstatt", type="projects.ProjectPage", locale="de")
    assert api_urls(data) == ["/projekte/bildungswerkstatt/"]


def test_api_search_with_an_invalid_operator_is_a_bad_request(client, demo_home):
    response, data = api_search(client, "Malstatt", search_operator="xor")
    assert response.status_code == 400
    assert data == {"message": "search_operator must be 'and' or 'or'"}


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        "<script>alert(1)</script>",
        "'; DROP TABLE wagtailcore_page; --",
        "\x00\u202e🙂",
        'title:"Kontakt" OR 1=1',
    ],
    ids=["empty", "long", "html", "sql", "unicode", "syntax"],
)
def test_api_search_survives_bad_input(client, demo_home, query):
    response, data = api_search(client, query)
    assert response.status_code == 200
    assert isinstance(data["items"], list)


def test_api_search_is_the_shared_search_function(demo_home):
    from wagtail.models import Page

    results = search_queryset(Page.objects.all(), "Vereine").results
    assert {page.url_path for page in results} >= {"/home/ueber-das-zib/"}


def test_api_v2_endpoints_are_mounted(client, demo_home):
    for endpoint in ["pages", "images", "documents"]:
        assert client.get(f"/api/v2/{endpoint}/").status_code == 200
