"""The public pages need a constant number of SQL queries, however many projects there are.

Each page is requested once to warm up (image renditions are created on first use, and Wagtail
caches the site's root paths), then measured. The count with 10 projects must equal the count
with 100; the upper bound catches a constant but wasteful page.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.models import HomePageFeaturedProject
from tests.builders import make_district, make_image, make_partner, make_topic

pytestmark = pytest.mark.django_db

# Measured at 17, 22 and 19 queries; a little headroom for the site frame to grow.
MAX_QUERIES = {"home": 20, "index": 25, "project": 22}


@pytest.fixture
def grow_projects(project_index, make_project):
    """Add projects with an image, two topics, a district and two partners each, all featured
    on the home page, until there are `total` of them."""
    topics = [make_topic("bildung", "Bildung"), make_topic("sprache", "Sprache")]
    district = make_district("malstatt", "Malstatt")
    partners = [make_partner("Gemeinwesenarbeit"), make_partner("Stadtbibliothek")]
    home = project_index.get_parent().specific
    projects = []

    def grow(total):
        while len(projects) < total:
            number = len(projects) + 1
            project = make_project(
                project_index,
                f"Projekt {number:03}",
                slug=f"projekt-{number:03}",
                start_year=2000 + number % 30,
                image=make_image(),
                image_alt_text=f"Bild zu Projekt {number}",
                district=district,
                location="Kirchberg",
                topics=topics,
                partners=partners,
            )
            projects.append(project)
            HomePageFeaturedProject.objects.create(home_page=home, page=project, sort_order=number)
        return projects

    return grow


def count_queries(client, url):
    """Queries of a warm request to url (after one request that creates renditions etc.)."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


PAGES = {"home": "/", "index": "/projekte/", "project": "/projekte/projekt-001/"}


def test_query_counts_do_not_grow_with_the_number_of_projects(client, grow_projects):
    grow_projects(10)
    with_10 = {name: count_queries(client, url)[0] for name, url in PAGES.items()}
    grow_projects(100)
    measured = {name: count_queries(client, url) for name, url in PAGES.items()}
    with_100 = {name: count for name, (count, _response) in measured.items()}

    assert with_10 == with_100, f"queries with 10 projects {with_10}, with 100 {with_100}"
    for name, count in with_100.items():
        assert count <= MAX_QUERIES[name], f"{PAGES[name]}: {count} queries"
    # The measured pages really show what costs queries: images, topics, districts, partners.
    home, index, project = (measured[name][1].content.decode() for name in PAGES)
    assert home.count('class="card project-card"') == 100
    assert index.count('class="card project-card"') == 12
    for text in (home, index, project):
        assert 'alt="Bild zu Projekt 1"' in text
        assert "Malstatt" in text
    assert "Sprache" in project and "Stadtbibliothek" in project


def test_filtered_index_query_count_is_constant(client, grow_projects):
    url = "/projekte/?status=ongoing&thema=bildung&stadtteil=malstatt&seite=2"
    grow_projects(30)
    with_30, _ = count_queries(client, url)
    grow_projects(60)
    with_60, _ = count_queries(client, url)

    assert with_30 == with_60
    assert with_60 <= MAX_QUERIES["index"] + 2  # one lookup each for the topic and district
