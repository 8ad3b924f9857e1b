"""Every public page type and the API's lists and details need a fixed, small number of SQL
queries: the same with 10 project pages as with 1,000, at most 10 for a page with a listing and 6
for any other, the site search included.

The site chrome (site, route, menu, language switcher, breadcrumbs, footer, office settings,
view restrictions) comes from lookups remembered until published content changes
(zib_wagtail.core.published), so what a warm page asks the database for is its own content.

The content is built once per module: the demo content, then generated projects (each with an
image, two topics, a district and two partners) up to 10 and then up to 1,000. Each URL is
requested once to warm up (remembered lookups, image renditions), then measured. The numbers
are exact: a change that adds a query shows here, and the expected value is updated knowingly.
"""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectIndexPage, ProjectPage
from tests.builders import make_district, make_image, make_partner, make_project, make_topic

pytestmark = pytest.mark.django_db

SIZES = (10, 1000)

#: name: (URL, has a listing, SQL queries of a warm request, a text the page must show).
PAGE_TYPES = {
    "home": ("/", True, 4, 'class="card project-card"'),
    "home_en": ("/en/", True, 4, 'class="card project-card"'),
    "standard_page": ("/ueber-das-zib/", False, 1, "<h1>"),
    "contact_page": ("/kontakt/", False, 1, "Rathausplatz 1"),
    "legal_page": ("/impressum/", False, 1, "Impressum"),
    # The page itself, then its projects by id (the ids in order are remembered:
    # ProjectIndexPage.listed_ids), topics, images and their renditions.
    "project_index": ("/projekte/", True, 5, "Projekt 0001"),
    "project_index_filtered": (
        "/projekte/?status=ongoing&thema=bildung&stadtteil=malstatt&seite=2",
        True,
        5,
        "Malstatt",
    ),
    "project_page": ("/projekte/projekt-0001/", False, 3, "Stadtbibliothek"),
    "grants_page": ("/zuschuesse/", False, 3, "Antrag"),
    # Its first step (the districts are asked at the second).
    "grant_application_form": ("/zuschuesse/antrag/", False, 5, 'name="csrfmiddlewaretoken"'),
    "api_v1_list": ("/api/v1/pages/?type=projects.ProjectPage", True, 6, '"Projekt 0001"'),
    "api_v1_detail": ("/api/v1/pages/{project}/", False, 6, '"Stadtbibliothek"'),
    "api_v2_list": ("/api/v2/pages/?type=projects.ProjectPage", True, 2, '"total_count"'),
    "api_v2_detail": ("/api/v2/pages/{project}/", False, 5, '"Projekt 0001"'),
    # Promotions, matches (with the facet values: search.facets), exact ranking, the results'
    # pages (ids, then one query per page type on the results page: the overview „Projekte“
    # and the projects), the query statistics and the excerpts' texts. One word in one
    # language needs no word frequencies (search.engine.match).
    "search": ("/suche/?q=Projekt", True, 8, 'class="search-result__title"'),
}

#: The budget: a page with a listing, any other page.
LIMIT = {True: 10, False: 6}


@pytest.fixture(scope="module")
def _content(django_db_setup, django_db_blocker):
    """The demo content and what the generated projects share, kept for the whole module (in a
    transaction rolled back at its end)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_zib_content", stdout=StringIO())
        index = ProjectIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
        shared = {
            "index": index,
            "image": make_image(),
            "topics": [make_topic("bildung", "Bildung"), make_topic("sprache", "Sprache")],
            "district": make_district("malstatt", "Malstatt"),
            "partners": [make_partner("Gemeinwesenarbeit"), make_partner("Stadtbibliothek")],
            "generated": 0,
        }
        yield shared
        transaction.set_rollback(True)


def generated_projects(content, total):
    """Add generated projects below the German index until there are `total` of them."""
    while content["generated"] < total:
        number = content["generated"] + 1
        make_project(
            content["index"],
            f"Projekt {number:04}",
            slug=f"projekt-{number:04}",
            start_year=2000 + number % 30,
            image=content["image"],
            image_alt_text=f"Bild zu Projekt {number}",
            district=content["district"],
            location="Kirchberg",
            topics=content["topics"],
            partners=content["partners"],
        )
        content["generated"] = number


@pytest.fixture(scope="module", params=SIZES, ids=[f"{size}_projects" for size in SIZES])
def project_count(request, _content, django_db_blocker):
    """The number of generated projects, grown in order (10, then 1,000)."""
    with django_db_blocker.unblock():
        generated_projects(_content, request.param)
        count = ProjectPage.objects.child_of(_content["index"]).filter(slug__startswith="projekt-")
        assert count.count() == request.param
    return request.param


def measure(client, url):
    """SQL queries of a warm request to url (after one request that fills what is remembered)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return queries, response


def url_of(template, content):
    project = ProjectPage.objects.child_of(content["index"]).get(slug="projekt-0001")
    return template.format(project=project.pk)


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_queries_per_page_type(name, project_count, _content, client):
    template, listing, expected, shown = PAGE_TYPES[name]
    url = url_of(template, _content)
    queries, response = measure(client, url)

    sql = "\n".join(query["sql"][:200] for query in queries.captured_queries)
    if isinstance(expected, dict):
        expected = expected[project_count]
    assert len(queries) == expected, f"{url} with {project_count} projects:\n{sql}"
    assert len(queries) <= LIMIT[listing]
    assert shown in response.content.decode()


def test_the_index_lists_a_page_of_the_generated_projects(project_count, client):
    _queries, response = measure(client, "/projekte/")
    text = response.content.decode()

    assert text.count('class="card project-card"') == ProjectIndexPage.projects_per_page
    assert 'alt="Bild zu Projekt 1"' in text and "Malstatt" in text
