"""Funding rounds: the derived state at its exact boundaries, overlap and order of the dates
(model and admin, add and edit), the optional budget, and the figures with several applications.

Times are frozen with time_machine (tick=False), so „exactly now“ is exact.
"""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from grants.dashboard import rounds_closing_soon
from grants.models import ApplicationStatus, FundingRound, RoundState
from grants.models.pages import round_context
from tests.builders import (
    make_funding_round,
    make_home_page,
    round_criteria_form_data,
    round_questions_form_data,
    round_translations_form_data,
)

from .builders import SACHBEARBEITUNG, build_grants_tree, make_application, make_role_user
from .conftest import valid_data

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
ROUNDS = "/admin/grants_rounds/"
SECOND = datetime.timedelta(seconds=1)
MICRO = datetime.timedelta(microseconds=1)
DAY = datetime.timedelta(days=1)

#: A round from 1 March 2027, 10:00 to 31 March 2027, 23:59 (German time).
OPENS = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=BERLIN)
CLOSES = datetime.datetime(2027, 3, 31, 23, 59, tzinfo=BERLIN)


@pytest.fixture
def march():
    return make_funding_round(OPENS, CLOSES, title="Frühjahr 2027", year=2027)


@pytest.fixture
def clerk_client(client):
    client.force_login(make_role_user(SACHBEARBEITUNG))
    return client


def frozen(moment):
    return time_machine.travel(moment, tick=False)


# --- Derived state at the boundaries -----------------------------------------------------------

BOUNDARIES = [
    ("a second before opening", OPENS - SECOND, RoundState.UPCOMING),
    ("a microsecond before opening", OPENS - MICRO, RoundState.UPCOMING),
    ("exactly at opening", OPENS, RoundState.OPEN),
    ("in between", OPENS + 10 * DAY, RoundState.OPEN),
    ("exactly at the deadline", CLOSES, RoundState.OPEN),
    ("a microsecond after the deadline", CLOSES + MICRO, RoundState.CLOSED),
    ("a second after the deadline", CLOSES + SECOND, RoundState.CLOSED),
]


@pytest.mark.parametrize(
    ("moment", "state"), [b[1:] for b in BOUNDARIES], ids=[b[0] for b in BOUNDARIES]
)
def test_state_at_the_boundary(march, moment, state):
    with frozen(moment):
        assert march.state == state
        assert march.get_state() == state
        assert march.get_state_display() == state.label
        assert march.is_open() is (state == RoundState.OPEN)
        # The querysets agree with the instance, without a `now` argument …
        assert (FundingRound.objects.current() == march) is (state == RoundState.OPEN)
        assert list(FundingRound.objects.open()) == ([march] if state == RoundState.OPEN else [])
        assert (FundingRound.objects.next_upcoming() == march) is (state == RoundState.UPCOMING)
        assert round_context() == {
            "current_round": march if state == RoundState.OPEN else None,
            "next_round": march if state == RoundState.UPCOMING else None,
        }
    # … and with one.
    assert march.get_state(moment) == state
    assert (FundingRound.objects.current(moment) == march) is (state == RoundState.OPEN)


def test_closed_before_is_strict(march):
    assert list(FundingRound.objects.closed_before(CLOSES)) == []
    assert list(FundingRound.objects.closed_before(CLOSES + MICRO)) == [march]


@pytest.mark.parametrize(
    ("moment", "accepted"),
    [
        (OPENS - SECOND, False),
        (OPENS, True),
        (CLOSES, True),
        (CLOSES + SECOND, False),
    ],
    ids=["before opening", "at opening", "at the deadline", "after the deadline"],
)
def test_public_form_accepts_exactly_while_open(client, march, moment, accepted):
    pages = build_grants_tree(make_home_page())
    url = pages["antrag"].url
    with frozen(moment):
        response = client.post(url, valid_data(start_date="2027-06-01", end_date="2027-06-02"))
    assert response.status_code == (302 if accepted else 409)
    assert march.applications.count() == (1 if accepted else 0)


def test_dashboard_lists_rounds_closing_within_the_configured_days(march, settings):
    settings.ZIB_GRANTS_DASHBOARD_CLOSING_DAYS = 14
    # 14 × 24 hours: computed in UTC (summer time begins on 28 March 2027).
    closes = CLOSES.astimezone(datetime.UTC)
    with frozen(closes - 14 * DAY):
        assert list(rounds_closing_soon()) == [march]
    with frozen(closes - 14 * DAY - SECOND):
        assert list(rounds_closing_soon()) == []
    with frozen(CLOSES):
        assert list(rounds_closing_soon()) == [march]
    with frozen(CLOSES + SECOND):
        assert list(rounds_closing_soon()) == []


def test_dashboard_panel_shows_the_closing_round_to_the_clerk(client, march):
    make_application(march)
    with frozen(CLOSES - 3 * DAY):
        client.force_login(make_role_user(SACHBEARBEITUNG))  # a session of that day
        html = client.get("/admin/").content.decode()
    panel = BeautifulSoup(html, "html.parser").select_one("#zib-grant-rounds-closing-section")
    assert panel is not None
    cells = [td.get_text(strip=True) for td in panel.select("tbody td")]
    assert cells == ["Frühjahr 2027", "31.03.2027 23:59 Uhr", "1"]


# --- Order and overlap: model ------------------------------------------------------------------


def unsaved(opens, closes, **fields):
    fields.setdefault("title", "Neue Runde")
    fields.setdefault("year", opens.year)
    return FundingRound(opens_at=opens, closes_at=closes, **fields)


OVERLAP_MESSAGE = (
    "Der Antragszeitraum überschneidet sich mit der Runde „Frühjahr 2027“ "
    "(01.03.2027 10:00 bis 31.03.2027 23:59). Es darf immer nur eine Runde geöffnet sein."
)

OVERLAPS = [
    ("inside", OPENS + DAY, CLOSES - DAY),
    ("around", OPENS - DAY, CLOSES + DAY),
    ("over the start", OPENS - DAY, OPENS + DAY),
    ("over the end", CLOSES - DAY, CLOSES + DAY),
    ("the same", OPENS, CLOSES),
    ("opening at the deadline", CLOSES, CLOSES + DAY),
    ("closing at the opening", OPENS - DAY, OPENS),
]


@pytest.mark.parametrize(
    ("opens", "closes"), [o[1:] for o in OVERLAPS], ids=[o[0] for o in OVERLAPS]
)
def test_overlap_is_refused_with_its_message(march, opens, closes):
    with pytest.raises(ValidationError) as refused:
        unsaved(opens, closes).full_clean()
    assert refused.value.messages == [OVERLAP_MESSAGE]
    assert refused.value.error_dict.keys() == {"__all__"}


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(CLOSES + SECOND, CLOSES + DAY), (OPENS - DAY, OPENS - SECOND)],
    ids=["a second after the deadline", "until a second before the opening"],
)
def test_adjacent_rounds_are_allowed(march, opens, closes):
    unsaved(opens, closes).full_clean()


def test_a_round_does_not_overlap_itself(march):
    march.title = "Frühjahr 2027 (verlängert)"
    march.closes_at = CLOSES + DAY
    march.full_clean()


@pytest.mark.parametrize("closes", [OPENS, OPENS - SECOND], ids=["equal", "before"])
def test_deadline_must_follow_the_opening(closes):
    with pytest.raises(ValidationError) as refused:
        unsaved(OPENS, closes).full_clean()
    assert refused.value.message_dict == {
        "closes_at": ["Die Antragsfrist muss nach dem Antragsbeginn liegen."]
    }


def test_database_refuses_a_deadline_not_after_the_opening():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_funding_round(OPENS, OPENS)


# --- Order and overlap: admin add and edit -----------------------------------------------------


def round_post(title="Herbst 2027", opens="2027-09-01 00:00", closes="2027-10-31 23:59", **extra):
    data = {
        "title": title,
        "year": "2027",
        "opens_at": opens,
        "closes_at": closes,
        "budget": "",
        "max_amount_per_application": "",
        "committee_meeting_date": "",
        "description": "",
        **round_translations_form_data(),
        **round_questions_form_data(),
        **round_criteria_form_data(),
    }
    data.update(extra)
    return data


def form_of(response):
    return response.context["form"]


def test_admin_add_refuses_an_overlap(clerk_client, march):
    response = clerk_client.post(
        f"{ROUNDS}new/", round_post(opens="2027-03-31 23:59", closes="2027-04-30 23:59")
    )
    assert response.status_code == 200
    assert form_of(response).non_field_errors() == [OVERLAP_MESSAGE]
    assert OVERLAP_MESSAGE in BeautifulSoup(response.content, "html.parser").get_text()
    assert FundingRound.objects.count() == 1


def test_admin_add_accepts_the_next_minute(clerk_client, march):
    response = clerk_client.post(
        f"{ROUNDS}new/", round_post(opens="2027-04-01 00:00", closes="2027-04-30 23:59")
    )
    assert response.status_code == 302
    added = FundingRound.objects.get(title="Herbst 2027")
    assert added.opens_at == datetime.datetime(2027, 4, 1, 0, 0, tzinfo=BERLIN)
    assert added.closes_at == datetime.datetime(2027, 4, 30, 23, 59, tzinfo=BERLIN)


def test_admin_edit_refuses_moving_a_round_into_another(clerk_client, march):
    autumn = make_funding_round(
        datetime.datetime(2027, 9, 1, tzinfo=BERLIN),
        datetime.datetime(2027, 10, 31, tzinfo=BERLIN),
        title="Herbst 2027",
    )
    response = clerk_client.post(f"{ROUNDS}edit/{autumn.pk}/", round_post(opens="2027-03-15 00:00"))
    assert response.status_code == 200
    assert form_of(response).non_field_errors() == [OVERLAP_MESSAGE]
    autumn.refresh_from_db()
    assert autumn.opens_at == datetime.datetime(2027, 9, 1, tzinfo=BERLIN)


def test_admin_edit_keeps_its_own_dates(clerk_client, march):
    response = clerk_client.post(
        f"{ROUNDS}edit/{march.pk}/",
        round_post(title="Frühjahr", opens="2027-03-01 10:00", closes="2027-03-31 23:59"),
    )
    assert response.status_code == 302
    march.refresh_from_db()
    assert (march.title, march.opens_at, march.closes_at) == ("Frühjahr", OPENS, CLOSES)


def test_admin_refuses_a_deadline_before_the_opening(clerk_client):
    response = clerk_client.post(
        f"{ROUNDS}new/", round_post(opens="2027-09-01 00:00", closes="2027-08-31 23:59")
    )
    assert response.status_code == 200
    assert form_of(response).errors == {
        "closes_at": ["Die Antragsfrist muss nach dem Antragsbeginn liegen."]
    }
    assert not FundingRound.objects.exists()


@pytest.mark.parametrize("field", ["title", "year", "opens_at", "closes_at"])
def test_admin_requires_the_round_fields(clerk_client, field):
    response = clerk_client.post(f"{ROUNDS}new/", round_post(**{field: ""}))
    assert response.status_code == 200
    assert form_of(response).errors[field] == ["Dieses Feld muss ausgefüllt werden."]
    assert not FundingRound.objects.exists()


# --- Budget --------------------------------------------------------------------------------------


def test_budget_is_optional(clerk_client):
    assert clerk_client.post(f"{ROUNDS}new/", round_post()).status_code == 302
    autumn = FundingRound.objects.get()
    assert autumn.budget is None
    assert autumn.stats()["budget_left"] is None

    listing = BeautifulSoup(clerk_client.get(ROUNDS).content, "html.parser")
    row = [td.get_text(strip=True) for td in listing.select("tbody tr")[0].select("td")]
    assert row[-4:] == ["–", "0,00 €", "0,00 €", "–"]
    detail = clerk_client.get(f"{ROUNDS}inspect/{autumn.pk}/").content.decode()
    assert "Budget noch nicht festgelegt" in detail


@pytest.mark.parametrize("budget", ["0", "-100"])
def test_budget_must_be_positive_when_given(clerk_client, budget):
    response = clerk_client.post(f"{ROUNDS}new/", round_post(budget=budget))
    assert response.status_code == 200
    assert list(form_of(response).errors) == ["budget"]
    assert not FundingRound.objects.exists()


# --- Figures -------------------------------------------------------------------------------------


@pytest.fixture
def busy_round(march):
    """Five applications: two granted (800 + 1.200,50), one rejected, two in progress."""
    specs = [
        (ApplicationStatus.GRANTED, "1000.00", "800.00"),
        (ApplicationStatus.GRANTED, "2000.00", "1200.50"),
        (ApplicationStatus.REJECTED, "3000.00", None),
        (ApplicationStatus.IN_REVIEW, "500.00", None),
        (ApplicationStatus.RECEIVED, "750.25", None),
    ]
    for status, requested, granted in specs:
        make_application(
            march,
            status=status,
            requested_amount=Decimal(requested),
            total_costs=Decimal("5000"),
            granted_amount=granted and Decimal(granted),
        )
    return march


EXPECTED_FIGURES = {
    "count": 5,
    "requested": Decimal("7250.25"),
    "granted": Decimal("2000.50"),
    "budget_left": Decimal("7999.50"),
}


def test_figures_of_a_round(busy_round):
    assert busy_round.stats() == EXPECTED_FIGURES


def test_annotated_figures_agree_with_the_stats(busy_round):
    empty = make_funding_round(
        datetime.datetime(2028, 1, 1, tzinfo=BERLIN),
        datetime.datetime(2028, 2, 1, tzinfo=BERLIN),
        title="Leer",
        budget=None,
    )
    annotated = {r.pk: r for r in FundingRound.objects.with_stats()}
    for funding_round in (busy_round, empty):
        row, stats = annotated[funding_round.pk], funding_round.stats()
        assert row.application_count == stats["count"]
        assert (row.requested_sum or Decimal("0")) == stats["requested"]
        assert (row.granted_sum or Decimal("0")) == stats["granted"]
    assert empty.stats() == {
        "count": 0,
        "requested": Decimal("0"),
        "granted": Decimal("0"),
        "budget_left": None,
    }


def test_figures_in_the_admin_listing_and_detail(clerk_client, busy_round):
    listing = BeautifulSoup(clerk_client.get(ROUNDS).content, "html.parser")
    headings = [th.get_text(strip=True) for th in listing.select("thead th")]
    row = [td.get_text(strip=True) for td in listing.select("tbody tr")[0].select("td")]
    figures = dict(zip(headings[-5:], row[-5:], strict=True))
    assert figures == {
        "Anträge": "5",
        "Budget": "10.000,00 €",
        "Beantragt": "7.250,25 €",
        "Bewilligt": "2.000,50 €",
        "Restbudget": "7.999,50 €",
    }
    detail = BeautifulSoup(
        clerk_client.get(f"{ROUNDS}inspect/{busy_round.pk}/").content, "html.parser"
    )
    overview = [dd.get_text(" ", strip=True) for dd in detail.select("section dl")[0].select("dd")]
    assert overview == ["5", "7.250,25 €", "2.000,50 €", "7.999,50 € (von 10.000,00 €)"]


def test_budget_left_goes_negative_when_overspent(march):
    march.budget = Decimal("1000.00")
    march.save()
    make_application(
        march,
        status=ApplicationStatus.GRANTED,
        requested_amount=Decimal("1500"),
        granted_amount=Decimal("1500"),
    )
    assert march.stats()["budget_left"] == Decimal("-500.00")


def test_figures_count_only_their_own_round(busy_round):
    other = make_funding_round(
        datetime.datetime(2028, 1, 1, tzinfo=BERLIN),
        datetime.datetime(2028, 2, 1, tzinfo=BERLIN),
        title="Andere",
    )
    make_application(other, status=ApplicationStatus.GRANTED, granted_amount=Decimal("99"))
    assert busy_round.stats() == EXPECTED_FIGURES
    assert other.stats()["granted"] == Decimal("99.00")


# --- The round's text in other languages ---------------------------------------------------------


def test_admin_adds_an_english_title_and_the_english_form_shows_it(clerk_client, march):
    response = clerk_client.post(
        f"{ROUNDS}edit/{march.pk}/",
        round_post(
            title=march.title,
            opens="2027-03-01 00:00",
            closes="2027-03-31 23:59",
            **round_translations_form_data(
                {"language": "en", "title": "Spring grants", "description": "Focus: neighbours."}
            ),
        ),
    )
    assert response.status_code == 302, form_of(response).errors
    [translation] = march.translations.all()
    assert (translation.language, translation.title) == ("en", "Spring grants")
    assert march.translated("title", "en") == ("Spring grants", "en")
    assert march.translated("description", "en") == ("Focus: neighbours.", "en")
    assert march.translated("title", "ar") == (march.title, "de")  # not translated: German
    assert march.translated("title", "de") == (march.title, "de")


def test_a_language_is_translated_once(clerk_client, march):
    twice = round_translations_form_data(
        {"language": "en", "title": "Spring grants"}, {"language": "en", "title": "Spring"}
    )
    response = clerk_client.post(
        f"{ROUNDS}edit/{march.pk}/",
        round_post(title=march.title, opens="2027-03-01 00:00", closes="2027-03-31 23:59", **twice),
    )
    assert response.status_code == 200
    assert not march.translations.exists()
