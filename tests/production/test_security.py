"""Security headers and the admin login throttle."""

import pytest
from django.test import Client

from tests.builders import EDITOR_PASSWORD

pytestmark = pytest.mark.django_db


def csp_of(response):
    return dict(
        (part.split(" ", 1) + [""])[:2] for part in response["Content-Security-Policy"].split("; ")
    )


def test_site_policy_is_strict(module_demo_site, client):
    policy = csp_of(client.get("/"))

    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"
    assert policy["form-action"] == "'self'"
    assert policy["base-uri"] == "'self'"
    assert "unsafe" not in client.get("/").get("Content-Security-Policy")


def test_admin_policy_allows_inline_for_wagtail(client):
    policy = csp_of(client.get("/admin/login/"))

    assert "'unsafe-inline'" in policy["script-src"]
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'self'"


def test_cached_responses_carry_the_headers(module_demo_site, client, page_cache):
    client.get("/")
    hit = client.get("/")

    assert hit["X-Cache"] == "HIT"
    assert "Content-Security-Policy" in hit
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"]


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_login_is_throttled_after_repeated_failures(editor, settings):
    settings.ZIB_ADMIN_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        assert login(client, editor.username, "falsch").status_code == 200  # the form again

    blocked = login(client, editor.username, EDITOR_PASSWORD)  # even the right password

    assert blocked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in blocked.content.decode()
    assert int(blocked["Retry-After"]) > 0
    # Other names from the same address are not yet blocked.
    assert login(client, "jemand-anderes", "falsch").status_code == 200


def test_other_addresses_are_not_throttled(editor, settings):
    settings.ZIB_ADMIN_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        login(Client(REMOTE_ADDR="192.0.2.1"), editor.username, "falsch")

    response = login(Client(REMOTE_ADDR="192.0.2.2"), editor.username, EDITOR_PASSWORD)
    assert response.status_code == 302


def test_successful_login_resets_the_counter(editor, settings):
    settings.ZIB_ADMIN_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(2):
        login(client, editor.username, "falsch")
    assert login(client, editor.username, EDITOR_PASSWORD).status_code == 302
    client.logout()
    for _ in range(2):
        login(client, editor.username, "falsch")

    assert login(client, editor.username, EDITOR_PASSWORD).status_code == 302


def test_many_names_from_one_address_are_throttled(db, settings):
    settings.ZIB_ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS = 4
    client = Client()
    for number in range(4):
        login(client, f"name{number}", "falsch")

    assert login(client, "name-neu", "falsch").status_code == 429
