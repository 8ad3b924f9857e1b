"""The cached path (issue 18, item 3): a hit is answered before sessions, locale, CSRF and
Wagtail's routing do any work, with one cache round trip, no SQL and the headers the original
answer had."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.cache import caches
from django.db import connection
from django.middleware.csrf import CsrfViewMiddleware
from django.middleware.locale import LocaleMiddleware
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def must_not_run(*args, **kwargs):
    raise AssertionError("ran for a cache hit")


def counted(read, reads, depth=[0]):  # noqa: B006 (shared on purpose: nested reads count once)
    """read, recording each call that is not made by another counted read (the local-memory
    cache's get_many calls get per key; Redis answers it with one MGET)."""

    def wrapper(*args, **kwargs):
        if depth[0] == 0:
            reads.append(args)
        depth[0] += 1
        try:
            return read(*args, **kwargs)
        finally:
            depth[0] -= 1

    return wrapper


def forbid_work_behind_the_cache(monkeypatch):
    """Sessions, locale, CSRF and Wagtail's routing fail the test if they run."""
    monkeypatch.setattr(SessionMiddleware, "process_request", must_not_run)
    monkeypatch.setattr(LocaleMiddleware, "process_request", must_not_run)
    monkeypatch.setattr(CsrfViewMiddleware, "process_request", must_not_run)
    monkeypatch.setattr(CsrfViewMiddleware, "process_view", must_not_run)
    monkeypatch.setattr(Page, "route_for_request", staticmethod(must_not_run))


@pytest.mark.parametrize("url", ["/", "/en/", "/projekte/", "/api/v2/pages/"])
def test_a_hit_runs_nothing_behind_the_cache(
    cache_backend, module_demo_site, client, monkeypatch, url
):
    first = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert first["X-Cache"] == "MISS"
    forbid_work_behind_the_cache(monkeypatch)
    reads = []
    backend = caches["default"]
    for name in ("get", "get_many"):
        original = getattr(backend, name)
        monkeypatch.setattr(backend, name, counted(original, reads))

    with CaptureQueriesContext(connection) as queries:
        hit = client.get(url, HTTP_ACCEPT_ENCODING="br")

    assert hit.status_code == 200 and hit["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert len(reads) == 1  # the generation and the entry in one round trip
    assert hit.content == first.content
    for header in ("ETag", "Cache-Control", "Vary", "Content-Encoding", "Content-Language"):
        assert hit.get(header) == first.get(header), header


def test_a_publish_turns_the_next_hit_into_a_miss(cache_backend, module_demo_site, client):
    from projects.models import ProjectIndexPage

    client.get("/projekte/")
    assert client.get("/projekte/")["X-Cache"] == "HIT"
    index = ProjectIndexPage.objects.get(locale__language_code="de")
    index.title = "Unsere Projekte"
    index.save_revision().publish()

    response = client.get("/projekte/")
    assert response["X-Cache"] == "MISS"
    assert "Unsere Projekte" in response.content.decode()
    assert client.get("/projekte/")["X-Cache"] == "HIT"
