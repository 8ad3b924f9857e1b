"""Applicants are served in their language: the form's errors, the stored language, their
e-mails (staff keep German), the district choices once each; the API by ?locale=/Accept-Language."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import Locale

from grants.models import GrantApplication, GrantApplicationPage
from tests.grants.conftest import valid_data
from tests.grants.form_client import draft_of, shown_step
from zib_wagtail.core.models import District

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/grant-applications/"


@pytest.fixture
def english_form_url(module_demo_site, settings, tmp_path):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"
    page = GrantApplicationPage.objects.get(locale__language_code="en")
    return page.url


def submit(client, url, django_capture_on_commit_callbacks, **overrides):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url, valid_data(**overrides))


def test_an_english_application_gets_english_mails_and_staff_german(
    client, english_form_url, django_capture_on_commit_callbacks
):
    response = submit(client, english_form_url, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    application = GrantApplication.objects.get()
    assert application.language == "en"
    confirmation, notification = (
        message for message in mail.outbox if application.reference in message.subject
    )
    assert confirmation.to == ["ayse.demir@example.org"]
    assert confirmation.subject.startswith("Confirmation of receipt")
    assert notification.subject.startswith("Neuer Antrag")  # the office reads German
    year = application.funding_round.year
    assert f"Grants {year}" in confirmation.body  # the round's English title
    assert f"Zuschüsse {year}" in notification.body


def test_form_errors_follow_the_forms_language(client, english_form_url):
    response = client.post(english_form_url, valid_data(title=""))
    assert response.status_code == 200
    text = response.content.decode()
    assert "This field is required." in text
    assert "Dieses Feld ist zwingend erforderlich." not in text
    assert GrantApplication.objects.count() == 0


def test_each_district_is_offered_once_in_the_forms_language(client, english_form_url):
    english = Locale.objects.get(language_code="en")
    assert District.objects.filter(locale=english).exists()
    html = client.get(english_form_url).content.decode()
    names = list(
        District.objects.filter(locale=Locale.get_default()).values_list("name", flat=True)
    )
    for name in names:
        assert html.count(f">{name}<") <= 1, name


def test_a_district_chosen_in_english_is_stored_in_german(
    client, english_form_url, django_capture_on_commit_callbacks
):
    english_district = District.objects.filter(locale__language_code="en").first()
    response = submit(
        client, english_form_url, django_capture_on_commit_callbacks, district=english_district.pk
    )
    assert response.status_code == 302
    stored = GrantApplication.objects.get().district
    assert stored.locale == Locale.get_default()
    assert stored.translation_key == english_district.translation_key


def test_the_api_answers_a_bad_submission_in_arabic(english_form_url):
    response = Client(HTTP_ACCEPT_LANGUAGE="ar").post(API_URL, valid_data(title=""))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["title"] == "بيانات غير صالحة"
    assert response["Content-Language"] == "ar"
    assert any("\u0600" <= char <= "\u06ff" for char in body["detail"])  # Arabic script
    title_error = next(error for error in body["errors"] if error["field"] == "title")
    assert any("\u0600" <= char <= "\u06ff" for char in title_error["message"])


def test_the_api_takes_the_language_from_the_locale_parameter(
    english_form_url, django_capture_on_commit_callbacks
):
    client = Client(HTTP_ACCEPT_LANGUAGE="ar")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{API_URL}?locale=tr", valid_data())
    assert response.status_code == 201
    assert GrantApplication.objects.get().language == "tr"


def test_the_api_defaults_to_german(english_form_url):
    response = Client(HTTP_ACCEPT_LANGUAGE="xx").post(API_URL, valid_data(title=""))
    assert response.json()["detail"] == "Die Angaben sind unvollständig oder fehlerhaft."


def test_a_refusal_keeps_the_values_and_speaks_the_forms_language(
    client, english_form_url, settings
):
    settings.ZIB_GRANTS_RATE_LIMIT = (0, 3600)
    response = client.post(english_form_url, valid_data())
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many attempts" in text
    assert "Zu viele Versuche" not in text
    # Every value and the file are kept in the draft the review shows (steps: test_form_steps).
    assert shown_step(response) == "review"
    assert "Interkultureller Verein Malstatt e. V." in text
    assert draft_of(response).files.get().original_name == "kostenplan.pdf"
    assert draft_of(response).language == "en"
