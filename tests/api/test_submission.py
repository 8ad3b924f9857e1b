"""POST /api/v1/grant-applications/: the HTML form's validation and storage, as an API."""

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from grants.models import GrantApplication, MailDelivery
from tests.grants.conftest import valid_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/grant-applications/"
FORM_URL = "/zuschuesse/antrag/"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"


def post(client=None, **overrides):
    return (client or Client()).post(URL, valid_data(**overrides))


def test_valid_submission_answers_201_with_the_reference_only(form_page, open_round):
    csrf_enforcing = Client(enforce_csrf_checks=True)  # CSRF-exempt: no cookies are used
    response = post(csrf_enforcing)
    assert response.status_code == 201, response.content
    assert "Location" not in response
    body = response.json()
    assert body["reference"] == "ZIB-2026-0001"
    assert set(body) == {"reference", "status", "message"}
    assert "ZIB-2026-0001" in body["message"]
    application = GrantApplication.objects.get()
    assert application.reference == "ZIB-2026-0001"
    assert application.funding_round == open_round


def _stored(application):
    ignore = {"id", "reference", "reference_number", "submitted_at"}
    data = {k: v for k, v in model_to_dict(application).items() if k not in ignore}
    files = [
        (a.kind, a.original_name, a.content_type, a.size, a.file.read())
        for a in application.attachments.order_by("pk")
    ]
    history = list(application.status_changes.values_list("to_status", flat=True))
    mails = sorted(
        MailDelivery.objects.filter(application=application).values_list("kind", flat=True)
    )
    return data, files, history, mails


def test_an_api_submission_stores_exactly_what_the_form_stores(
    client, form_page, open_round, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        html = client.post(FORM_URL, valid_data())
    assert html.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        api = post()
    assert api.status_code == 201
    via_form, via_api = GrantApplication.objects.order_by("pk")
    assert _stored(via_api) == _stored(via_form)
    assert via_api.reference == "ZIB-2026-0002"


def test_invalid_submission_answers_422_with_german_messages_per_field(form_page, open_round):
    response = Client().post(URL, valid_data(iban="DE00 1234", budget_plan=None, contact_email=""))
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "validation_error"
    messages = {error["field"]: error["message"] for error in problem["errors"]}
    assert set(messages) == {"iban", "budget_plan", "contact_email"}
    assert messages["budget_plan"] == "Bitte laden Sie den Kosten- und Finanzierungsplan hoch."
    assert messages["contact_email"] == "Dieses Feld muss ausgefüllt werden."
    assert not GrantApplication.objects.exists()


def test_invalid_submission_answers_in_the_accepted_language(form_page, open_round):
    response = Client(headers={"Accept-Language": "en"}).post(URL, valid_data(budget_plan=None))
    problem = response.json()
    assert problem["detail"] == "Some information is missing or wrong."
    messages = {error["field"]: error["message"] for error in problem["errors"]}
    assert messages["budget_plan"] == "Please upload the cost and financing plan."


def test_no_open_round_is_409_and_no_form_page_is_403(form_page, db):
    response = post()
    assert response.status_code == 409
    assert response.json()["code"] == "round_closed"
    form_page.unpublish()
    response = post()
    assert response.status_code == 403
    assert response.json()["code"] == "submissions_disabled"
    assert not GrantApplication.objects.exists()


def test_spam_and_rate_limit(form_page, open_round, settings):
    assert post(website="http://spam.example").json()["code"] == "spam_suspected"
    settings.ZIB_GRANTS_RATE_LIMIT = (2, 600)
    assert post().status_code == 201  # the refused spam did not count against this limit
    assert post().status_code == 201
    response = post()
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert response.json()["code"] == "rate_limited"
    # The HTML form shares the counter: a client cannot double its attempts.
    assert Client().post(FORM_URL, valid_data()).status_code == 429
