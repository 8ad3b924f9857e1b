"""A refused POST never loses what was typed: limits (429), a closed round (409; with a grace
period for forms opened before the deadline), a failed CSRF check (403) and files too large
(413) answer with the form again: every value kept (in the draft, which the review shows and
every step shows in its inputs again; after a failed CSRF check, which stores nothing, in the
page itself) and the files that could not be kept named, to choose again."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from grants import conf, tokens
from grants.models import ApplicationDraft, FundingRound, GrantApplication

from .conftest import FORM_URL, upload, valid_data
from .form_client import (
    declarations,
    draft_of,
    goto,
    names_of_step,
    press,
    shown_step,
    values_of,
    walk,
)

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response):
    return " ".join(soup(response).get_text().split())


def form_token(response):
    return soup(response).find("input", attrs={"name": tokens.FIELD_NAME})["value"]


#: What valid_data() typed, as each step shows it in its inputs.
KEPT_INPUTS = {
    "organisation": {
        "organisation_name": "Interkultureller Verein Malstatt e. V.",
        "legal_form": "ev",
    },
    "project": {
        "kind": "event",
        "start_date": "2026-06-01",
        "description": "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern.",
    },
    "finances": {"iban": "DE89 3704 0044 0532 0130 00", "costs-0-amount": "1.200,00"},
}


def assert_values_kept(client, response, files=("kostenplan.pdf",)):
    """The typed values are kept: the review answering the refusal shows them (the
    declarations ticked, the `files` as uploaded), and each step, reached with „Ändern“,
    shows its values in its inputs (texts, textareas, choices, radios), without errors."""
    assert shown_step(response) == "review"
    text = text_of(response)
    for value in (
        "Interkultureller Verein Malstatt e. V.",
        "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern.",
        "DE89370400440532013000",
        "Musik und Technik",
        *files,
    ):
        assert value in text, value
    assert values_of(response)["privacy_consent"] == ["on"]
    for step, expected in KEPT_INPUTS.items():
        page = goto(client, response, step)
        assert shown_step(page) == step
        values = values_of(page)
        for name, value in expected.items():
            assert values.get(name) == [value], (step, name)
        assert not soup(page).select(".grants-field--error"), step


def files_to_choose_again(response):
    return [
        item.get_text(" ", strip=True) for item in soup(response).select(".grants-files-again li")
    ]


def opened_minutes_ago(minutes, funding_round):
    """The token of a form rendered `minutes` ago (as the form page issues it then)."""
    return tokens.issue_form_token(
        funding_round, now=timezone.now() - datetime.timedelta(minutes=minutes)
    )


def close_round(funding_round, minutes_ago):
    FundingRound.objects.filter(pk=funding_round.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )


# --- 429: the two limits ---------------------------------------------------------------------


def test_over_the_limit_of_accepted_submissions_answers_429_with_the_values(
    client, form_page, settings, submit
):
    settings.ZIB_GRANTS_RATE_LIMIT = (1, 3600)
    assert submit().status_code == 302
    response = client.post(FORM_URL, valid_data(attachments=[upload("satzung.pdf")]))
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"
    text = text_of(response)
    assert "Zu viele Versuche" in text
    assert "Bitte versuchen Sie es in 60 Minuten erneut" in text
    assert not soup(response).select(".grants-field--error")
    # The files are kept with the values: nothing to choose again.
    assert files_to_choose_again(response) == []
    assert sorted(draft_of(response).files.values_list("original_name", flat=True)) == [
        "kostenplan.pdf",
        "satzung.pdf",
    ]
    assert_values_kept(client, response, files=("kostenplan.pdf", "satzung.pdf"))
    assert GrantApplication.objects.count() == 1


def test_failed_validations_count_against_their_own_higher_limit(
    client, form_page, settings, submit
):
    settings.ZIB_GRANTS_RATE_LIMIT = (1, 3600)
    settings.ZIB_GRANTS_INVALID_RATE_LIMIT = (3, 600)
    for _attempt in range(3):  # three mistakes …
        assert client.post(FORM_URL, valid_data(postcode="123")).status_code == 200
    # … and the fourth POST is refused even though it is valid, with its values kept.
    response = client.post(FORM_URL, valid_data())
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Bitte versuchen Sie es in 10 Minuten erneut" in text_of(response)
    assert_values_kept(client, response)
    assert GrantApplication.objects.count() == 0
    # Another client has its own counters; mistakes below the limit never block a valid one.
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert other.post(FORM_URL, valid_data(postcode="1")).status_code == 200
    assert submit(test_client=other).status_code == 302


def test_the_limit_holds_for_concurrent_submissions_of_one_client(form_page, settings, submit):
    """The accepted submission is counted before it is stored, so that submissions racing each
    other cannot all slip under the limit; a refused one gives its place back."""
    from grants import ratelimit

    settings.ZIB_GRANTS_RATE_LIMIT = (2, 3600)
    request = Client().get(FORM_URL).wsgi_request
    assert ratelimit.reserve_submission(request)
    assert submit().status_code == 302  # the second place
    assert submit().status_code == 429
    ratelimit.release_submission(request)  # the first one was not stored after all
    assert submit().status_code == 302
    assert GrantApplication.objects.count() == 2


# --- 409: the deadline and its grace period -----------------------------------------------------


def test_a_form_opened_before_the_deadline_is_accepted_within_the_grace_period(
    client, form_page, open_round, settings, django_capture_on_commit_callbacks
):
    settings.ZIB_GRANTS_DEADLINE_GRACE_MINUTES = 15
    token = opened_minutes_ago(10, open_round)
    close_round(open_round, minutes_ago=5)
    # A mistake first: the form comes back, saying until when it is still accepted.
    invalid = client.post(FORM_URL, valid_data(submission_token=token, postcode="1"))
    assert invalid.status_code == 200
    closes_at = FundingRound.objects.get(pk=open_round.pk).closes_at
    until = timezone.localtime(closes_at + datetime.timedelta(minutes=15)).strftime("%H:%M")
    assert f"wenn Sie ihn bis {until} Uhr absenden" in text_of(invalid)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(FORM_URL, valid_data(submission_token=token))
    assert response.status_code == 302
    assert GrantApplication.objects.get().funding_round == open_round


def test_after_the_grace_period_the_answer_is_409_with_the_values(
    client, form_page, open_round, settings
):
    settings.ZIB_GRANTS_DEADLINE_GRACE_MINUTES = 15
    token = opened_minutes_ago(30, open_round)
    close_round(open_round, minutes_ago=16)
    response = client.post(FORM_URL, valid_data(submission_token=token))
    assert response.status_code == 409
    text = text_of(response)
    assert "Die Antragsfrist ist abgelaufen" in text
    assert "noch bis 15 Minuten nach der Frist an" in text
    assert soup(response).select_one("#grants-submit") is None  # nothing to send it to
    assert files_to_choose_again(response) == []  # kept in the draft
    assert_values_kept(client, response)
    # The draft may be kept with „Zwischenspeichern“ for the next round.
    saved = press(client, response, "save")
    assert "Ihr Entwurf ist gespeichert" in text_of(saved)
    assert draft_of(saved).is_saved
    assert GrantApplication.objects.count() == 0


def test_the_grace_period_needs_a_token_from_before_the_deadline(
    client, form_page, open_round, settings
):
    """Neither a POST without a token nor one with a token issued after the deadline (a form
    opened too late) nor a forged one gets the grace period."""
    close_round(open_round, minutes_ago=1)
    late = tokens.issue_form_token(open_round)
    forged = tokens.issue_form_token(open_round, now=timezone.now() - datetime.timedelta(hours=1))
    forged = forged.replace(forged.split(":")[0], tokens.issue_form_token(None).split(":")[0])
    for token in ("", late, forged):
        response = client.post(FORM_URL, valid_data(submission_token=token))
        assert response.status_code == 409, token
    assert GrantApplication.objects.count() == 0


# --- 403: CSRF ----------------------------------------------------------------------------------


def test_a_lost_csrf_cookie_at_sending_shows_the_review_again_and_sending_again_works(
    form_page, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True, **ORIGIN)
    review = walk(browser)
    token = form_token(review)
    kept = dict(draft_of(review).data)
    browser.cookies.clear()  # the cookie expired or was deleted meanwhile
    refused = press(browser, review, "submit", **declarations())
    assert refused.status_code == 403
    assert "Bitte senden Sie den Antrag noch einmal" in text_of(refused)
    assert form_token(refused) == token
    assert GrantApplication.objects.count() == 0
    assert draft_of(refused).data == kept  # nothing of the refused POST is stored …
    assert values_of(refused)["privacy_consent"] == ["on"]  # … but it is in the page again
    assert files_to_choose_again(refused) == []  # the plan was kept at its step
    # The answer set a new cookie and carries a matching token: sending again is accepted.
    assert django_settings.CSRF_COOKIE_NAME in browser.cookies
    with django_capture_on_commit_callbacks(execute=True):
        again = press(browser, refused, "submit")
    assert again.status_code == 302
    application = GrantApplication.objects.get()
    assert application.attachments.get().original_name == "kostenplan.pdf"


def test_a_lost_csrf_cookie_on_a_step_shows_the_step_again_with_what_was_typed(form_page):
    browser = Client(enforce_csrf_checks=True, **ORIGIN)
    project = walk(browser, until="project")
    kept = dict(draft_of(project).data)
    browser.cookies.clear()
    typed = {**names_of_step("project", valid_data()), "title": "Sprachcafé"}
    refused = press(browser, project, "next", **typed)
    assert refused.status_code == 403
    assert "Bitte klicken Sie noch einmal" in text_of(refused)
    assert shown_step(refused) == "project"
    assert values_of(refused)["title"] == ["Sprachcafé"]
    assert draft_of(refused).data == kept  # nothing stored
    again = press(browser, refused, "next")
    assert (again.status_code, shown_step(again)) == (200, "finances")
    assert draft_of(again).data["title"] == ["Sprachcafé"]


def test_a_csrf_failure_stores_nothing_and_the_page_carries_what_was_sent(
    form_page, django_capture_on_commit_callbacks
):
    """The whole form sent at once (no draft yet): nothing is stored, not even a draft, so the
    review carries every value on in hidden inputs; only the file has to be chosen again."""
    browser = Client(enforce_csrf_checks=True, **ORIGIN)
    page = browser.get(FORM_URL)
    token = form_token(page)
    csrf = soup(page).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    browser.cookies.clear()
    refused = browser.post(FORM_URL, valid_data(submission_token=token, csrfmiddlewaretoken=csrf))
    assert refused.status_code == 403
    assert "Bitte senden Sie den Antrag noch einmal" in text_of(refused)
    assert not ApplicationDraft.objects.exists()
    assert files_to_choose_again(refused) == ["Kosten- und Finanzierungsplan: kostenplan.pdf"]
    assert form_token(refused) == token
    carried = values_of(refused)
    for name, value in {
        "organisation_name": "Interkultureller Verein Malstatt e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "costs-0-amount": "1.200,00",
        "kind": "event",
        "description": "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern.",
        "privacy_consent": "on",
    }.items():
        assert carried[name] == [value], name
    # Sent again, the values are stored; the plan is asked for at its step, then it is sent.
    documents = press(browser, refused, "submit")
    assert (documents.status_code, shown_step(documents)) == (200, "documents")
    assert "Bitte laden Sie den Kosten- und Finanzierungsplan hoch." in text_of(documents)
    review = press(browser, documents, "next", budget_plan=upload())
    with django_capture_on_commit_callbacks(execute=True):
        sent = press(browser, review, "submit", **declarations())
    assert sent.status_code == 302
    application = GrantApplication.objects.get()
    assert application.organisation_name == "Interkultureller Verein Malstatt e. V."
    assert application.cost_lines.count() == 3


def test_a_csrf_failure_from_another_site_gets_the_plain_403_page(form_page):
    """The form is filled in again only for a POST from this site: another site must not be
    able to put its values into a visitor's form."""
    for headers in ({"HTTP_ORIGIN": "https://evil.example"}, {}):
        response = Client(enforce_csrf_checks=True, **headers).post(FORM_URL, valid_data())
        assert response.status_code == 403
        assert "Formular nicht angenommen" in text_of(response)
        assert soup(response).select_one("form.grants-form") is None
        assert "Interkultureller Verein Malstatt" not in response.content.decode()
    assert GrantApplication.objects.count() == 0


def test_other_csrf_failures_get_a_403_page_in_the_site_layout(form_page):
    response = Client(enforce_csrf_checks=True, **ORIGIN).post("/zuschuesse/", {"q": "x"})
    assert response.status_code == 403
    page = soup(response)
    assert page.find("html")["lang"] == "de"
    assert page.select_one("link[href$='site.css']") is not None  # the site's own layout
    assert "Formular nicht angenommen" in page.title.get_text()


# --- 413: files too large -----------------------------------------------------------------------


def test_a_file_over_the_limit_answers_413_with_the_other_values(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_FILE_SIZE = 2000
    big = upload("riesenplan.pdf", b"%PDF-1.4\n" + b"0" * 5000)
    response = client.post(FORM_URL, valid_data(budget_plan=big))
    assert response.status_code == 413
    text = text_of(response)
    assert "Die Dateien sind zu groß" in text
    assert "Die Datei „riesenplan.pdf“ ist zu groß (höchstens 2,0 KB je Datei)" in text
    assert files_to_choose_again(response) == ["Kosten- und Finanzierungsplan: riesenplan.pdf"]
    assert shown_step(response) == "documents"  # where the file is chosen again
    assert not draft_of(response).files.exists()
    assert_values_kept(client, goto(client, response, "review"), files=())
    assert GrantApplication.objects.count() == 0


def test_all_files_together_over_the_limit_answer_413(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_TOTAL_SIZE = 3000
    files = [upload(f"anlage-{i}.pdf", b"%PDF-1.4\n" + b"0" * 1000) for i in range(3)]
    response = client.post(FORM_URL, valid_data(attachments=files))
    assert response.status_code == 413
    assert "Alle Dateien zusammen dürfen höchstens 2,9 KB groß sein." in text_of(response)
    # The files within the limit are kept; the others are named, to choose again.
    assert files_to_choose_again(response) == ["Weitere Anlagen: anlage-2.pdf"]
    kept = draft_of(response).files.values_list("original_name", flat=True)
    assert sorted(kept) == ["anlage-0.pdf", "anlage-1.pdf", "kostenplan.pdf"]


def test_the_browser_checks_sizes_with_the_servers_limits_and_messages(client, form_page):
    form = soup(client.get(FORM_URL)).select_one("form[data-grants-form]")
    assert form["data-max-file-size"] == str(conf.max_file_size())
    assert form["data-max-total-size"] == str(conf.max_total_size())
    assert form["data-file-too-large"] == (
        "Die Datei „{name}“ ist zu groß (höchstens 10,0\xa0MB je Datei)."
    )
    assert form["data-files-too-large"] == (
        "Alle Dateien zusammen dürfen höchstens 25,0\xa0MB groß sein."
    )
    assert form["data-sending"] == "Antrag wird gesendet …"
