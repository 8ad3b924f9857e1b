"""HTTP behaviour: ETag/Last-Modified/304, Cache-Control, CORS, tokens, drafts, rate limits."""

import pytest
from django.test import Client

from zib_wagtail.core.models import StandardPage

pytestmark = pytest.mark.django_db

PORTAL = "https://portal.example.org"


@pytest.fixture
def page(home_page):
    page = StandardPage(title="Kontakt", slug="kontakt", intro="Live-Einleitung")
    home_page.add_child(instance=page)
    page.save_revision().publish()
    page.intro = "Entwurf der Einleitung"
    page.save_revision()
    return page


def test_public_reads_have_etag_last_modified_and_cache_control(client, page):
    response = client.get(f"/api/v1/pages/{page.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    cache_control = response["Cache-Control"]
    assert cache_control.startswith("public, max-age=")
    assert "s-maxage=" in cache_control and "stale-while-revalidate=" in cache_control
    assert "Authorization" in response["Vary"]


def test_304_on_if_none_match_and_if_modified_since(client, page):
    url = f"/api/v1/pages/{page.pk}/"
    first = client.get(url)
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304

    page.get_latest_revision().publish()  # publish the draft: new content, new ETag
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.json()["intro"] == "Entwurf der Einleitung"


def test_lists_answer_304_too_and_errors_are_not_cached(client, page):
    first = client.get("/api/v1/pages/")
    assert client.get("/api/v1/pages/", headers={"If-None-Match": first["ETag"]}).status_code == 304
    missing = client.get("/api/v1/pages/999999/")
    assert missing["Cache-Control"] == "no-store"
    assert "ETag" not in missing


def test_cors_for_allowed_origins_only(client, page, settings):
    settings.CORS_ALLOWED_ORIGINS = [PORTAL]
    allowed = client.get("/api/v1/pages/", headers={"Origin": PORTAL})
    assert allowed["Access-Control-Allow-Origin"] == PORTAL
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    refused = client.get("/api/v1/pages/", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in refused
    preflight = client.options(
        "/api/v1/grant-applications/",
        headers={"Origin": PORTAL, "Access-Control-Request-Method": "POST"},
    )
    assert preflight["Access-Control-Allow-Origin"] == PORTAL
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    assert "DELETE" not in preflight["Access-Control-Allow-Methods"]
    html = client.get("/kontakt/", headers={"Origin": PORTAL})
    assert "Access-Control-Allow-Origin" not in html  # only /api/


# --- Tokens --------------------------------------------------------------------------------------


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_token_reads_the_latest_draft_privately(client, page, make_token):
    token, _instance = make_token()
    response = client.get(f"/api/v1/pages/{page.pk}/?draft=true", headers=bearer(token))
    assert response.status_code == 200
    data = response.json()
    assert data["intro"] == "Entwurf der Einleitung"
    assert data["meta"]["draft"] is True
    assert response["Cache-Control"] == "private, no-store"
    assert "Authorization" in response["Vary"]
    assert "ETag" not in response
    live = client.get(f"/api/v1/pages/{page.pk}/", headers=bearer(token))
    assert live.json()["intro"] == "Live-Einleitung"
    assert live["Cache-Control"] == "private, no-store"


def test_token_reads_an_unpublished_page_as_draft(client, home_page, make_token):
    page = StandardPage(title="Neu", slug="neu", intro="Noch geheim", live=False)
    home_page.add_child(instance=page)
    page.save_revision()
    token, _instance = make_token()
    assert client.get(f"/api/v1/pages/{page.pk}/").status_code == 404
    response = client.get(f"/api/v1/pages/{page.pk}/?draft=true", headers=bearer(token))
    assert response.json()["intro"] == "Noch geheim"


def test_drafts_need_a_valid_token_with_edit_permission(client, page, make_token, admin_user):
    url = f"/api/v1/pages/{page.pk}/?draft=true"
    assert client.get(url).json()["code"] == "unauthorized"
    client.force_login(admin_user)  # a session never counts
    assert client.get(url).status_code == 401
    assert Client().get(url, headers=bearer("zib_nonsense")).status_code == 401
    token, instance = make_token("leser", superuser=False)
    forbidden = Client().get(url, headers=bearer(token))
    assert forbidden.status_code == 403
    assert forbidden.json()["code"] == "forbidden"
    instance.revoke()
    assert Client().get(url, headers=bearer(token)).status_code == 401


def test_rate_limits_answer_429_with_retry_after(client, page, settings, make_token):
    settings.ZIB_API_RATE_LIMIT = "2/m"
    settings.ZIB_API_TOKEN_RATE_LIMIT = "5/m"
    assert client.get("/api/v1/pages/").status_code == 200
    assert client.get("/api/v1/topics/").status_code == 200
    limited = client.get("/api/v1/pages/")
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["code"] == "rate_limited"
    token, _instance = make_token()
    for _ in range(5):  # a token has its own, higher limit
        assert client.get("/api/v1/pages/", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/pages/", headers=bearer(token)).status_code == 429


def test_cors_preflight_allows_conditional_requests(settings, db):
    from django.test import Client

    settings.CORS_ALLOWED_ORIGINS = ["https://portal.example"]
    response = Client().options(
        "/api/v1/pages/",
        headers={
            "Origin": "https://portal.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "if-none-match, authorization",
        },
    )
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "authorization" in allowed


def test_api_v2_is_under_the_same_limit_and_budget_as_v1(client, page, settings):
    settings.ZIB_API_RATE_LIMIT = "3/m"
    assert client.get("/api/v1/pages/").status_code == 200
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/images/").status_code == 200
    limited = client.get("/api/v2/pages/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert client.get("/api/v1/pages/").status_code == 429  # one budget for both versions


def test_answers_from_the_response_cache_count_against_the_limit(client, page, settings):
    settings.ZIB_PAGE_CACHE = True
    settings.ZIB_API_RATE_LIMIT = "3/m"
    statuses = [client.get("/api/v1/pages/") for _ in range(4)]
    assert [response.status_code for response in statuses] == [200, 200, 200, 429]
    assert statuses[1]["X-Cache"] == "HIT"  # served from the cache, and still counted
    assert statuses[3].json()["code"] == "rate_limited"


def test_a_miss_is_counted_once(client, page, settings):
    settings.ZIB_PAGE_CACHE = True
    settings.ZIB_API_RATE_LIMIT = "2/m"
    assert client.get("/api/v1/topics/").status_code == 200  # miss: gate and ninja, one count
    assert client.get("/api/v1/pages/").status_code == 200
    assert client.get("/api/v1/pages/").status_code == 429


def test_wrong_tokens_are_throttled_per_address(client, page, settings, make_token):
    settings.ZIB_API_TOKEN_FAILURE_LIMIT = "3/h"
    for attempt in range(3):
        wrong = client.get("/api/v1/pages/", headers=bearer(f"geraten-{attempt}"))
        assert wrong.status_code == 401
    refused = client.get("/api/v1/pages/", headers=bearer("geraten-4"))
    assert refused.status_code == 429
    assert refused.json()["code"] == "rate_limited"
    token, _instance = make_token()
    assert client.get("/api/v1/pages/", headers=bearer(token)).status_code == 429
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert other.get("/api/v1/pages/", headers=bearer(token)).status_code == 200
    assert client.get("/api/v1/pages/").status_code == 200  # anonymous reads go on


def test_ratelimit_headers_tell_what_is_left(client, page, settings):
    settings.ZIB_API_RATE_LIMIT = "3/m"
    first = client.get("/api/v1/pages/")
    assert (first["RateLimit-Limit"], first["RateLimit-Remaining"]) == ("3", "2")
    assert 1 <= int(first["RateLimit-Reset"]) <= 60
    client.get("/api/v1/topics/")
    client.get("/api/v1/topics/")
    refused = client.get("/api/v1/pages/")
    assert refused.status_code == 429
    assert refused["RateLimit-Remaining"] == "0"
