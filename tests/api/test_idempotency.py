"""POST /api/v1/grant-applications/ with an `Idempotency-Key` (IETF draft, Stripe's semantics):
the same key and body answer with the stored answer, another body with 422, and keys expire."""

import datetime

import pytest
from django.test import Client
from django.test.client import encode_multipart
from django.utils import timezone

from grants.models import FundingRound, GrantApplication, SubmissionToken
from tests.grants.conftest import upload, valid_data

pytestmark = pytest.mark.django_db

URL = "/api/v1/grant-applications/"
KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.ZIB_GRANTS_PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture
def form_page(form_page, open_round):
    """The form page with a round open."""
    return form_page


def post(key=KEY, client=None, **overrides):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return (client or Client()).post(URL, valid_data(**overrides), headers=headers)


def test_the_same_key_and_body_get_the_stored_answer_and_store_nothing(form_page):
    first = post()
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    again = post()
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert first.json()["reference"] == "ZIB-2026-0001"
    assert GrantApplication.objects.count() == 1
    token = SubmissionToken.objects.get()
    assert (token.kind, token.key) == (SubmissionToken.Kind.API, KEY)
    assert token.response == {"status": 201, "body": first.json()}


def test_a_retry_is_recognised_whatever_its_multipart_encoding(form_page):
    """A client library's retry has a new boundary and maybe another field order."""
    assert post().status_code == 201
    data = dict(reversed(list(valid_data().items())))
    body = encode_multipart("ein-anderer-boundary", data)
    again = Client().post(
        URL,
        body,
        content_type="multipart/form-data; boundary=ein-anderer-boundary",
        headers={"Idempotency-Key": KEY},
    )
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert GrantApplication.objects.count() == 1


def test_the_stored_answer_keeps_its_language(form_page):
    first = Client(headers={"Accept-Language": "en"}).post(
        URL, valid_data(), headers={"Idempotency-Key": KEY}
    )
    again = post()  # German this time
    assert again.json()["message"] == first.json()["message"]
    assert "Your application has been received" in first.json()["message"]


def test_the_same_key_with_another_body_is_a_422(form_page):
    assert post().status_code == 201
    for changed in ({"title": "Ein anderes Fest"}, {"budget_plan": upload(content=b"%PDF-1.4 x")}):
        response = post(**changed)
        assert response.status_code == 422
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["code"] == "idempotency_key_reused"
        assert problem["title"] == "Idempotency-Key schon für andere Angaben verwendet"
    assert GrantApplication.objects.count() == 1


def test_a_refused_request_is_not_remembered_so_its_correction_may_use_the_key(form_page):
    refused = post(iban="DE00 1234")
    assert refused.status_code == 422
    assert refused.json()["code"] == "validation_error"
    corrected = post()
    assert corrected.status_code == 201
    assert "Idempotent-Replayed" not in corrected


def test_an_expired_key_counts_as_new(form_page, settings):
    settings.ZIB_GRANTS_IDEMPOTENCY_KEY_TTL = 3600
    first = post()
    SubmissionToken.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=3601))
    again = post(title="Das Fest im nächsten Jahr")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again
    assert again.json()["reference"] == "ZIB-2026-0002" != first.json()["reference"]
    assert GrantApplication.objects.count() == 2
    # The key now names the second submission.
    assert post(title="Das Fest im nächsten Jahr").json()["reference"] == "ZIB-2026-0002"


def test_other_keys_and_no_key_store_new_applications(form_page):
    assert post("schluessel-1").status_code == 201
    assert post("schluessel-2").status_code == 201
    assert post(None).status_code == 201
    assert post(None).status_code == 201
    assert GrantApplication.objects.count() == 4


def test_keys_of_the_api_and_tokens_of_the_form_never_meet(client, form_page):
    """The same string as a form's token and as an API key are two different claims."""
    assert post("gemeinsam").status_code == 201
    SubmissionToken.objects.update(kind=SubmissionToken.Kind.FORM)
    assert post("gemeinsam").status_code == 201
    assert GrantApplication.objects.count() == 2


def test_a_retry_is_answered_even_over_the_limit_and_after_the_round(form_page, settings):
    first = post()
    settings.ZIB_GRANTS_RATE_LIMIT = (0, 3600)
    FundingRound.objects.update(closes_at=timezone.now() - datetime.timedelta(days=1))
    again = post()
    assert again.status_code == 201
    assert again.json() == first.json()
    assert post("neu").status_code == 429


def test_a_malformed_key_is_a_422(form_page):
    for key in ("x" * 256, "mit leerzeichen"):
        response = post(key)
        assert response.status_code == 422
        assert response.json()["errors"][0]["field"] == "Idempotency-Key"
    assert not GrantApplication.objects.exists()


def test_portals_may_send_the_key_cross_origin(settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example.org"]
    response = Client().options(
        URL,
        headers={
            "Origin": "https://portal.example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "idempotency-key",
        },
    )
    assert "idempotency-key" in response["Access-Control-Allow-Headers"]
    assert "Idempotent-Replayed" in settings.CORS_EXPOSE_HEADERS


def test_the_header_and_the_code_are_in_the_contract(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/grant-applications/"]["post"]
    header = next(p for p in operation["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert header["required"] is False
    assert header["schema"]["maxLength"] == 255
    assert "Idempotent-Replayed" in operation["responses"]["201"]["headers"]
