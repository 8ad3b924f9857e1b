"""The client's address behind reverse proxies (ZIB_TRUSTED_PROXY_COUNT)."""

from . import conf


def client_ip(request):
    """REMOTE_ADDR, or with n trusted proxies the n-th address from the right of
    X-Forwarded-For, so that a client cannot pick its own address by sending the header."""
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
