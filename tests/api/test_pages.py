"""Contract tests of the page endpoints: list, filters, detail per page type, find, navigation."""

import datetime

import pytest
from wagtail.api import APIField
from wagtail.models import Page

from zib_wagtail.api.v1.schemas.pages import PAGE_TYPES
from zib_wagtail.core.models import StandardPage

from .conftest import page_id

pytestmark = pytest.mark.django_db


# --- With the demo content -----------------------------------------------------------------------


def test_list_has_total_count_pagination_and_summaries(api, demo):
    first = api.get_json("/pages/", limit=5)
    assert first["count"] == Page.objects.live().public().filter(depth__gt=1).count()
    assert len(first["items"]) == 5
    second = api.get_json("/pages/", limit=5, offset=5)
    assert {item["id"] for item in first["items"]}.isdisjoint(
        {item["id"] for item in second["items"]}
    )
    home = first["items"][0]
    assert home["type"] == "home.HomePage"
    assert home["meta"]["url"] == "http://testserver/"
    assert home["meta"]["api_url"] == f"http://testserver/api/v1/pages/{home['id']}/"


def test_filter_by_type_locale_and_tree(api, demo):
    projects = api.get_json("/pages/", type="projects.ProjectPage", locale="de")
    titles = {item["title"] for item in projects["items"]}
    assert titles == {
        "PatchWorkCity",
        "Bildungswerkstatt",
        "Haus des Ankommens",
        "Integrationskonzept",
    }
    index_id = page_id("Projekte")
    children = api.get_json("/pages/", child_of=index_id)
    assert {item["title"] for item in children["items"]} == titles
    below_home = api.get_json("/pages/", descendant_of=demo.pk, limit=100)
    assert below_home["count"] > children["count"]
    assert demo.pk not in {item["id"] for item in below_home["items"]}


def test_fallback_locale_adds_untranslated_pages_marked_as_fallbacks(api, demo):
    """The site's rule in the API: `?locale=en&fallback_locale=de` lists the English pages and
    the German pages without an English translation, those with `meta.fallback`."""
    german_only = StandardPage(title="Nur auf Deutsch", slug="nur-auf-deutsch")
    demo.add_child(instance=german_only)
    german_only.save_revision().publish()
    english = api.get_json("/pages/", locale="en", limit=100)
    assert german_only.pk not in {item["id"] for item in english["items"]}
    assert not any(item["meta"]["fallback"] for item in english["items"])

    both = api.get_json("/pages/", locale="en", fallback_locale="de", limit=100)
    by_id = {item["id"]: item for item in both["items"]}
    assert both["count"] == english["count"] + 1
    assert by_id[german_only.pk]["meta"]["locale"] == "de"
    assert by_id[german_only.pk]["meta"]["fallback"] is True
    assert [item["meta"]["fallback"] for item in both["items"]].count(True) == 1
    # A translated page is never listed in German beside its translation.
    assert {item["meta"]["translation_key"] for item in both["items"]} == {
        item["meta"]["translation_key"] for item in english["items"]
    } | {str(german_only.translation_key)}


def test_fallback_locale_without_locale_changes_nothing(api, demo):
    everything = api.get_json("/pages/", limit=100)
    assert api.get_json("/pages/", fallback_locale="de", limit=100) == everything
    assert not any(item["meta"]["fallback"] for item in everything["items"])


def test_project_filters_status_topic_district(api, demo):
    ongoing = api.get_json("/pages/", status="ongoing", locale="de")
    assert "Bildungswerkstatt" in {item["title"] for item in ongoing["items"]}
    completed = api.get_json("/pages/", status="completed", locale="de")
    assert {item["title"] for item in completed["items"]} == {"PatchWorkCity"}
    malstatt = api.get_json("/pages/", district="malstatt", locale="de")
    assert {item["title"] for item in malstatt["items"]} == {"Bildungswerkstatt"}
    education = api.get_json("/pages/", topic="bildung", locale="de")
    assert "Bildungswerkstatt" in {item["title"] for item in education["items"]}
    assert api.get_json("/pages/", topic="gibt-es-nicht")["count"] == 0


def test_updated_since_search_and_order(api, demo):
    future = (datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)).isoformat()
    assert api.get_json("/pages/", updated_since=future)["count"] == 0
    found = api.get_json("/pages/", search="Bildungswerkstatt", locale="de")
    assert found["items"][0]["title"] == "Bildungswerkstatt"
    ordered = api.get_json("/pages/", type="projects.ProjectPage", locale="de", order="-title")
    titles = [item["title"] for item in ordered["items"]]
    assert titles == sorted(titles, reverse=True)


def test_expand_parent_and_translations(api, demo):
    data = api.get_json("/pages/", child_of=page_id("Projekte"), expand="parent,translations")
    for item in data["items"]:
        assert item["parent"]["title"] == "Projekte"
        assert isinstance(item["translations"], list)
    assert api.get("/api/v1/pages/", {"expand": "children"}).status_code == 422


def test_invalid_parameters_are_problems(api, demo):
    response = api.get("/api/v1/pages/", {"type": "home.Unknown", "limit": 1000})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation_error"
    assert {error["field"] for error in problem["errors"]} == {"type", "limit"}
    missing = api.get("/api/v1/pages/999999/")
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"
    assert api.get("/api/v1/gibt-es-nicht/").json()["code"] == "not_found"


def test_detail_of_every_demo_page_type_carries_its_api_fields(api, demo):
    seen = set()
    for page in Page.objects.live().public().filter(depth__gt=1, locale__language_code="de"):
        data = api.get_json(f"/pages/{page.pk}/")
        model = page.specific_class
        assert data["type"] == model._meta.label
        assert data["id"] == page.pk
        for field in APIField.get_fields_for_model(model):
            assert field.name in data, (model, field.name)
        seen.add(model)
    assert seen == set(PAGE_TYPES)


def test_find_by_path_and_locale(api, demo):
    data = api.get_json("/pages/find/", path="/projekte/bildungswerkstatt/", locale="de")
    assert data["title"] == "Bildungswerkstatt"
    assert data["district"]["slug"] == "malstatt"
    assert api.get_json("/pages/find/", path="/")["type"] == "home.HomePage"
    assert api.get_json("/pages/find/", path="projekte")["title"] == "Projekte"
    response = api.get("/api/v1/pages/find/", {"path": "/gibt/es/nicht/"})
    assert response.status_code == 404


def test_navigation_and_all_urls(api, demo):
    navigation = api.get_json("/pages/navigation/", locale="de")
    titles = [item["title"] for item in navigation["items"]]
    assert "Projekte" in titles
    urls = api.get_json("/pages/urls/", locale="de")
    assert (
        urls["count"]
        == Page.objects.live().public().filter(locale__language_code="de", depth__gt=1).count()
    )
    assert "http://testserver/projekte/bildungswerkstatt/" in {
        item["url"] for item in urls["items"]
    }


def test_every_documented_order_works(api, demo):
    from zib_wagtail.api.v1.pages import PageOrder

    for order in PageOrder.__args__:
        items = api.get_json("/pages/", order=order, locale="de", limit=100)["items"]
        assert items, order
    paths = [item["meta"]["url"] for item in api.get_json("/pages/", order="-path")["items"]]
    forward = [item["meta"]["url"] for item in api.get_json("/pages/", order="path")["items"]]
    assert paths != forward


def test_updated_since_takes_date_times_only(api, demo):
    for number in ("0.5", "1700000000", "yesterday"):
        problem = api.get_json("/pages/", updated_since=number, expected=422)
        assert problem["errors"][0]["field"] == "updated_since"
    assert api.get_json("/pages/", updated_since="2026-01-01T00:00:00Z")["count"] >= 0


def test_a_page_read_in_a_language_with_a_fallback(api, demo):
    """`/pages/{id}/?locale=en`: the English translation; where it is missing and
    `fallback_locale=de` is given, the German page with `meta.fallback`; else 404."""
    about = Page.objects.get(slug="ueber-das-zib", locale__language_code="de")
    german_only = StandardPage(title="Nur auf Deutsch", slug="nur-auf-deutsch")
    demo.add_child(instance=german_only)
    german_only.save_revision().publish()

    english = api.get(f"/api/v1/pages/{about.pk}/", {"locale": "en"})
    assert english.status_code == 200
    assert english.json()["meta"]["locale"] == "en"
    assert english.json()["meta"]["fallback"] is False
    assert english["Content-Language"] == "en"

    assert api.get(f"/api/v1/pages/{german_only.pk}/", {"locale": "en"}).status_code == 404
    fallback = api.get(
        f"/api/v1/pages/{german_only.pk}/", {"locale": "en", "fallback_locale": "de"}
    )
    assert fallback.status_code == 200
    assert (fallback.json()["meta"]["locale"], fallback.json()["meta"]["fallback"]) == ("de", True)
    assert fallback["Content-Language"] == "de"
    assert api.get(f"/api/v1/pages/{about.pk}/")["Content-Language"] == "de"
