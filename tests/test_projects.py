"""Projects: status derived from the period (in Python and in the database), validation,
and the filters and pagination of the project index."""

import re
from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from projects.models import ProjectPage, ProjectStatus
from tests.builders import make_district, make_image, make_topic, page_text, soup

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)

PLANNED = ProjectStatus.PLANNED.value
ONGOING = ProjectStatus.ONGOING.value
COMPLETED = ProjectStatus.COMPLETED.value
CONCEPT = ProjectStatus.CONCEPT.value

# (case, fields, expected status on TODAY)
STATUS_CASES = [
    ("future start year", {"start_year": 2027}, PLANNED),
    ("future start year and end year", {"start_year": 2027, "end_year": 2030}, PLANNED),
    ("past end year", {"start_year": 2017, "end_year": 2019}, COMPLETED),
    ("past end year only", {"end_year": 2025}, COMPLETED),
    ("within the period", {"start_year": 2020, "end_year": 2030}, ONGOING),
    ("started this year", {"start_year": 2026}, ONGOING),
    ("started, open end", {"start_year": 2007}, ONGOING),
    ("no dates", {}, ONGOING),
    ("end year is the current year", {"start_year": 2020, "end_year": 2026}, ONGOING),
    ("end year only, current year", {"end_year": 2026}, ONGOING),
    ("exact start date tomorrow", {"start_date": date(2026, 6, 16)}, PLANNED),
    ("exact start date today", {"start_date": date(2026, 6, 15)}, ONGOING),
    ("exact end date yesterday", {"end_date": date(2026, 6, 14)}, COMPLETED),
    ("exact end date today", {"end_date": date(2026, 6, 15)}, ONGOING),
    (
        "exact dates beat the years",
        {"start_year": 2026, "start_date": date(2026, 9, 1), "end_year": 2026},
        PLANNED,
    ),
    (
        "exact end date before the end of the year",
        {"start_year": 2026, "end_year": 2026, "end_date": date(2026, 3, 31)},
        COMPLETED,
    ),
    ("override wins over a past period", {"end_year": 2019, "status_override": ONGOING}, ONGOING),
    (
        "override wins over a future period",
        {"start_year": 2030, "status_override": CONCEPT},
        CONCEPT,
    ),
    (
        "override completed while running",
        {"start_year": 2020, "status_override": COMPLETED},
        COMPLETED,
    ),
]


@pytest.mark.parametrize(
    ("fields", "expected"),
    [case[1:] for case in STATUS_CASES],
    ids=[case[0] for case in STATUS_CASES],
)
def test_status_in_python_and_database_agree(project_index, make_project, fields, expected):
    project = make_project(project_index, **fields)

    annotated = ProjectPage.objects.filter(pk=project.pk).with_status(today=TODAY).get()

    assert project.get_status(today=TODAY) == expected
    assert annotated.current_status == expected
    assert annotated.status == expected


def test_status_of_all_cases_in_one_query(project_index, make_project):
    """The annotation is per row: many projects, one query, each with its own status."""
    expected = {
        make_project(project_index, **fields).pk: status for _, fields, status in STATUS_CASES
    }

    rows = ProjectPage.objects.with_status(today=TODAY).values_list("pk", "current_status")

    assert dict(rows) == expected


def test_status_moves_with_the_clock(project_index, make_project):
    project = make_project(project_index, start_year=2017, end_year=2019)

    assert project.get_status(today=date(2016, 12, 31)) == PLANNED
    assert project.get_status(today=date(2017, 1, 1)) == ONGOING
    assert project.get_status(today=date(2019, 12, 31)) == ONGOING
    assert project.get_status(today=date(2020, 1, 1)) == COMPLETED
    for day, status in [
        (date(2016, 12, 31), PLANNED),
        (date(2017, 1, 1), ONGOING),
        (date(2019, 12, 31), ONGOING),
        (date(2020, 1, 1), COMPLETED),
    ]:
        annotated = ProjectPage.objects.filter(pk=project.pk).with_status(today=day).get()
        assert annotated.current_status == status, day


@pytest.mark.parametrize(
    ("travel_to", "label"),
    [("2016-06-01", "Geplant"), ("2018-06-01", "Laufend"), ("2027-01-01", "Abgeschlossen")],
)
def test_index_and_project_page_show_the_status_of_the_day(client, demo_site, travel_to, label):
    with time_machine.travel(f"{travel_to} 12:00 +0100", tick=False):
        index = soup(client.get("/projekte/"))
        detail = soup(client.get("/projekte/patchworkcity/"))

    card = next(c for c in index.select(".project-card") if "PatchWorkCity" in c.get_text())
    assert card.find(class_="status").get_text(strip=True) == label
    assert detail.find("dl", class_="facts").find(class_="status").get_text(strip=True) == label


def test_status_filter_follows_the_clock(client, demo_site):
    with time_machine.travel("2018-06-01 12:00 +0100", tick=False):
        ongoing = client.get("/projekte/", {"status": ONGOING})
    with time_machine.travel("2027-01-01 12:00 +0100", tick=False):
        completed = client.get("/projekte/", {"status": COMPLETED})

    assert "PatchWorkCity" in card_titles(ongoing)
    assert "PatchWorkCity" in card_titles(completed)
    assert "Haus des Ankommens" not in card_titles(completed)  # its status is set by hand


# --- Validation --------------------------------------------------------------------------------


def test_end_year_before_start_year_is_rejected():
    project = ProjectPage(title="Rückwärts", slug="r", summary="x", start_year=2020, end_year=2019)

    with pytest.raises(ValidationError) as error:
        project.clean()

    assert "end_year" in error.value.message_dict


def test_end_date_before_start_date_is_rejected():
    project = ProjectPage(
        title="Rückwärts",
        slug="r",
        summary="x",
        start_date=date(2024, 5, 1),
        end_date=date(2024, 4, 30),
    )

    with pytest.raises(ValidationError) as error:
        project.clean()

    assert "end_date" in error.value.message_dict


def test_exact_dates_set_the_years():
    project = ProjectPage(
        title="Genau",
        slug="g",
        summary="x",
        start_date=date(2024, 5, 1),
        end_date=date(2025, 1, 31),
    )

    project.clean()

    assert (project.start_year, project.end_year) == (2024, 2025)
    assert project.period_label == "01.05.2024–31.01.2025"


def test_image_without_alt_text_is_rejected():
    image = make_image(description="")
    project = ProjectPage(title="Bild", slug="b", summary="x", image=image, image_alt_text="  ")

    with pytest.raises(ValidationError) as error:
        project.clean()

    assert "image_alt_text" in error.value.message_dict


def test_image_with_alt_text_is_accepted():
    image = make_image()
    project = ProjectPage(
        title="Bild", slug="b", summary="x", image=image, image_alt_text="Das Rathaus"
    )

    project.clean()  # does not raise

    assert project.image_alt == "Das Rathaus"


@pytest.mark.parametrize(
    ("fields", "label"),
    [
        ({"start_year": 2017, "end_year": 2019}, "2017–2019"),
        ({"start_year": 2007}, "ab 2007"),
        ({"end_year": 2026}, "bis 2026"),
        ({}, ""),
    ],
)
def test_period_label(fields, label):
    assert ProjectPage(**fields).period_label == label


# --- Filters and pagination of the index -------------------------------------------------------


def card_titles(response):
    return [a.get_text(strip=True) for a in soup(response).select(".project-card .card__title a")]


@pytest.fixture
def catalogue(project_index, make_project):
    """Six projects across statuses, topics and districts (years far from today)."""
    bildung = make_topic("bildung", "Bildung")
    sprache = make_topic("sprache", "Sprache")
    make_topic("unbenutzt", "Unbenutztes Thema")
    malstatt = make_district("malstatt", "Malstatt")
    burbach = make_district("burbach", "Burbach")
    make_district("dudweiler", "Dudweiler")  # used by no project
    projects = {
        "Alt Bildung Malstatt": {
            "start_year": 2000,
            "end_year": 2001,
            "topics": [bildung],
            "district": malstatt,
        },
        "Alt Sprache Burbach": {
            "start_year": 2000,
            "end_year": 2001,
            "topics": [sprache],
            "district": burbach,
        },
        "Läuft Bildung Burbach": {
            "start_year": 2000,
            "topics": [bildung, sprache],
            "district": burbach,
        },
        "Läuft ohne alles": {},
        "Plan Bildung Malstatt": {"start_year": 2099, "topics": [bildung], "district": malstatt},
        "Konzept Sprache": {"status_override": CONCEPT, "topics": [sprache]},
    }
    for title, fields in projects.items():
        make_project(project_index, title, **fields)
    # A draft project's topic and district must not appear in the filters.
    make_project(
        project_index,
        "Entwurf",
        live=False,
        topics=[make_topic("entwurf", "Entwurfsthema")],
        district=make_district("entwurf", "Entwurfsbezirk"),
    )
    return project_index


def test_index_without_filters_lists_all_live_projects(client, catalogue):
    response = client.get("/projekte/")

    assert response.status_code == 200
    assert card_titles(response) == [
        "Alt Bildung Malstatt",
        "Alt Sprache Burbach",
        "Konzept Sprache",
        "Läuft Bildung Burbach",
        "Läuft ohne alles",
        "Plan Bildung Malstatt",
    ]
    assert soup(response).find(class_="result-count").get_text(strip=True) == "6 Projekte"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": COMPLETED}, ["Alt Bildung Malstatt", "Alt Sprache Burbach"]),
        ({"status": ONGOING}, ["Läuft Bildung Burbach", "Läuft ohne alles"]),
        ({"status": PLANNED}, ["Plan Bildung Malstatt"]),
        ({"status": CONCEPT}, ["Konzept Sprache"]),
        (
            {"thema": "bildung"},
            ["Alt Bildung Malstatt", "Läuft Bildung Burbach", "Plan Bildung Malstatt"],
        ),
        (
            {"thema": "sprache"},
            ["Alt Sprache Burbach", "Konzept Sprache", "Läuft Bildung Burbach"],
        ),
        ({"stadtteil": "malstatt"}, ["Alt Bildung Malstatt", "Plan Bildung Malstatt"]),
        ({"stadtteil": "burbach"}, ["Alt Sprache Burbach", "Läuft Bildung Burbach"]),
        ({"status": COMPLETED, "thema": "bildung"}, ["Alt Bildung Malstatt"]),
        (
            {"thema": "sprache", "stadtteil": "burbach"},
            ["Alt Sprache Burbach", "Läuft Bildung Burbach"],
        ),
        (
            {"status": ONGOING, "thema": "sprache", "stadtteil": "burbach"},
            ["Läuft Bildung Burbach"],
        ),
        ({"status": PLANNED, "stadtteil": "burbach"}, []),
    ],
)
def test_filters(client, catalogue, query, expected):
    response = client.get("/projekte/", query)

    assert response.status_code == 200
    assert card_titles(response) == expected
    doc = soup(response)
    for name, value in query.items():
        selected = doc.find("select", attrs={"name": name}).find("option", selected=True)
        assert selected["value"] == value
    if not expected:
        assert "Zu dieser Auswahl gibt es keine Projekte." in page_text(response)


@pytest.mark.parametrize(
    "query",
    [
        {"status": "unbekannt"},
        {"thema": "gibt-es-nicht"},
        {"stadtteil": "atlantis"},
        {"status": "x", "thema": "y", "stadtteil": "z", "seite": "-1"},
        {"thema": "<script>"},
        {"unbekannt": "1"},
    ],
)
def test_unknown_filter_values_are_ignored(client, catalogue, query):
    response = client.get("/projekte/", query)

    assert response.status_code == 200
    assert len(card_titles(response)) == 6
    assert "<script>" not in response.content.decode()


def test_filter_dropdowns_list_only_used_topics_and_districts(client, catalogue):
    doc = soup(client.get("/projekte/"))

    def options(name):
        select = doc.find("select", attrs={"name": name})
        return [option["value"] for option in select.find_all("option")]

    assert options("thema") == ["", "bildung", "sprache"]
    assert options("stadtteil") == ["", "burbach", "malstatt"]
    assert options("status") == ["", *ProjectStatus.values]


@pytest.fixture
def many_projects(project_index, make_project):
    """30 projects: 25 completed ones about „bildung“, 5 ongoing ones without a topic."""
    bildung = make_topic("bildung", "Bildung")
    for number in range(1, 26):
        make_project(
            project_index,
            f"Abgeschlossen {number:02}",
            start_year=2000,
            end_year=2001,
            topics=[bildung],
        )
    for number in range(1, 6):
        make_project(project_index, f"Laufend {number:02}")
    return project_index


def test_index_shows_twelve_projects_per_page(client, many_projects):
    first = client.get("/projekte/")
    third = client.get("/projekte/", {"seite": "3"})

    assert len(card_titles(first)) == 12
    assert card_titles(first)[0] == "Abgeschlossen 01"
    assert card_titles(third) == ["Abgeschlossen 25"] + [f"Laufend {n:02}" for n in range(1, 6)]
    assert soup(first).find(class_="result-count").get_text(strip=True) == "30 Projekte"


def test_page_number_beyond_the_end_gives_the_last_page(client, many_projects):
    last = client.get("/projekte/", {"seite": "3"})
    beyond = client.get("/projekte/", {"seite": "999"})

    assert beyond.status_code == 200
    assert card_titles(beyond) == card_titles(last)
    current = (
        soup(beyond).find("nav", class_="pagination").find("a", attrs={"aria-current": "page"})
    )
    assert current.get_text(" ", strip=True).endswith("3")


@pytest.mark.parametrize("value", ["abc", "", "1.5"])
def test_page_number_that_is_no_number_gives_the_first_page(client, many_projects, value):
    response = client.get("/projekte/", {"seite": value})

    assert response.status_code == 200
    assert card_titles(response) == card_titles(client.get("/projekte/"))


def test_pagination_links_keep_the_filters(client, many_projects):
    response = client.get("/projekte/", {"status": COMPLETED, "thema": "bildung", "seite": "2"})

    assert len(card_titles(response)) == 12
    nav = soup(response).find("nav", class_="pagination")
    hrefs = [a["href"] for a in nav.find_all("a")]
    assert hrefs == [
        "?status=completed&thema=bildung&seite=1",  # Zurück
        "?status=completed&thema=bildung&seite=1",
        "?status=completed&thema=bildung&seite=2",
        "?status=completed&thema=bildung&seite=3",
        "?status=completed&thema=bildung&seite=3",  # Weiter
    ]
    assert nav.find("a", rel="prev") and nav.find("a", rel="next")
    assert nav.find("a", attrs={"aria-current": "page"})["href"].endswith("seite=2")


def test_many_pages_link_the_ends_and_the_neighbours_only(client, many_projects, monkeypatch):
    """With 30 projects two to a page (15 pages), page 8 links 1, 6–10 and 15, „…“ between."""
    monkeypatch.setattr(type(many_projects.specific), "projects_per_page", 2)
    nav = soup(client.get("/projekte/", {"seite": "8"})).find("nav", class_="pagination")

    numbers = [a["href"].rsplit("=", 1)[1] for a in nav.find_all("a") if not a.get("rel")]
    assert numbers == ["1", "6", "7", "8", "9", "10", "15"]
    assert [span.get_text() for span in nav.find_all("span", attrs={"aria-hidden": "true"})] == [
        "…",
        "…",
    ]


def test_filtered_result_count_drives_the_pagination(client, many_projects):
    response = client.get("/projekte/", {"status": ONGOING})

    assert card_titles(response) == [f"Laufend {n:02}" for n in range(1, 6)]
    assert soup(response).find("nav", class_="pagination") is None


def test_draft_and_private_projects_are_not_listed(client, project_index, make_project):
    from wagtail.models import PageViewRestriction

    make_project(project_index, "Öffentlich")
    make_project(project_index, "Entwurf", live=False)
    private = make_project(project_index, "Geschützt")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    assert card_titles(client.get("/projekte/")) == ["Öffentlich"]


def test_result_count_is_singular_for_one_project(client, project_index, make_project):
    make_project(project_index, "Einzeln")

    text = soup(client.get("/projekte/")).find(class_="result-count").get_text(strip=True)

    assert re.fullmatch(r"1 Projekt", text)
