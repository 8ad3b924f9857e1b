"""The page list's `fields=` selection, and what `search=` adds: highlighted excerpts and facets."""

import pytest

pytestmark = pytest.mark.django_db


def test_fields_selects_the_top_level_fields_of_each_item(api, demo):
    data = api.get_json("/pages/", fields="title", limit=50)
    assert data["items"]
    for item in data["items"]:
        assert set(item) == {"id", "title"}
    full = api.get_json("/pages/", limit=50)
    assert [item["title"] for item in data["items"]] == [item["title"] for item in full["items"]]


def test_fields_brings_a_page_types_own_fields_into_the_list(api, demo):
    from projects.models import ProjectStatus

    data = api.get_json("/pages/", type="projects.ProjectPage", fields="title,status,district")
    assert data["items"]
    for item in data["items"]:
        assert set(item) == {"id", "title", "status", "district"}
        assert item["status"] in set(ProjectStatus.values)
    detail = api.get_json(f"/pages/{data['items'][0]['id']}/")
    assert data["items"][0]["status"] == detail["status"]
    assert data["items"][0]["district"] == detail["district"]


def test_a_type_field_is_left_out_of_items_whose_type_lacks_it(api, demo):
    items = api.get_json("/pages/", fields="type,status", limit=100)["items"]
    projects = [item for item in items if item["type"] == "projects.ProjectPage"]
    others = [item for item in items if item["type"] != "projects.ProjectPage"]
    assert projects and others
    assert all("status" in item for item in projects)
    assert all("status" not in item for item in others)


def test_unknown_fields_are_refused(api, demo):
    for fields in ("title,staus", "notification_recipients", "title;body", "title,"):
        problem = api.get_json("/pages/", expected=422, fields=fields)
        assert problem["code"] == "validation_error"
        assert [error["field"] for error in problem["errors"]] == ["fields"]


def test_search_marks_the_words_found_in_title_and_excerpt(api, demo):
    items = api.get_json("/pages/", search="Bildungswerkstatt")["items"]
    assert items
    assert items[0]["highlight"]["title"] == "<mark>Bildungswerkstatt</mark>"
    body_words = api.get_json("/pages/", search="Kirchberg")["items"]
    assert any("<mark>Kirchberg</mark>" in item["highlight"]["excerpt"] for item in body_words)
    assert api.get_json("/pages/", limit=1)["items"][0]["highlight"] is None


def test_highlights_are_escaped_html(api, demo, home_page=None):
    from home.models import HomePage
    from zib_wagtail.core.models import StandardPage

    home = HomePage.objects.get(depth=2, locale__language_code="de")
    page = StandardPage(title="<script>Zebrastreifen</script>", slug="zebra")
    home.add_child(instance=page)
    page.save_revision().publish()
    item = api.get_json("/pages/", search="Zebrastreifen")["items"][0]
    assert "<script>" not in item["highlight"]["title"]
    assert "&lt;script&gt;<mark>Zebrastreifen</mark>" in item["highlight"]["title"]


def test_search_facets_count_the_results_per_type_topic_district_and_status(api, demo):
    from projects.models import ProjectPage

    data = api.get_json("/pages/", search="Integration", limit=1)
    facets = data["facets"]
    assert sum(facet["count"] for facet in facets["type"]) == data["count"]
    projects = ProjectPage.objects.live().public().filter(locale__language_code="de")
    found = api.get_json("/pages/", search="Integration", type="projects.ProjectPage", limit=100)
    project_count = next(f["count"] for f in facets["type"] if f["value"] == "projects.ProjectPage")
    assert project_count == found["count"]
    assert {"status", "topic", "district"} <= set(facets)
    # A facet value filters to exactly its count.
    for name in ("topic", "district", "status"):
        for facet in facets[name]:
            narrowed = api.get_json(
                "/pages/", search="Integration", limit=1, **{name: facet["value"]}
            )
            assert narrowed["count"] == facet["count"], (name, facet)
    assert all(facet["label"] for name in facets for facet in facets[name])
    assert projects.exists()


def test_facets_only_with_search(api, demo):
    assert api.get_json("/pages/", limit=1)["facets"] is None


def test_fields_and_search_together(api, demo):
    items = api.get_json("/pages/", search="Bildungswerkstatt", fields="highlight")["items"]
    assert items and all(set(item) == {"id", "highlight"} for item in items)


def test_search_over_filters_that_match_nothing_is_an_empty_list(api, demo):
    """No page was published after 2999: the filter leaves no page and no SQL to search in
    (schemathesis found this as a 500)."""
    data = api.get_json("/pages/", search="Zuschuss", updated_since="2999-01-01T00:00:00Z")
    assert data["count"] == 0
    assert data["items"] == []
