"""A fixed-window rate limit per client on Django's cache.

The client is REMOTE_ADDR. Behind reverse proxies set ZIB_GRANTS_TRUSTED_PROXY_COUNT to their
number: the client is then taken from X-Forwarded-For, counted from the right, so that a
client cannot pick its own address by sending the header itself.
"""

from django.core.cache import cache

from . import conf


def client_ip(request):
    proxies = conf.trusted_proxy_count()
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


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
