"""HTTP caching of HTML pages, like the API's (zib_wagtail/api/v1/caching.py).

Every HTML answer is either the same for every anonymous visitor (public) or for one visitor
only (personal). `finalize` sets the headers accordingly, once, in the response cache's
middleware (so that a cached hit carries exactly the headers of the response it was made from):

- public, a GET 200: `Cache-Control: public, max-age=…, s-maxage=…, stale-while-revalidate=…`
  (ZIB_PAGE_CACHE_MAX_AGE, ZIB_PAGE_CACHE_S_MAXAGE, ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE),
  a strong `ETag` (a digest of the body as sent, so each content coding has its own) and
  `Vary: Cookie` (with a session cookie the same URL answers differently); `Accept-Language` is
  dropped from `Vary` where the language is part of the path (i18n_patterns without a prefix for
  the default language: the header changes nothing there). No `Last-Modified`: a page shows
  other pages (menu, footer, teasers), so no single date says when its HTML last changed; the
  ETag answers conditional requests (304).
- personal: `Cache-Control: private, no-store` — see `is_personal`.

Answers with a `Cache-Control` of their own (the API, Wagtail's private pages, the admin) keep
it; personal ones get `private, no-store` added where they lack `no-store`.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.conf.urls.i18n import is_language_prefix_patterns_used
from django.utils.cache import cc_delim_re, patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request

from zib_wagtail.core import gates

HTML = "text/html"
COMPRESSION_MIDDLEWARE = "zib_wagtail.caching.compression.CompressionMiddleware"


def cache_control():
    """The Cache-Control value of public HTML pages, from the ZIB_PAGE_CACHE_* settings."""
    max_age = getattr(settings, "ZIB_PAGE_CACHE_MAX_AGE", 60)
    s_maxage = getattr(settings, "ZIB_PAGE_CACHE_S_MAXAGE", 300)
    swr = getattr(settings, "ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE", 600)
    return f"public, max-age={max_age}, s-maxage={s_maxage}, stale-while-revalidate={swr}"


def personal_cookies():
    return (settings.SESSION_COOKIE_NAME, getattr(settings, "MESSAGE_COOKIE_NAME", "messages"))


def has_personal_request(request):
    """A logged-in visitor, a visitor with messages, or an API token: never answered from or
    stored into shared caches."""
    if "HTTP_AUTHORIZATION" in request.META:
        return True
    return any(name in request.COOKIES for name in personal_cookies())


def is_personal(request, response):
    """Whether this answer is for this visitor only: any answer to a POST (it shows what was
    sent), to a visitor with a session or messages cookie or a token, to a logged-in user, a
    preview, an answer that sets a cookie or carries a CSRF token (a form), a page type marked
    `shared_cache = False` (core/gates.py), or one that says `private` or `no-store` itself."""
    if request.method not in ("GET", "HEAD") or has_personal_request(request):
        return True
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    if getattr(request, "is_preview", False) or gates.is_marked_personal(request):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    cache_control = response.get("Cache-Control", "").lower()
    return "private" in cache_control or "no-store" in cache_control


def etag_of(content):
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


@lru_cache
def _language_in_path(urlconf):
    i18n_patterns_used, prefixed_default_language = is_language_prefix_patterns_used(urlconf)
    return i18n_patterns_used and not prefixed_default_language


def language_is_in_path(request):
    """Whether the path alone decides the language (LocaleMiddleware then ignores the
    Accept-Language header and the language cookie)."""
    return _language_in_path(getattr(request, "urlconf", settings.ROOT_URLCONF))


def request_language(request):
    """The language LocaleMiddleware activates for this request, known before it runs."""
    language = get_language_from_path(request.path_info)
    if language:
        return language
    if language_is_in_path(request):
        return settings.LANGUAGE_CODE
    return get_language_from_request(request)


@lru_cache
def _compresses(middleware):
    return COMPRESSION_MIDDLEWARE in middleware


def negotiated_coding(request):
    """The content coding the compression middleware will choose for this request ("identity"
    where it is not in MIDDLEWARE): part of the response cache's key."""
    if not _compresses(tuple(settings.MIDDLEWARE)):
        return "identity"
    from django_http_compression.middleware import best_coding

    # META, not request.headers: that would parse every header of the request for one.
    return best_coding(request.META.get("HTTP_ACCEPT_ENCODING", ""))


def _drop_vary(response, header):
    if response.has_header("Vary"):
        kept = [v for v in cc_delim_re.split(response["Vary"]) if v.lower() != header.lower()]
        if kept:
            response["Vary"] = ", ".join(kept)
        else:
            del response["Vary"]


def finalize(request, response):
    """Set the caching headers of an HTML answer (other types keep theirs)."""
    if not response.get("Content-Type", "").startswith(HTML) or response.streaming:
        return response
    if is_personal(request, response):
        if "no-store" not in response.get("Cache-Control", "").lower():
            response["Cache-Control"] = "private, no-store"
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    if response.has_header("Cache-Control"):
        return response
    response["Cache-Control"] = cache_control()
    if not response.has_header("ETag"):
        response["ETag"] = etag_of(response.content)
    patch_vary_headers(response, ("Cookie",))
    if language_is_in_path(request):
        _drop_vary(response, "Accept-Language")
    return response
