"""One application per rendered form (grants/tokens.py): the form's hidden submission token
makes a double click, a back-and-resubmit or a retry answer with the first confirmation."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.utils import timezone

from grants import tokens
from grants.models import (
    FundingRound,
    GrantApplication,
    MailDelivery,
    ReferenceCounter,
    SubmissionToken,
)

from .conftest import CONFIRMATION_URL, FORM_URL, upload, valid_data

pytestmark = pytest.mark.django_db

REPEATED = "Sie haben diesen Antrag mehrfach abgesendet."


def form_token(response):
    """The submission token of the form in `response`."""
    field = BeautifulSoup(response.content, "html.parser").find(
        "input", attrs={"name": tokens.FIELD_NAME}
    )
    assert field is not None, "the form carries no submission token"
    return field["value"]


def reference_shown(response):
    return (
        BeautifulSoup(response.content, "html.parser")
        .select_one(".grants-reference__number")
        .get_text(strip=True)
    )


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """POST the form with `token` like a browser; the mail tasks run on commit."""

    def _send(client, token, **overrides):
        data = valid_data(**{tokens.FIELD_NAME: token, **overrides})
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(FORM_URL, data)

    return _send


def test_every_rendered_form_carries_its_own_signed_token(client, form_page, open_round):
    first, second = form_token(client.get(FORM_URL)), form_token(client.get(FORM_URL))
    assert first != second
    claim = tokens.form_claim(first)
    assert claim.kind == SubmissionToken.Kind.FORM
    assert claim.round_id == open_round.pk
    # Tampering breaks the signature: the token no longer counts.
    assert tokens.form_claim(first[:-2] + ("AA" if not first.endswith("AA") else "BB")) is None
    assert tokens.form_claim("kein-token") is None


def test_a_double_click_stores_one_application_and_answers_twice_alike(client, form_page, send):
    token = form_token(client.get(FORM_URL))
    first = send(client, token)
    second = send(client, token)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == CONFIRMATION_URL
    application = GrantApplication.objects.get()
    assert application.submission_tokens.get().key == tokens.form_claim(token).key
    confirmation = client.get(CONFIRMATION_URL)
    assert reference_shown(confirmation) == application.reference == "ZIB-2026-0001"
    assert REPEATED in confirmation.content.decode()
    # One confirmation and one office notification, not two of each.
    assert MailDelivery.objects.filter(application=application).count() == 2
    assert ReferenceCounter.objects.get(year=2026).last_number == 1


def test_back_and_resubmit_after_the_confirmation_shows_the_first_reference(
    client, form_page, send
):
    token = form_token(client.get(FORM_URL))
    assert send(client, token).status_code == 302
    confirmation = client.get(CONFIRMATION_URL)
    assert REPEATED not in confirmation.content.decode()
    status_link = BeautifulSoup(confirmation.content, "html.parser").find("a", rel="noreferrer")
    # Back in the browser: the old page, the same token; a value changed meanwhile.
    again = send(client, token, title="Fest der Kulturen (geändert)")
    assert again.status_code == 302
    confirmation = client.get(again["Location"])
    assert reference_shown(confirmation) == "ZIB-2026-0001"
    assert REPEATED in confirmation.content.decode()
    if status_link is not None:  # the first browser keeps its status link
        assert status_link["href"] in confirmation.content.decode()
    assert GrantApplication.objects.get().title == "Fest der Kulturen"


def test_a_retry_from_another_browser_gets_the_reference_but_not_the_status_link(
    client, form_page, send
):
    token = form_token(client.get(FORM_URL))
    assert send(client, token).status_code == 302
    other = Client()
    assert send(other, token).status_code == 302
    confirmation = other.get(CONFIRMATION_URL)
    assert reference_shown(confirmation) == "ZIB-2026-0001"
    assert "/status/" not in confirmation.content.decode()
    assert GrantApplication.objects.count() == 1


def test_a_repetition_is_answered_even_over_the_limit_and_after_the_deadline(
    client, form_page, open_round, send, settings
):
    token = form_token(client.get(FORM_URL))
    assert send(client, token).status_code == 302
    settings.ZIB_GRANTS_RATE_LIMIT = (0, 3600)
    settings.ZIB_GRANTS_DEADLINE_GRACE_MINUTES = 0
    now = timezone.now()
    FundingRound.objects.filter(pk=open_round.pk).update(
        opens_at=now - datetime.timedelta(days=10), closes_at=now - datetime.timedelta(days=1)
    )
    again = send(client, token)
    assert again.status_code == 302
    assert reference_shown(client.get(again["Location"])) == "ZIB-2026-0001"


def test_a_corrected_form_keeps_its_token_and_is_stored_once(client, form_page, send):
    token = form_token(client.get(FORM_URL))
    invalid = send(client, token, iban="DE00 1234")
    assert invalid.status_code == 200
    assert form_token(invalid) == token  # so that it still proves when it was opened
    assert send(client, token).status_code == 302
    assert send(client, token).status_code == 302
    assert GrantApplication.objects.count() == 1


def test_forms_without_or_with_a_forged_token_are_not_deduplicated(client, form_page, send):
    assert send(client, "").status_code == 302
    assert send(client, "gefälscht").status_code == 302
    assert send(client, "gefälscht").status_code == 302
    assert GrantApplication.objects.count() == 3
    assert not SubmissionToken.objects.exists()
    # The form shown again after such a POST carries a new, valid token.
    invalid = send(client, "gefälscht", title="")
    assert tokens.form_claim(form_token(invalid)) is not None


def test_the_unique_constraint_decides_when_both_pass_the_first_check(
    client, form_page, send, monkeypatch, private_root
):
    """The race without threads, on every database: the second POST checks for the token before
    the first one is committed (so it finds none), then stores; its INSERT of the token fails
    and everything it wrote (application, reference number, files) rolls back."""
    token = form_token(client.get(FORM_URL))
    assert send(client, token).status_code == 302
    files_before = sorted(path.name for path in private_root.rglob("*") if path.is_file())
    real_find = tokens.find
    calls = []

    def find_too_early(claim):
        calls.append(claim)
        return None if len(calls) == 1 else real_find(claim)

    monkeypatch.setattr(tokens, "find", find_too_early)
    again = send(client, token, budget_plan=upload("zweiter-plan.pdf"))
    assert len(calls) == 2  # before the intake, and after the failed INSERT
    assert again.status_code == 302
    assert reference_shown(client.get(again["Location"])) == "ZIB-2026-0001"
    assert GrantApplication.objects.count() == 1
    assert ReferenceCounter.objects.get(year=2026).last_number == 1  # no gap
    files_after = sorted(path.name for path in private_root.rglob("*") if path.is_file())
    assert files_after == files_before  # the second plan was removed again
