"""A refused POST never loses what was typed: limits (429), a closed round (409; with a grace
period for forms opened before the deadline), a failed CSRF check (403) and files too large
(413) answer with the form again, every value in it and the files to choose again named."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from grants import conf, tokens
from grants.models import FundingRound, GrantApplication

from .conftest import FORM_URL, upload, valid_data

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def text_of(response):
    return " ".join(soup(response).get_text().split())


def form_token(response):
    return soup(response).find("input", attrs={"name": tokens.FIELD_NAME})["value"]


def assert_values_kept(response, **expected):
    """The typed values are in the form again (inputs, textareas, choices, checkboxes), and no
    field shows an error (they were valid)."""
    page = soup(response)
    form = page.select_one("form.grants-form")
    assert form is not None, "no form in the answer"
    values = {
        "organisation_name": "Interkultureller Verein Malstatt e. V.",
        "iban": "DE89 3704 0044 0532 0130 00",
        "costs-0-amount": "1.200,00",
        "start_date": "2026-06-01",
        **expected,
    }
    for name, value in values.items():
        assert form.find("input", attrs={"name": name})["value"] == value, name
    assert form.find("textarea", attrs={"name": "description"}).get_text().strip() == (
        "Ein Nachbarschaftsfest mit Musik und Essen aus vielen Ländern."
    )
    assert form.find("input", attrs={"name": "kind", "value": "event"}).has_attr("checked")
    assert (
        form.find("select", attrs={"name": "legal_form"})
        .find("option", attrs={"value": "ev"})
        .has_attr("selected")
    )
    assert form.find("input", attrs={"name": "privacy_consent"}).has_attr("checked")


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
    assert_values_kept(response)
    assert files_to_choose_again(response) == [
        "Kosten- und Finanzierungsplan: kostenplan.pdf",
        "Weitere Anlagen: satzung.pdf",
    ]
    assert not soup(response).select(".grants-field--error")
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
    assert_values_kept(response)
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
    assert_values_kept(response)
    assert files_to_choose_again(response) == ["Kosten- und Finanzierungsplan: kostenplan.pdf"]
    assert soup(response).select_one("#grants-submit") is None  # nothing to send it to
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


def test_a_lost_csrf_cookie_shows_the_form_again_and_sending_it_again_works(
    form_page, django_capture_on_commit_callbacks
):
    browser = Client(enforce_csrf_checks=True, **ORIGIN)
    page = browser.get(FORM_URL)
    token = form_token(page)
    csrf = soup(page).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    browser.cookies.clear()  # the cookie expired or was deleted meanwhile
    refused = browser.post(FORM_URL, valid_data(submission_token=token, csrfmiddlewaretoken=csrf))
    assert refused.status_code == 403
    assert "Bitte senden Sie den Antrag noch einmal" in text_of(refused)
    assert_values_kept(refused)
    assert files_to_choose_again(refused) == ["Kosten- und Finanzierungsplan: kostenplan.pdf"]
    assert form_token(refused) == token
    assert GrantApplication.objects.count() == 0
    # The answer set a new cookie and carries a matching token: sending again is accepted.
    assert django_settings.CSRF_COOKIE_NAME in browser.cookies
    new_csrf = soup(refused).find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    with django_capture_on_commit_callbacks(execute=True):
        again = browser.post(
            FORM_URL, valid_data(submission_token=token, csrfmiddlewaretoken=new_csrf)
        )
    assert again.status_code == 302
    assert GrantApplication.objects.count() == 1


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
    form = soup(response).select_one("form.grants-form")
    assert form.find("input", attrs={"name": "organisation_name"})["value"] == (
        "Interkultureller Verein Malstatt e. V."
    )
    assert GrantApplication.objects.count() == 0


def test_all_files_together_over_the_limit_answer_413(client, form_page, settings):
    settings.ZIB_GRANTS_MAX_TOTAL_SIZE = 3000
    files = [upload(f"anlage-{i}.pdf", b"%PDF-1.4\n" + b"0" * 1000) for i in range(3)]
    response = client.post(FORM_URL, valid_data(attachments=files))
    assert response.status_code == 413
    assert "Alle Dateien zusammen dürfen höchstens 2,9 KB groß sein." in text_of(response)
    assert len(files_to_choose_again(response)) == 4


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
