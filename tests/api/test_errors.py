"""One problem schema: every error of /api/v1/ — each router's, the changes feed's, the
submission's, wrong methods, unknown URLs, unexpected exceptions — is the same
`application/problem+json` body, and the OpenAPI document refers every error to one `Problem`."""

import json

import pytest
from django.test import Client
from pydantic import TypeAdapter

from zib_wagtail.api.v1 import errors
from zib_wagtail.api.v1.errors import CODES, PROBLEM_JSON, Problem

pytestmark = pytest.mark.django_db


def assert_problem(response, status, code):
    """The response is the one problem shape with this status and code."""
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"] == PROBLEM_JSON
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    TypeAdapter(Problem).validate_python(body)  # exactly the Problem schema …
    assert set(body) <= set(Problem.model_fields)  # … and nothing else
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"] == f"urn:zib-api:problem:{code}"
    assert CODES[code] == status
    return body


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        # pages
        ("get", "/api/v1/pages/?limit=0", 422, "validation_error"),
        ("get", "/api/v1/pages/?status=someday", 422, "validation_error"),
        ("get", "/api/v1/pages/999999/", 404, "not_found"),
        ("get", "/api/v1/pages/1/?draft=true", 401, "unauthorized"),
        ("post", "/api/v1/pages/", 405, "method_not_allowed"),
        # snippets
        ("get", "/api/v1/topics/999999/", 404, "not_found"),
        ("get", "/api/v1/partners/?locale=xx", 422, "validation_error"),
        ("delete", "/api/v1/districts/1/", 405, "method_not_allowed"),
        # settings
        ("get", "/api/v1/settings/office/?locale=xx", 422, "validation_error"),
        ("put", "/api/v1/settings/office/", 405, "method_not_allowed"),
        # funding rounds
        ("get", "/api/v1/funding-rounds/?state=soon", 422, "validation_error"),
        ("get", "/api/v1/funding-rounds/999999/", 404, "not_found"),
        # media
        ("get", "/api/v1/images/999999/", 404, "not_found"),
        ("get", "/api/v1/documents/?limit=1000", 422, "validation_error"),
        # submissions
        ("get", "/api/v1/grant-applications/", 405, "method_not_allowed"),
        ("post", "/api/v1/grant-applications/", 403, "submissions_disabled"),
        # changes feed (another app's router, mounted into the API)
        ("get", "/api/v1/changes/?since=abc", 400, "invalid_cursor"),
        ("get", "/api/v1/changes/?limit=0", 422, "validation_error"),
        ("post", "/api/v1/changes/", 405, "method_not_allowed"),
        # no such endpoint
        ("get", "/api/v1/gibt-es-nicht/", 404, "not_found"),
    ],
)
def test_every_router_answers_errors_with_the_one_problem(home_page, method, path, status, code):
    response = getattr(Client(), method)(path)
    assert_problem(response, status, code)


def test_a_wrong_method_keeps_the_allow_header(home_page):
    response = Client().get("/api/v1/grant-applications/")
    body = assert_problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "POST"
    assert "POST" in body["detail"]


def test_the_feeds_invalid_cursor_names_the_parameter(db):
    body = assert_problem(Client().get("/api/v1/changes/?since=x"), 400, "invalid_cursor")
    assert body["errors"] == [
        {"field": "since", "code": "invalid_cursor", "message": body["detail"]}
    ]


def test_an_unknown_token_is_a_problem_with_www_authenticate(home_page):
    response = Client().get("/api/v1/pages/", headers={"Authorization": "Bearer nope"})
    assert_problem(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == "Bearer"


def test_an_unexpected_exception_is_a_logged_problem_500(home_page, monkeypatch, caplog):
    from zib_wagtail.api.v1 import pages

    def broken(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(pages, "filter_pages", broken)
    response = Client(raise_request_exception=False).get("/api/v1/pages/")
    body = assert_problem(response, 500, "server_error")
    assert "kaputt" not in body["detail"]  # nothing internal leaks
    assert any(record.name == "django.request" and record.exc_info for record in caplog.records)


def test_a_foreign_http_error_becomes_a_problem_by_its_status(rf):
    from ninja.errors import HttpError

    from zib_wagtail.api.v1.app import api

    response = api.on_exception(rf.get("/"), HttpError(409, "Schon da."))
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM_JSON
    body = json.loads(response.content)
    assert (body["code"], body["status"], body["detail"]) == ("bad_request", 409, "Schon da.")


def test_openapi_refers_every_error_to_the_one_problem_schema(client, db):
    document = client.get("/api/v1/openapi.json").json()
    components = document["components"]["schemas"]
    assert [name for name in components if "problem" in name.lower()] == ["Problem"]
    assert components["Problem"]["title"] == "Problem"
    errors_seen = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if int(status) < 400:
                    continue
                errors_seen += 1
                assert response["content"] == {
                    PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}
                }, (path, method, status)
    assert errors_seen > 50
    changes = document["paths"]["/api/v1/changes/"]["get"]["responses"]
    assert {"400", "422", "429"} <= set(changes)


def test_every_code_has_its_status_and_the_docs_list_it():
    from pathlib import Path

    guide = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text()
    for code in CODES:
        assert f"`{code}`" in guide, code
    assert errors.problem_response("not_found").status_code == 404


@pytest.mark.parametrize(
    ("headers", "query", "language", "title"),
    [
        ({}, "", "de", "Nicht gefunden"),
        ({"Accept-Language": "tr"}, "", "tr", "Bulunamadı"),
        ({"Accept-Language": "ar,en;q=0.5"}, "", "ar", "غير موجود"),
        ({"Accept-Language": "ar"}, "&locale=uk", "uk", "Не знайдено"),
        ({"Accept-Language": "xx"}, "", "de", "Nicht gefunden"),
    ],
)
def test_problem_titles_are_in_the_requests_language(headers, query, language, title):
    response = Client(headers=headers).get(f"/api/v1/pages/?child_of=999999{query}")
    body = assert_problem(response, 404, "not_found")
    assert body["title"] == title
    assert response["Content-Language"] == language


def test_every_code_has_a_title_in_every_language():
    from django.utils import translation

    from zib_wagtail.core.conf import content_language_codes

    assert set(errors.TITLES) == set(CODES)
    for language in content_language_codes():
        with translation.override(language):
            titles = {code: str(title) for code, title in errors.TITLES.items()}
        if language != "de":
            with translation.override("de"):
                german = {code: str(title) for code, title in errors.TITLES.items()}
            assert all(titles[code] != german[code] for code in CODES), language


@pytest.mark.parametrize(
    ("path", "params", "unknown"),
    [
        ("/api/v1/pages/", {"staus": "ongoing"}, ["staus"]),
        ("/api/v1/pages/", {"status": "ongoing", "b": "1", "a": "2"}, ["a", "b"]),
        ("/api/v1/pages/1/", {"lang": "en"}, ["lang"]),
        ("/api/v1/changes/", {"since": "0", "cursor": "5"}, ["cursor"]),
        ("/api/v1/settings/office/", {"draft": "true"}, ["draft"]),
    ],
)
def test_an_unknown_parameter_is_a_problem_naming_it(path, params, unknown):
    body = assert_problem(Client().get(path, params), 400, "unknown_parameter")
    assert [error["field"] for error in body["errors"]] == unknown
    assert {error["code"] for error in body["errors"]} == {"unknown_parameter"}


def test_declared_parameters_are_accepted(home_page):
    assert Client().get("/api/v1/pages/", {"status": "ongoing", "limit": "5"}).status_code == 200


def test_head_answers_like_get_without_a_body(home_page):
    client = Client()
    get = client.get("/api/v1/pages/")
    head = client.head("/api/v1/pages/")
    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]
    missing = client.head("/api/v1/pages/999999/")
    assert missing.status_code == 404 and missing.content == b""


def test_a_wrong_method_is_a_problem_with_allow():
    response = Client().delete("/api/v1/pages/")
    body = assert_problem(response, 405, "method_not_allowed")
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD"}
    assert "DELETE" in body["detail"]
