"""Signal receivers that turn publishing, unpublishing, moves, deletions, privacy changes and
funding round edits into ContentChange rows (see changes.py)."""

import logging
import threading

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from . import conf
from .changes import Previous, is_public, record_funding_round_change, record_page_change
from .models import Event, WebhookEndpoint

logger = logging.getLogger(__name__)

DISPATCH_PREFIX = "zib_webhooks_"


def on_page_published(sender, instance, **kwargs):
    record_page_change(Event.PAGE_PUBLISHED, instance)


def _live_in_database(page):
    return Page.objects.filter(pk=page.pk, live=True).exists()


def on_page_unpublished(sender, instance, **kwargs):
    if _live_in_database(instance):
        # Unpublished without saving: Wagtail does that to a page it is about to delete;
        # `page.deleted` reports it (on_page_deleted).
        return
    record_page_change(Event.PAGE_UNPUBLISHED, instance)


_moving = threading.local()


def _where(page):
    url = page.get_url_parts()
    return Previous(
        tree_path=page.path,
        url_path=page.url_path,
        url=((url[1] or "") + url[2]) if url else "",
    )


def on_page_moving(sender, instance, url_path_before, url_path_after, **kwargs):
    """Before a move: where each page of the subtree is and whether it is public there."""
    page = Page.objects.get(pk=instance.pk)
    _moving.before = {
        moved.pk: (_where(moved), is_public(moved)) for moved in [page, *page.get_descendants()]
    }


def on_page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    """A move changes the URLs (and maybe the privacy) of the page and its descendants.

    Public before and after: `page.moved` with the previous URL. Into a private area:
    `page.unpublished` (they left the API). Out of one: `page.published`. A reorder among
    siblings changes no URL and records nothing.
    """
    before = getattr(_moving, "before", {})
    _moving.before = {}
    if url_path_before == url_path_after:
        return
    page = Page.objects.get(pk=instance.pk)
    for moved in [page, *page.get_descendants()]:
        if not moved.live:
            continue
        previous, was_public = before.get(moved.pk, (None, True))
        now_public = is_public(moved)
        if was_public and now_public:
            record_page_change(Event.PAGE_MOVED, moved, previous=previous)
        elif was_public:
            record_page_change(
                Event.PAGE_UNPUBLISHED, moved, check_privacy=False, previous=previous
            )
        elif now_public:
            record_page_change(Event.PAGE_PUBLISHED, moved)


def on_slug_changed(sender, instance, instance_before, **kwargs):
    """A new slug changes the URL of the page and of every page below it: `page.url_changed`
    with the previous URL for each live public one (sent by Wagtail after the commit)."""
    old_prefix, new_prefix = instance_before.url_path, instance.url_path
    page = Page.objects.get(pk=instance.pk)
    for changed in [page, *page.get_descendants()]:
        if not changed.live:
            continue
        tail = changed.url_path.removeprefix(new_prefix)  # "" for the page itself
        url = _where(changed).url
        new_end, old_end = f"{instance.slug}/{tail}", f"{instance_before.slug}/{tail}"
        old_url = url[: -len(new_end)] + old_end if url.endswith(new_end) else ""
        previous = Previous(tree_path=changed.path, url_path=old_prefix + tail, url=old_url)
        record_page_change(Event.PAGE_URL_CHANGED, changed, previous=previous)


def on_page_deleted(sender, instance, **kwargs):
    """Before the rows go (sent once per page of a deleted subtree): live public pages only."""
    if type(instance) is not Page:  # the specific row of the same page follows; skip it
        return
    # Wagtail's own pre_delete handler may have unpublished the instance (unsaved) already.
    if _live_in_database(instance):
        record_page_change(Event.PAGE_DELETED, instance)
    disabled = WebhookEndpoint.objects.filter(root_page=instance, is_active=True)
    for endpoint in disabled:
        logger.warning("Webhook endpoint %s lost its subtree page; disabling it", endpoint.pk)
    disabled.update(
        is_active=False, root_page=None, disabled_reason="Die Filter-Seite wurde gelöscht."
    )


def _pages_below(page):
    return [page, *page.get_descendants()]


def on_restriction_saved(sender, instance, created, **kwargs):
    """A public page became private: its live pages left the public API."""
    if not created:
        return
    page = instance.page
    others = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).exclude(pk=instance.pk)
    if others.exists():
        return  # it was private already
    for affected in _pages_below(page):
        if affected.live:
            record_page_change(Event.PAGE_UNPUBLISHED, affected, check_privacy=False)


def on_restriction_deleted(sender, instance, origin=None, **kwargs):
    """A private page became public (only when the restriction itself was removed)."""
    direct = isinstance(origin, PageViewRestriction) or (
        isinstance(origin, QuerySet) and origin.model is PageViewRestriction
    )
    if not direct:
        return  # removed along with its page: nothing became public
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None or not is_public(page):
        return
    for affected in _pages_below(page):
        if affected.live:
            record_page_change(Event.PAGE_PUBLISHED, affected)


def on_funding_round_changed(sender, instance, **kwargs):
    record_funding_round_change(instance)


def connect():
    receivers = [
        (page_published, on_page_published, None),
        (page_unpublished, on_page_unpublished, None),
        (pre_page_move, on_page_moving, None),
        (post_page_move, on_page_moved, None),
        (page_slug_changed, on_slug_changed, None),
        (pre_delete, on_page_deleted, Page),
        (post_save, on_restriction_saved, PageViewRestriction),
        (post_delete, on_restriction_deleted, PageViewRestriction),
    ]
    for model in conf.api_object_models():
        receivers += [
            (post_save, on_funding_round_changed, model),
            (post_delete, on_funding_round_changed, model),
        ]
    for signal, receiver, sender in receivers:
        signal.connect(receiver, sender=sender, dispatch_uid=DISPATCH_PREFIX + receiver.__name__)
