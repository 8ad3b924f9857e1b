"""Remembered lookups (zib_wagtail.core.published): per request, shared until the content
version changes, never shared by a request that changed content itself."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from zib_wagtail.caching import generation
from zib_wagtail.core import published


class Counter:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


def in_request(function):
    """Run function as if inside one HTTP request: the request signals open and close the memo
    (without closing the database connection, as Django's test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ={})
        try:
            return function()
        finally:
            request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def compute():
    return Counter()


def test_outside_a_request_every_lookup_is_computed(compute):
    published.remembered("probe", (), compute)
    published.remembered("probe", (), compute)

    assert compute.calls == 2


def test_one_request_computes_once(compute):
    def twice():
        return [published.remembered("probe", (), compute) for _ in range(2)]

    assert in_request(twice) == ["value 1", "value 1"]
    assert compute.calls == 1


def test_later_requests_share_until_the_version_changes(compute):
    first = in_request(lambda: published.remembered("probe", (), compute))
    second = in_request(lambda: published.remembered("probe", (), compute))
    generation.bump()
    third = in_request(lambda: published.remembered("probe", (), compute))

    assert (first, second, third) == ("value 1", "value 1", "value 2")


def test_parts_keep_values_apart(compute):
    def lookups():
        return [published.remembered("probe", (language,), compute) for language in ("de", "en")]

    assert in_request(lookups) == ["value 1", "value 2"]


def test_a_request_that_changed_content_shares_nothing_from_then_on(compute):
    def change_then_read():
        generation.bump()  # this request published something
        return published.remembered("probe", (), compute)

    assert in_request(change_then_read) == "value 1"
    assert in_request(lambda: published.remembered("probe", (), compute)) == "value 2"
    assert compute.calls == 2


def test_a_bump_in_the_request_is_seen_by_the_same_request(compute):
    def read_change_read():
        before = published.remembered("probe", (), compute)
        generation.bump()
        return before, published.remembered("probe", (), compute)

    assert in_request(read_change_read) == ("value 1", "value 2")


def test_without_a_version_source_values_last_one_request(compute):
    source = published._source
    published.unregister_version_source()
    try:
        in_request(lambda: published.remembered("probe", (), compute))
        in_request(lambda: published.remembered("probe", (), compute))
    finally:
        published.register_version_source(source.version, source.backend, source.timeout)

    assert compute.calls == 2


def test_none_can_be_kept_to_the_request(compute):
    def nothing():
        compute()
        return None

    for _ in range(2):
        in_request(lambda: published.remembered("probe", (), nothing, share_none=False))

    assert compute.calls == 2
