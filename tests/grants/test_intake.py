"""The one intake (grants/intake.py): the same checks, in the same order, for the HTML form and
the submission API. Each refusal is met through both channels with real multipart POSTs."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from grants import intake
from grants.models import FundingRound, GrantApplication, GrantAttachment
from tests.grants.conftest import FORM_URL, valid_data

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/grant-applications/"

#: How each channel answers each refusal: (HTML status, API status, API problem code).
ANSWERS = {
    "too_large": (413, 413, "payload_too_large"),
    "rate_limited": (429, 429, "rate_limited"),
    "round_closed": (409, 409, "round_closed"),
    "spam": (400, 400, "spam_suspected"),
}


def post(channel, client=None, **overrides):
    client = client or Client()
    return client.post(FORM_URL if channel == "html" else API_URL, valid_data(**overrides))


def assert_refused(response, channel, reason):
    html_status, api_status, code = ANSWERS[reason]
    if channel == "html":
        assert response.status_code == html_status, response.content[:300]
        assert response["Content-Type"].startswith("text/html")
    else:
        assert response.status_code == api_status, response.content[:300]
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == code
    assert GrantApplication.objects.count() == 0
    assert GrantAttachment.objects.count() == 0


def close_round(funding_round):
    FundingRound.objects.filter(pk=funding_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )


CHANNELS = pytest.mark.parametrize("channel", ["html", "api"])


@CHANNELS
def test_a_valid_submission_is_stored_once(channel, form_page):
    response = post(channel)
    assert response.status_code == (302 if channel == "html" else 201)
    application = GrantApplication.objects.get()
    assert application.reference == "ZIB-2026-0001"
    assert application.attachments.count() == 1


@CHANNELS
def test_size_is_checked_before_anything_else(channel, form_page, settings):
    """A too-large body is refused even when the client is over its limit and no round is open:
    the request is never read."""
    settings.ZIB_GRANTS_MAX_REQUEST_SIZE = 1000
    settings.ZIB_GRANTS_RATE_LIMIT = (0, 3600)
    close_round(form_page.get_current_round())
    assert_refused(post(channel), channel, "too_large")


@CHANNELS
def test_rate_limit_comes_before_the_round(channel, form_page, settings):
    settings.ZIB_GRANTS_RATE_LIMIT = (0, 3600)
    close_round(form_page.get_current_round())
    response = post(channel)
    assert_refused(response, channel, "rate_limited")
    assert response["Retry-After"] == "3600"


@CHANNELS
def test_a_closed_round_comes_before_spam_and_validation(channel, form_page):
    close_round(form_page.get_current_round())
    assert_refused(post(channel, website="http://spam.example", title=""), channel, "round_closed")


@CHANNELS
def test_spam_comes_before_validation(channel, form_page):
    assert_refused(post(channel, website="http://spam.example", title=""), channel, "spam")


@CHANNELS
def test_too_many_fields_are_refused_as_too_large(channel, form_page, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    assert_refused(post(channel), channel, "too_large")


@CHANNELS
def test_invalid_input_is_answered_per_field_and_nothing_is_stored(channel, form_page):
    response = post(channel, title="", iban="DE00 0000")
    if channel == "html":
        assert response.status_code == 200
        assert "Fehler:" in response.content.decode()
    else:
        assert response.status_code == 422
        fields = {error["field"] for error in response.json()["errors"]}
        assert {"title", "iban"} <= fields
    assert GrantApplication.objects.count() == 0


def test_the_checks_share_one_rate_limit_across_channels(form_page, settings):
    """Both channels count against the same per-client limit."""
    settings.ZIB_GRANTS_RATE_LIMIT = (2, 3600)
    assert post("html").status_code == 302
    assert post("api").status_code == 201
    assert post("html").status_code == 429
    assert post("api").status_code == 429
    assert GrantApplication.objects.count() == 2


def test_declared_length_ignores_malformed_headers(rf):
    assert intake.declared_length(rf.post("/", CONTENT_LENGTH="abc")) == 0
    assert intake.declared_length(rf.post("/", CONTENT_LENGTH="-5")) == 0
    assert intake.declared_length(rf.post("/", data="x" * 10, content_type="text/plain")) == 10


def test_outcome_states_are_exclusive():
    assert intake.Outcome(refusal=intake.Refusal("spam")).invalid is False
    assert intake.Outcome(form=object()).invalid is True
    accepted = intake.Outcome(form=object(), application=object())
    assert accepted.accepted and not accepted.invalid
