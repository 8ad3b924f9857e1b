"""Per-type list filters of `/pages/`: declared by the page models (`api_list_filters`), turned
into query parameters (with enums in OpenAPI) and filtering by the API without knowing any
page type."""

import ast
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from wagtail.models import Page

from projects.models import ProjectPage, ProjectStatus
from tests import builders
from zib_wagtail.api.v1 import filters as list_filters
from zib_wagtail.api.v1.pages import LIST_FILTERS
from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

API_APP = Path(list_filters.__file__).resolve().parents[1]


def titles(**params):
    response = Client().get("/api/v1/pages/", params)
    assert response.status_code == 200, response.content
    return sorted(item["title"] for item in response.json()["items"])


@pytest.fixture
def projects(project_index, home_page):
    education = builders.make_topic("bildung", "Bildung")
    culture = builders.make_topic("kultur", "Kultur")
    malstatt = builders.make_district("malstatt", "Malstatt")
    this_year = datetime.date.today().year
    builders.make_project(
        project_index,
        "Bildungswerkstatt",
        topics=[education, culture],
        district=malstatt,
        start_year=this_year - 1,
    )
    builders.make_project(
        project_index, "Archiv", topics=[education], start_year=2001, end_year=2002
    )
    builders.make_project(
        project_index, "Konzept", status_override=ProjectStatus.CONCEPT, district=malstatt
    )
    home_page.add_child(instance=StandardPage(title="Bildung im Stadtteil", slug="bildung"))


def test_the_page_list_takes_the_parameters_the_models_declare(db):
    assert list(LIST_FILTERS) == [entry["name"] for entry in ProjectPage.api_list_filters]
    document = Client().get("/api/v1/openapi.json").json()
    parameters = {
        parameter["name"]: parameter
        for parameter in document["paths"]["/api/v1/pages/"]["get"]["parameters"]
    }
    names = list(parameters)
    assert names.index("status") == names.index("descendant_of") + 1  # same order as ever
    status = parameters["status"]["schema"]["anyOf"][0]
    assert status["enum"] == list(ProjectStatus.values)
    assert parameters["status"]["description"] == "Projects with this status."
    topic = parameters["topic"]["schema"]["anyOf"][0]
    assert topic == {"maxLength": 100, "type": "string"}
    assert parameters["district"]["description"] == "Projects in this district (slug)."


def test_status_topic_and_district_filter_projects(projects):
    assert titles(status="ongoing") == ["Bildungswerkstatt"]
    assert titles(status="completed") == ["Archiv"]
    assert titles(status="concept") == ["Konzept"]
    assert titles(status="planned") == []
    assert titles(topic="bildung") == ["Archiv", "Bildungswerkstatt"]  # once each (distinct)
    assert titles(topic="bildung", status="ongoing") == ["Bildungswerkstatt"]
    assert titles(district="malstatt") == ["Bildungswerkstatt", "Konzept"]
    assert titles(district="malstatt", topic="kultur", status="ongoing") == ["Bildungswerkstatt"]
    assert titles(topic="gibt-es-nicht") == []


def test_filters_with_a_type_that_does_not_declare_them_find_nothing(projects):
    assert titles(type="projects.ProjectPage", status="ongoing") == ["Bildungswerkstatt"]
    assert titles(type="zib_core.StandardPage", topic="bildung") == []
    assert "Bildung im Stadtteil" in titles(type="zib_core.StandardPage")


def test_an_unknown_status_is_refused(projects):
    response = Client().get("/api/v1/pages/", {"status": "someday"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "status"


def test_the_api_code_names_no_page_type():
    """No module of the API imports the projects app or names its classes (docs may)."""
    offending = []
    for path in API_APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("projects"):
                offending.append((path.name, node.module))
            elif isinstance(node, ast.Import):
                offending += [(path.name, a.name) for a in node.names if a.name == "projects"]
            elif isinstance(node, ast.Name | ast.Attribute):
                name = node.id if isinstance(node, ast.Name) else node.attr
                if name.startswith("Project"):
                    offending.append((path.name, name))
    assert offending == []


# --- The declarations, on any page type ----------------------------------------------------------


def with_standard_page_filters(monkeypatch, *entries):
    monkeypatch.setattr(StandardPage, "api_list_filters", list(entries), raising=False)
    return list_filters.collect([ProjectPage, StandardPage], reserved={"type", "locale"})


def test_a_filter_two_types_declare_lists_pages_of_both(monkeypatch, projects):
    declared = with_standard_page_filters(
        monkeypatch,
        {
            "name": "topic",
            "type": str,
            "description": "Pages whose title names the topic.",
            "apply": lambda queryset, value: queryset.filter(title__icontains=value),
        },
    )
    assert set(declared["topic"].declarations) == {ProjectPage, StandardPage}
    pages = list_filters.apply(Page.objects.all(), declared, {"topic": "bildung", "status": None})
    assert sorted(pages.values_list("title", flat=True)) == [
        "Archiv",
        "Bildung im Stadtteil",
        "Bildungswerkstatt",
    ]
    only_projects = list_filters.apply(
        Page.objects.all(), declared, {"topic": "bildung", "status": "completed"}
    )
    assert list(only_projects.values_list("title", flat=True)) == ["Archiv"]
    only_standard = list_filters.apply(
        Page.objects.all(), declared, {"topic": "bildung"}, page_type=StandardPage
    )
    assert list(only_standard.values_list("title", flat=True)) == ["Bildung im Stadtteil"]


def test_no_value_no_filter(projects):
    pages = Page.objects.all()
    assert list_filters.apply(pages, LIST_FILTERS, {"status": None, "topic": None}) is pages


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "topic", "type": int, "lookup": "pk"}, "another type"),
        ({"name": "locale", "lookup": "locale__language_code"}, "parameter of every page list"),
        ({"name": "colour", "lookup": "title", "colour": "red"}, "unknown keys"),
        ({"name": "colour"}, "either `lookup` or `apply`"),
        ({"name": "colour", "lookup": "title", "prepare": "with_colour"}, "no method"),
        ({"name": "colour", "type": float, "lookup": "title"}, "unsupported type"),
        ({"lookup": "title"}, "with a `name`"),
    ],
)
def test_mistakes_in_a_declaration_are_refused_with_their_place(monkeypatch, entry, message):
    with pytest.raises(ImproperlyConfigured, match=message) as error:
        with_standard_page_filters(monkeypatch, entry)
    assert "zib_core.StandardPage.api_list_filters" in str(error.value)
