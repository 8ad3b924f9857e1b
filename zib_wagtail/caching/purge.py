"""Purge a CDN or reverse proxy in front of the site when public content changes.

Wagtail's frontend cache (`wagtail.contrib.frontend_cache`) is configured by WAGTAILFRONTENDCACHE
(production: ZIB_FRONTEND_CACHE_URL for its HTTP backend, which sends `PURGE <url>`). Only its
purge utilities are used, not its app, whose signal handlers would purge the changed page alone:
here a change purges the page, its parent (the index that lists it) and its site's home page
(navigation and teasers), and for a move also the old URL and old parent. Purges are sent after
the transaction commits, so the CDN refetches the new content.
"""

import copy
import logging

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)


def enabled():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def _site_roots(page):
    site = page.get_site()
    return [site.root_page] if site else []


def related_pages(page):
    """The page, its parent and the home page of its site (each once, parent only if routable)."""
    pages = [page]
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        pages.append(parent)
    pages.extend(_site_roots(page))
    seen, unique = set(), []
    for candidate in pages:
        if candidate.pk not in seen:
            seen.add(candidate.pk)
            unique.append(candidate)
    return unique


def urls_of(pages):
    """Every URL of these pages (all sites, routable sub-pages) as Wagtail's purge sees them."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    for page in pages:
        batch.add_page(page)
    return list(batch.urls)


def purge_urls(urls):
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    if urls:
        PurgeBatch(urls).purge()


def purge_after_commit(urls):
    urls = sorted(set(urls))
    transaction.on_commit(lambda: purge_urls(urls))


def on_page_changed(page):
    """Published or unpublished: the page, its parent and home."""
    if enabled():
        purge_after_commit(urls_of(related_pages(page)))


def on_page_moved(page, url_path_before, parent_before=None):
    if not enabled():
        return
    old = copy.copy(page)
    old.url_path = url_path_before
    pages = related_pages(page)
    if parent_before is not None:
        pages.append(parent_before)
    purge_after_commit([*urls_of(pages), *urls_of([old])])


def urls_before_delete(page):
    """Collected before the rows go; purged by `on_page_deleted` after the commit."""
    return urls_of(related_pages(page)) if enabled() else []
