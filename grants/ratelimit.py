"""A fixed-window rate limit per client on Django's cache (client address: zib_wagtail.core)."""

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
