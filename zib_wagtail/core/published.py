"""Lookups of published content that every response repeats, remembered until content changes.

The site of a request, the route from a URL to its page, the home page in each language, the
main menu, the language versions of a page, its ancestors, the footer's pages, the office's
contact data and the view restrictions change only when something public changes. Asking the
database for them on every request costs most of a page's queries.

`remembered(name, parts, compute)` keeps such a value for the rest of the request and, when a
content version is known, in the shared cache under that version. There is one invalidation
mechanism: a new version makes every value remembered so far out of date at once. The cache
timeout only bounds memory; it is never what keeps a value fresh.

The version is the response cache's generation (zib_wagtail.caching, which bumps it on every
publish, unpublish, move and delete, and on every change to snippets, settings, sites, locales,
redirects and view restrictions). The shared core may not import that app, so the app hands
its generation in with `register_version_source` (as gates.py inverts the cache gates). Without
a source — a site that does not install the caching app — values are remembered for one request
only, which is always fresh.

Values are remembered across requests only inside a request that has changed nothing public
yet: once a request bumps the version (`version_changed`), what it reads may be uncommitted, so
from then on it computes everything itself and shares nothing. Outside a request (management
commands, tasks) every lookup is computed.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import memo

VERSION_KEY = "zib:published:version"
CHANGED_KEY = "zib:published:changed"
CHANGED_AT_KEY = "zib:published:changed-at"
_MISSING = object()


@dataclass(frozen=True)
class VersionSource:
    """Where the content version and the shared cache come from."""

    #: The content version in force, e.g. the response cache's generation.
    version: Callable[[], Any]
    #: The Django cache that holds the remembered values (shared by all app servers).
    backend: Callable[[], Any]
    #: Seconds a remembered value is kept at most (memory bound, not freshness).
    timeout: Callable[[], int | None]
    #: When the version last changed (a Unix time; None: unknown), e.g. for a read replica's lag.
    changed_at: Callable[[], float | None] = lambda: None


_source: VersionSource | None = None


def register_version_source(version, backend, timeout=lambda: None, changed_at=lambda: None):
    """Let `version()` decide how long remembered values stay valid (one source per process)."""
    global _source
    _source = VersionSource(
        version=version, backend=backend, timeout=timeout, changed_at=changed_at
    )


def unregister_version_source():
    """Remember values for one request only (tests; a site without the caching app)."""
    global _source
    _source = None


def version():
    """The content version in force for this request, read once per request (None: no source)."""
    if _source is None:
        return None
    return memo.per_request(VERSION_KEY, _source.version)


def changed_at():
    """When published content last changed (Unix time), read once per request; None without a
    source or when unknown."""
    if _source is None:
        return None
    return memo.per_request(CHANGED_AT_KEY, _source.changed_at)


def version_changed():
    """The source started a new version in this process: forget the one this request read, and
    stop sharing what the request computes from now on (it may see its own uncommitted work)."""
    memo.forget(VERSION_KEY)
    memo.remember(CHANGED_KEY, True)


def _digest(parts):
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


def remembered(name, parts, compute, *, share_none=True):
    """`compute()`, remembered under `name` and `parts` (a tuple of what it depends on besides
    published content, e.g. the site and the language) until the content version changes.

    The value must be picklable. With `share_none=False` a None result is remembered for the
    request only (e.g. a URL that routes nowhere: no shared entry per unknown path).
    """
    key = f"{name}:{_digest(parts)}"
    return memo.per_request(
        f"zib:published:{version()}:{key}",
        lambda: _shared(key, compute, share_none=share_none),
    )


def forget(name, parts):
    """Drop what this request remembered under `name` and `parts` (after it changed it itself;
    the shared entry is left to the new version the change starts)."""
    memo.forget(f"zib:published:{version()}:{name}:{_digest(parts)}")


def _shared(key, compute, *, share_none):
    if _source is None or not memo.in_request() or memo.recall(CHANGED_KEY):
        return compute()
    current = version()
    backend = _source.backend()
    full_key = f"zib:published:{current}:{key}"
    value = backend.get(full_key, _MISSING)
    if value is _MISSING:
        value = compute()
        if value is not None or share_none:
            backend.set(full_key, value, _source.timeout())
    return value
