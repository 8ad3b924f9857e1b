"""Recording public changes: one ContentChange plus a pending delivery per interested endpoint.

Everything here runs inside the transaction of the change itself (publish, move, delete, save of a
funding round), so the feed and the outbox are exactly as durable as the change. Deliveries are
handed to the task backend only after the commit.

Private pages (a view restriction on the page or an ancestor) are never announced: a change of a
page that is private at the time of the change records nothing. When a public page becomes
private, its live descendants and the page itself are announced as `page.unpublished`, because
they have left the public API; when it becomes public again, as `page.published`.
"""

import logging
from dataclasses import dataclass

from django.db import connection
from wagtail.models import Site

from zib_wagtail.core import visibility
from zib_wagtail.core.signals import content_changed

from . import conf
from .models import PAGE_EVENTS, ContentChange, Event, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

#: Key of the PostgreSQL advisory lock that serialises writers of the feed (see `_lock_feed`).
FEED_LOCK_KEY = 7_291_004


def _lock_feed():
    """Make ids commit in order: concurrent writers wait for each other's commit (PostgreSQL).

    Without it a transaction could commit id 41 after another committed id 42, and a reader who
    already saw 42 would miss 41 for ever. SQLite serialises writers by itself.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FEED_LOCK_KEY])


def is_public(page):
    """Whether nobody needs a login or password to see the page (it and its ancestors)."""
    return not visibility.is_restricted(page)


def _site_root_url(page=None):
    if page is not None:
        parts = page.get_url_parts()
        if parts:
            return parts[1] or ""
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else conf.base_url()


def _page_url(page):
    parts = page.get_url_parts()
    if not parts:
        return "", ""
    _site_id, root_url, page_path = parts
    return (root_url or "") + page_path, root_url or ""


def record_page_change(event, page, *, check_privacy=True, previous=None):
    """Record `event` for `page` unless the page is private; return the change or None.

    `previous` (moves, URL changes): a `Previous` with where the page was before."""
    if event not in PAGE_EVENTS:
        raise ValueError(event)
    if check_privacy and not is_public(page):
        return None
    url, root_url = _page_url(page)
    if not root_url:
        root_url = _site_root_url()
    change = _create(
        event=event,
        object_type=ContentChange.ObjectType.PAGE,
        object_id=page.pk,
        content_type=page.specific_class._meta.label if page.specific_class else "",
        locale=page.locale.language_code,
        url_path=page.url_path,
        url=url,
        api_url=conf.api_url(root_url, "page", page.pk),
        previous_url=previous.url if previous else "",
        previous_url_path=previous.url_path if previous else "",
        previous_tree_path=previous.tree_path if previous else "",
    )
    _create_deliveries(change, page)
    return change


@dataclass(frozen=True)
class Previous:
    """Where a page was before a move or a URL change."""

    tree_path: str
    url_path: str
    url: str


def record_funding_round_change(funding_round):
    change = _create(
        event=Event.FUNDING_ROUND_CHANGED,
        object_type=ContentChange.ObjectType.FUNDING_ROUND,
        object_id=funding_round.pk,
        content_type=funding_round._meta.label,
        api_url=conf.api_url(_site_root_url(), "funding_round", funding_round.pk),
    )
    _create_deliveries(change)
    return change


def _create(**fields):
    _lock_feed()
    change = ContentChange.objects.create(**fields)
    content_changed.send(
        sender=ContentChange,
        event=change.event,
        object_type=change.object_type,
        object_id=change.object_id,
    )
    return change


def _create_deliveries(change, page=None):
    from .delivery import queue

    endpoints = WebhookEndpoint.objects.filter(is_active=True).select_related("root_page")
    deliveries = WebhookDelivery.objects.bulk_create(
        WebhookDelivery(endpoint=endpoint, change=change)
        for endpoint in endpoints
        if endpoint.wants(change, page)
    )
    if deliveries:
        if not all(delivery.pk for delivery in deliveries):  # backends without RETURNING
            deliveries = list(change.deliveries.all())
        queue(deliveries)
    return deliveries
