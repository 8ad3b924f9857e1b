"""The cache generation: one number that is part of the key of every cached response.

Any change to public content bumps it, which invalidates every cached page and API response at
once: the changed page, its index, the home page, the navigation in every page's header and
every listing that mentions it. That is deliberately coarse. Finding exactly which pages show a
changed page (teasers, menus, related projects, search results, API listings) is error-prone,
and a miss serves stale content; refilling the cache after a publish costs one uncached
request per URL, which editors' publishing rate (a few per hour) makes negligible. Old entries
are not deleted: a response entry records its generation and is replaced on the next request
for its URL; the core's lookups of old generations expire (ZIB_PAGE_CACHE_TIMEOUT) or are
evicted by the cache's LRU.

The number lives in the cache itself, so every app server behind a shared Redis sees a bump at
once. With the local-memory cache (the embedded default) it is per process: fine for one
process, wrong for several (production requires Redis for that reason).

It is also the content version of the shared core's remembered lookups (site, routes, menus,
language versions, footer, settings: zib_wagtail.core.published), registered in apps.py: one
invalidation mechanism for whole responses and for the pieces an uncached response is built
from. A request reads the number once (the per-request memo); a bump in the request forgets it.
"""

import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from zib_wagtail.core import memo, published

GENERATION_KEY = "zib:cache:generation"
MEMO_KEY = "zib:cache:generation"
#: When the generation was last bumped (Unix time): reads stay off a lagging replica after it.
CHANGED_AT_KEY = "zib:cache:changed-at"


def cache_backend():
    """The cache holding responses and the generation (ZIB_PAGE_CACHE_ALIAS, "default")."""
    return caches[getattr(settings, "ZIB_PAGE_CACHE_ALIAS", "default")]


def _fresh_value():
    # Never reuses a number an evicted generation had: old entries cannot come back.
    return time.time_ns()


def current():
    """The generation in force (created on first use), read once per request."""
    return memo.per_request(MEMO_KEY, _read)


def changed_at():
    """When the generation was last bumped (Unix time; None: not since the cache was empty)."""
    return cache_backend().get(CHANGED_AT_KEY)


def remember(value):
    """The generation read by someone else for this request (the response cache reads it with
    its entry in one round trip)."""
    memo.remember(MEMO_KEY, value)


def _read():
    backend = cache_backend()
    value = backend.get(GENERATION_KEY)
    if value is None:
        backend.add(GENERATION_KEY, _fresh_value(), timeout=None)
        value = backend.get(GENERATION_KEY)
    return value


def bump():
    """Start a new generation: every response cached so far is out of date."""
    backend = cache_backend()
    try:
        backend.incr(GENERATION_KEY)
    except ValueError:  # missing (never used, or evicted)
        backend.set(GENERATION_KEY, _fresh_value(), timeout=None)
    backend.set(CHANGED_AT_KEY, time.time(), timeout=None)
    memo.forget(MEMO_KEY)
    published.version_changed()


def bump_for_change():
    """Bump now and again after the surrounding transaction commits.

    The first bump makes this process's next reads fresh; the second closes the window in
    which another request could cache the old content between the first bump and the commit.
    """
    bump()
    transaction.on_commit(bump)
