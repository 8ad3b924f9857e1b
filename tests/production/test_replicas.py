"""The read replica (zib_wagtail.ops.replicas): anonymous reads only, never writes, never a
request or a client that just wrote, never shortly after a publish.

The test settings declare the replica as a mirror of the primary (Django's advice for testing
replicas); the router is switched on here. The requests run against committed data
(`transaction=True`) because the replica's connection cannot see the primary's open transaction.
"""

import time

import pytest
from django.conf import settings
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site

from tests.builders import make_home_page
from tests.production.test_settings import show
from zib_wagtail.caching import generation
from zib_wagtail.core import memo
from zib_wagtail.core.models.office import OfficeSettings
from zib_wagtail.ops import replicas

ROUTER = "zib_wagtail.ops.replicas.ReplicaRouter"
BOTH = ["default", "replica"]
WRITES = replicas.WRITE_STATEMENTS


@pytest.fixture
def routed():
    with override_settings(DATABASE_ROUTERS=[ROUTER], ZIB_REPLICA_LAG_SECONDS=15):
        yield


@pytest.fixture
def home(routed):
    page = make_home_page(title="Startseite ZIB")
    # The office's settings exist (the first page view would create them: a write).
    OfficeSettings.for_site(Site.objects.get(is_default_site=True))
    # The home page's publish started a generation just now: pretend it was a minute ago.
    generation.cache_backend().set(generation.CHANGED_AT_KEY, time.time() - 60, timeout=None)
    return page


def reads(client, path, **kwargs):
    """(queries on the primary, queries on the replica, response) of one request."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        response = client.generic(kwargs.pop("method", "GET"), path, **kwargs)
    return primary.captured_queries, replica.captured_queries, response


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_an_anonymous_page_view_reads_the_replica_only(client, home):
    primary, replica, response = reads(client, "/")

    assert response.status_code == 200
    assert "Startseite ZIB" in response.content.decode()
    assert any("wagtailcore_page" in query["sql"] for query in replica)
    # Only reads that may write (Wagtail's site settings: get_or_create) use the primary.
    assert [query["sql"] for query in primary if query["sql"].split()[0] in WRITES] == []
    assert all("officesettings" in query["sql"] for query in primary)
    assert replicas.pin_cookie_name() not in response.cookies


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_visitor_with_a_session_reads_the_primary(client, home):
    client.cookies[settings.SESSION_COOKIE_NAME] = "some-session"
    primary, replica, response = reads(client, "/")

    assert response.status_code == 200
    assert primary and not replica


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_post_pins_the_client_to_the_primary_for_the_lag(client, home):
    _primary, _replica, response = reads(client, "/suche/", method="POST")
    cookie = response.cookies[replicas.pin_cookie_name()]
    assert cookie["max-age"] == 15
    assert cookie["httponly"]

    primary, replica, response = reads(client, "/")
    assert response.status_code == 200
    assert primary and not replica


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_shortly_after_a_publish_reads_stay_on_the_primary(client, home):
    generation.bump()

    primary, replica, response = reads(client, "/")

    assert response.status_code == 200
    assert primary and not replica


@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=BOTH)
def test_a_get_that_writes_reads_the_primary_from_then_on(client, home):
    """The search page counts the query (an UPDATE): what it reads after that comes from the
    primary; its answer sets no pin cookie, so it stays cacheable."""
    primary, replica, response = reads(client, "/suche/?q=Startseite")

    assert response.status_code == 200
    writes = [i for i, q in enumerate(primary) if q["sql"].startswith(("UPDATE", "INSERT"))]
    assert writes and replica
    assert replicas.pin_cookie_name() not in response.cookies


@pytest.mark.django_db
def test_outside_a_request_every_read_goes_to_the_primary(routed):
    router = replicas.ReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "grants") is False
    assert router.allow_migrate("default", "grants") is True


@pytest.mark.django_db
def test_inside_an_allowed_request_a_write_pins_the_rest_of_it(routed):
    """A write statement pins; a read that only may write (get_or_create) does not."""
    router = replicas.ReplicaRouter()
    middleware = replicas.ReplicaReadsMiddleware(lambda request: None)
    memo._open()
    try:
        memo.remember(replicas.ALLOWED_KEY, True)
        with connections["default"].execute_wrapper(replicas._watch_writes):
            assert router.db_for_write(None) == "default"
            assert router.db_for_read(None) == "replica"
            Locale.objects.filter(pk=0).update(language_code="xx")
        assert router.db_for_read(None) == "default"
    finally:
        memo._close()
    assert middleware.get_response is not None


def test_without_a_replica_url_there_is_no_router_and_no_middleware(tmp_path):
    values = show(tmp_path, DATABASE_URL="postgres://zib@db.example:5432/zib")
    assert values["replica"] is None and values["routers"] == []


def test_a_replica_url_adds_the_alias_and_the_router(tmp_path):
    values = show(
        tmp_path,
        DATABASE_URL="postgres://zib@db.example:5432/zib",
        DATABASE_REPLICA_URL="postgres://zib@replica.example:5432/zib",
    )
    assert values["replica"] == ["replica.example", 60, True]
    assert values["routers"] == [ROUTER]
