"""A fixed-window rate limit per client on Django's cache (client address: zib_wagtail.core)."""

import contextlib

from django.core.cache import cache

from zib_wagtail.core.clients import client_ip

from . import conf


def _key(request, scope):
    return f"zib-grants:ratelimit:{scope}:{client_ip(request)}"


def count(request, scope, window):
    """Count one more event of the client in `scope` (a window of `window` seconds)."""
    key = _key(request, scope)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def exceeded(request, scope, limit):
    """Whether the client already had `limit` events in `scope`'s current window."""
    return (cache.get(_key(request, scope)) or 0) >= limit


def allow(request, scope="submit"):
    """Count this request; False once the client exceeded ZIB_GRANTS_RATE_LIMIT."""
    limit, window = conf.rate_limit()
    return count(request, scope, window) <= limit


# --- Submissions: accepted ones and the others counted apart -------------------------------------
# A client may store ZIB_GRANTS_RATE_LIMIT applications per window; attempts that were not
# accepted (invalid, spam, too large, round closed) count against ZIB_GRANTS_INVALID_RATE_LIMIT,
# so that someone correcting their typing mistakes does not use up the limit for applications.

ACCEPTED, NOT_ACCEPTED = "submit", "submit-invalid"


def submission_retry_after(request):
    """Seconds after which the client may submit again when it is over a submission limit (at
    most the window: it began with the client's first counted submission), else None."""
    for scope, (limit, window) in (
        (ACCEPTED, conf.rate_limit()),
        (NOT_ACCEPTED, conf.invalid_rate_limit()),
    ):
        if exceeded(request, scope, limit):
            return window
    return None


def count_not_accepted(request):
    count(request, NOT_ACCEPTED, conf.invalid_rate_limit()[1])


def reserve_submission(request):
    """Count a submission about to be stored; False (and not counted) when that would exceed
    ZIB_GRANTS_RATE_LIMIT, also against concurrent submissions of the same client."""
    limit, window = conf.rate_limit()
    if count(request, ACCEPTED, window) <= limit:
        return True
    release_submission(request)
    return False


def release_submission(request):
    """Undo `reserve_submission` for a submission that was not stored after all."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile
        cache.decr(_key(request, ACCEPTED))
