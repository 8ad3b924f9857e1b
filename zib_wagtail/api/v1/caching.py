"""HTTP caching of the read endpoints: ETag, Last-Modified, Cache-Control, 304.

A read operation is decorated with `@cacheable` (optionally passing when its data last changed,
e.g. the page's `last_published_at`). When the response is built, `finalize` adds

- `ETag`: a digest of the exact body (so it changes with every revision, move or related
  snippet that changes the payload) and `Last-Modified` where the view knows it;
- `Cache-Control: public, max-age=…, s-maxage=…, stale-while-revalidate=…` for anonymous reads,
  `private, no-store` for requests with a token (they may contain drafts);
- `Vary: Authorization`;

and answers `304 Not Modified` to a matching `If-None-Match` / `If-Modified-Since`.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .auth import token_of


def cache_control():
    """The Cache-Control value of public reads, from ZIB_API_CACHE_* settings."""
    max_age = getattr(settings, "ZIB_API_CACHE_MAX_AGE", 60)
    s_maxage = getattr(settings, "ZIB_API_CACHE_S_MAXAGE", 300)
    swr = getattr(settings, "ZIB_API_CACHE_STALE_WHILE_REVALIDATE", 600)
    return f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={swr}"


def cacheable(view):
    """Mark a read operation as cacheable; `set_last_modified(request, moment)` refines it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.zib_cacheable = True
        return view(request, *args, **kwargs)

    return wrapper


def set_last_modified(request, moment):
    """Tell `finalize` when the data of this response last changed (or None: unknown)."""
    if moment is not None:
        current = getattr(request, "zib_last_modified", None)
        request.zib_last_modified = moment if current is None else max(current, moment)


def finalize(request, response):
    """Add the caching headers to a successful read and turn it into a 304 where it may."""
    if not getattr(request, "zib_cacheable", False) or response.status_code != 200:
        return response
    patch_vary_headers(response, ["Authorization"])
    if token_of(request) is not None:
        response["Cache-Control"] = "private, no-store"
        return response
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    last_modified = getattr(request, "zib_last_modified", None)
    timestamp = None
    if last_modified is not None:
        timestamp = int(last_modified.timestamp())
        response["Last-Modified"] = http_date(timestamp)
    response["Cache-Control"] = cache_control()
    if request.method in ("GET", "HEAD"):
        conditional = get_conditional_response(
            request, etag=etag, last_modified=timestamp, response=response
        )
        if conditional is not response:
            for header in ("Cache-Control", "Vary"):
                conditional[header] = response[header]
            return conditional
    return response
