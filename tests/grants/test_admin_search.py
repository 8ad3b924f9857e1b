"""The staff's search and filters in the application list (Zuschüsse → Anträge), through the
admin URL as a clerk uses it: „Frau Demir“ on the phone is found by her name, her e-mail,
her organisation or city; filters by round, status, kind, district and requested amount."""

import datetime
import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from grants.models import ApplicationStatus
from tests.builders import make_district, make_funding_round

from .builders import make_application

pytestmark = pytest.mark.django_db

ADMIN = "/admin/grants_applications/"
UTC = datetime.UTC
REFERENCE = re.compile(r"ZIB-\d{4}-\d{4}")


@pytest.fixture
def applications(db):
    spring = make_funding_round(
        datetime.datetime(2026, 1, 1, tzinfo=UTC),
        datetime.datetime(2026, 3, 31, tzinfo=UTC),
        title="Frühjahr 2026",
        year=2026,
    )
    autumn = make_funding_round(
        datetime.datetime(2026, 9, 1, tzinfo=UTC),
        datetime.datetime(2026, 10, 31, tzinfo=UTC),
        title="Herbst 2026",
        year=2026,
    )
    malstatt = make_district("malstatt", "Malstatt")
    burbach = make_district("burbach", "Burbach")
    return {
        "demir": make_application(
            spring,
            organisation_name="Interkultureller Verein Malstatt e. V.",
            title="Fest der Kulturen",
            contact_name="Ayşe Demir",
            contact_email="ayse.demir@example.org",
            city="Saarbrücken",
            kind="event",
            district=malstatt,
            requested_amount=Decimal("1500.00"),
        ),
        "mueller": make_application(
            autumn,
            organisation_name="Nachbarschaftshilfe Burbach",
            title="Sprachcafé",
            contact_name="Jürgen Müller",
            contact_email="j.mueller@example.org",
            city="Völklingen",
            kind="project",
            district=burbach,
            status=ApplicationStatus.IN_REVIEW,
            requested_amount=Decimal("2500.00"),
        ),
        "celik": make_application(
            autumn,
            organisation_name="Çelik Kulturverein",
            title="Theater für alle",
            contact_name="Deniz Çelik",
            contact_email="info@celik-verein.example",
            city="Saarlouis",
            kind="project",
            district=None,
            status=ApplicationStatus.REJECTED,
            requested_amount=Decimal("4000.00"),
        ),
    }


def listed(client, query):
    """The references in the list's rows for `query` (search and filter parameters)."""
    response = client.get(ADMIN + query)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    rows = page.select("#listing-results tbody tr")
    return {REFERENCE.search(row.get_text(" ")).group() for row in rows}


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def refs(applications, *names):
    return {applications[name].reference for name in names}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Demir", ["demir"]),  # the contact person's surname, as on the phone
        ("demir", ["demir"]),
        ("Frau Demir", ["demir"]),  # the salutation names nobody
        ("Ayşe", ["demir"]),
        ("ayse.demir@", ["demir"]),  # part of the e-mail address
        ("celik-verein.example", ["celik"]),
        ("Saarlouis", ["celik"]),  # the city
        ("völklingen", ["mueller"]),  # non-ASCII, other case (SQLite compares ASCII only)
        ("müller", ["mueller"]),
        ("ÇELIK", ["celik"]),
        ("Malstatt Demir", ["demir"]),  # words in different fields: each must match
        ("Malstatt Müller", []),
        ("Kulturen", ["demir"]),  # the title
        ("Kultur", ["demir", "celik"]),  # part of a word
        ("Nachbarschaftshilfe", ["mueller"]),  # the organisation
        ("2026-0002", ["mueller"]),  # part of the reference
        ("Herr", []),  # only a salutation: searched as typed
    ],
)
def test_search(clerk_client, applications, query, expected):
    assert listed(clerk_client, f"?q={query}") == refs(applications, *expected)


def test_reference_search_finds_exactly_one(clerk_client, applications):
    reference = applications["celik"].reference
    assert listed(clerk_client, f"?q={reference}") == {reference}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=in_review", ["mueller"]),
        ("status=rejected", ["celik"]),
        ("kind=event", ["demir"]),
        ("kind=project", ["mueller", "celik"]),
        ("requested_amount_min=2000", ["mueller", "celik"]),
        ("requested_amount_max=2500", ["demir", "mueller"]),
        ("requested_amount_min=1500&requested_amount_max=1500", ["demir"]),
        ("requested_amount_min=2000&requested_amount_max=3000", ["mueller"]),
        ("requested_amount_min=5000", []),
    ],
)
def test_filters(clerk_client, applications, query, expected):
    assert listed(clerk_client, f"?{query}") == refs(applications, *expected)


def test_filter_by_round_and_search_together(clerk_client, applications):
    autumn = applications["mueller"].funding_round_id
    assert listed(clerk_client, f"?funding_round={autumn}") == refs(
        applications, "mueller", "celik"
    )
    assert listed(clerk_client, f"?funding_round={autumn}&q=Kultur") == refs(applications, "celik")


def test_filter_by_district_in_any_language(clerk_client, applications):
    """An English applicant picked the English row of Burbach: one filter entry finds both."""
    burbach = applications["mueller"].district
    english = Locale.objects.get_or_create(language_code="en")[0]
    burbach_en = burbach.copy_for_translation(english)
    burbach_en.save()
    english_app = make_application(
        applications["mueller"].funding_round, district=burbach_en, organisation_name="Verein EN"
    )
    page = clerk_client.get(ADMIN).content.decode()
    assert page.count(">Burbach<") == 1  # the filter offers Burbach once
    assert listed(clerk_client, f"?district={burbach.pk}") == refs(applications, "mueller") | {
        english_app.reference
    }


def test_filters_offered_in_the_list(clerk_client, applications):
    page = BeautifulSoup(clerk_client.get(ADMIN).content, "html.parser")
    names = {field["name"] for field in page.select("[name]")}
    assert {
        "q",
        "funding_round",
        "status",
        "kind",
        "district",
        "requested_amount_min",
        "requested_amount_max",
    } <= names


def test_an_amount_that_is_no_number_is_reported_and_kept(clerk_client, applications):
    response = clerk_client.get(ADMIN + "?requested_amount_min=viel&q=Demir")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="viel"' in html
    assert "Zahl" in html  # Django's German „Geben Sie eine Zahl ein.“
