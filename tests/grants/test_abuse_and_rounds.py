"""Honeypot, rate limit, CSRF; the form only while a round is open; round rules."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from grants.models import FundingRound, GrantApplication, RoundState

from .conftest import FORM_URL, make_round, valid_data

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_honeypot_filled_in_stores_nothing(client, form_page):
    response = client.post(FORM_URL, valid_data(website="http://spam.example"))
    assert response.status_code == 400
    assert "konnte nicht angenommen werden" in response.content.decode()
    assert GrantApplication.objects.count() == 0


def test_rate_limit_per_client(client, form_page, settings, submit):
    settings.ZIB_GRANTS_RATE_LIMIT = (2, 600)
    assert submit().status_code == 302
    # A failed validation does not use up the limit for applications (it has its own).
    assert client.post(FORM_URL, valid_data(postcode="1")).status_code == 200
    assert submit().status_code == 302
    response = submit()
    assert response.status_code == 429
    assert "Bitte versuchen Sie es in 10 Minuten erneut" in response.content.decode()
    assert GrantApplication.objects.count() == 2
    # Another client is not affected.
    assert submit(test_client=Client(REMOTE_ADDR="192.0.2.7")).status_code == 302


def test_rate_limit_behind_trusted_proxy_uses_forwarded_address(form_page, settings, submit):
    settings.ZIB_GRANTS_RATE_LIMIT = (1, 600)
    settings.ZIB_TRUSTED_PROXY_COUNT = 1
    first = Client(HTTP_X_FORWARDED_FOR="198.51.100.1")
    second = Client(HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert submit(test_client=first).status_code == 302
    assert submit(test_client=first).status_code == 429
    assert submit(test_client=second).status_code == 302


def test_post_without_csrf_token_is_refused(form_page):
    client = Client(enforce_csrf_checks=True)
    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 403
    assert GrantApplication.objects.count() == 0


def test_csrf_token_from_the_form_is_accepted(form_page, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    client.get(FORM_URL)
    token = client.cookies["csrftoken"].value
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, valid_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302


def test_no_open_round_shows_next_opening_and_refuses_post(client, application_page):
    now = timezone.now()
    make_round(now - 60 * DAY, now - 30 * DAY, title="Zuschüsse alt", year=2025)
    upcoming = make_round(
        datetime.datetime(2027, 1, 15, 9, 0, tzinfo=datetime.UTC),
        datetime.datetime(2027, 3, 31, 21, 59, tzinfo=datetime.UTC),
        title="Zuschüsse 2027",
    )
    assert upcoming.get_state(now) == RoundState.UPCOMING

    page = client.get(FORM_URL)
    html = page.content.decode()
    assert page.status_code == 200
    assert "grants-form" not in html
    assert "Die nächste Antragsrunde (Zuschüsse 2027) beginnt am 15. Januar 2027 um 10:00 Uhr" in (
        text_of(html)
    )

    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 409
    text = text_of(response.content.decode())
    assert "Die Antragsfrist ist abgelaufen" in text
    assert "Ihr Antrag wurde nicht gespeichert" in text
    assert "Die nächste Antragsrunde (Zuschüsse 2027) beginnt am 15. Januar 2027" in text
    assert GrantApplication.objects.count() == 0


def text_of(html):
    """The page's text as read, inline markup (the <bdi> isolates) joined without gaps."""
    return " ".join(BeautifulSoup(html, "html.parser").get_text().split())


def test_grants_page_box_shows_deadline_or_next_round(client, application_page, grants_page):
    now = timezone.now()
    html = client.get("/zuschuesse/").content.decode()
    assert "Der Termin der nächsten Antragsrunde steht noch nicht fest" in html

    make_round(now + 10 * DAY, now + 40 * DAY, title="Zuschüsse später")
    assert (
        "Die nächste Antragsrunde (Zuschüsse später) beginnt am"
        in client.get("/zuschuesse/").content.decode()
    )

    FundingRound.objects.all().delete()
    make_round(
        now - DAY,
        datetime.datetime(2099, 3, 31, 22, 0, tzinfo=datetime.UTC),
        title="Zuschüsse offen",
    )
    html = client.get("/zuschuesse/").content.decode()
    assert "Antragsfrist bis 1. April 2099, 00:00 Uhr" in text_of(html)  # Europe/Berlin (CEST)
    assert '<bdi dir="ltr">00:00</bdi>' in html  # the time cannot be reordered by RTL text
    assert 'href="/zuschuesse/antrag/"' in html


def test_round_state_is_derived(db):
    now = timezone.now()
    funding_round = FundingRound(opens_at=now, closes_at=now + 10 * DAY)
    assert funding_round.get_state(now - DAY) == RoundState.UPCOMING
    assert funding_round.get_state(now + DAY) == RoundState.OPEN
    assert funding_round.get_state(now + 11 * DAY) == RoundState.CLOSED


def test_overlapping_rounds_are_rejected(db):
    now = timezone.now()
    make_round(now, now + 30 * DAY, title="Runde A")
    overlapping = FundingRound(
        title="Runde B", year=2026, budget=1, opens_at=now + 29 * DAY, closes_at=now + 60 * DAY
    )
    with pytest.raises(ValidationError, match="überschneidet sich mit der Runde „Runde A“"):
        overlapping.full_clean()
    later = FundingRound(
        title="Runde C", year=2026, budget=1, opens_at=now + 31 * DAY, closes_at=now + 60 * DAY
    )
    later.full_clean()


def test_closing_before_opening_is_rejected(db):
    now = timezone.now()
    funding_round = FundingRound(title="X", year=2026, budget=1, opens_at=now, closes_at=now - DAY)
    with pytest.raises(ValidationError, match="nach dem Antragsbeginn"):
        funding_round.full_clean()
