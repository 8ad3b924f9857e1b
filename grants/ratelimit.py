"""A fixed-window rate limit per client on Django's cache (client address: zib_wagtail.core)."""

from django.core.cache import cache

from zib_wagtail.core.clients import client_ip

from . import conf


def allow(request, scope="submit"):
    """Count this request; False once the client exceeded ZIB_GRANTS_RATE_LIMIT."""
    limit, window = conf.rate_limit()
    key = f"zib-grants:ratelimit:{scope}:{client_ip(request)}"
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= limit
