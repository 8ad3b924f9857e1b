"""Serve anonymous GET/HEAD responses of pages and the read API from the cache.

Placed last in MIDDLEWARE, so that session, locale, CSRF and authentication have run on the
way in, and security headers, CSP and cookies are added by the outer middleware to every
response, cached or not.

A request is answered from the cache only when it

- is a GET or HEAD outside the excluded paths (admin, documents, health check);
- carries no session or messages cookie (nobody logged in, nothing to show to this visitor
  only) and no Authorization header (API tokens may read drafts).

A response is stored only when it is a complete 200 with HTML or JSON that

- sets no cookie and did not use the CSRF token (a form: the token must never reach another
  visitor; this alone keeps the grant application form out of the cache);
- is not a preview and has no `Cache-Control: private`, `no-store` or `no-cache`.

The key is the cache generation (see generation.py), scheme, host, path with query string and
the active language, hashed. Stored are status, body and headers (ETag, Last-Modified,
Cache-Control and Content-Language included), so the API's conditional requests keep working:
a hit answers `If-None-Match`/`If-Modified-Since` with 304 like the view would.

Settings: ZIB_PAGE_CACHE (on/off), ZIB_PAGE_CACHE_TIMEOUT (seconds, 300),
ZIB_PAGE_CACHE_ALIAS ("default"), ZIB_PAGE_CACHE_EXCLUDED_PATHS.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from zib_wagtail.core import gates

from . import generation

CACHE_HEADER = "X-Cache"
DEFAULT_EXCLUDED_PATHS = ("/admin/", "/documents/", "/healthz", "/django-admin/")
CACHEABLE_TYPES = ("text/html", "application/json")
NO_STORE_DIRECTIVES = ("private", "no-store", "no-cache")


def enabled():
    return getattr(settings, "ZIB_PAGE_CACHE", True)


def timeout():
    return getattr(settings, "ZIB_PAGE_CACHE_TIMEOUT", 300)


def excluded_paths():
    return tuple(getattr(settings, "ZIB_PAGE_CACHE_EXCLUDED_PATHS", DEFAULT_EXCLUDED_PATHS))


def may_use_cache(request):
    """Whether this request may be answered from (and fill) the shared cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(excluded_paths()):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    personal_cookies = (
        settings.SESSION_COOKIE_NAME,
        getattr(settings, "MESSAGE_COOKIE_NAME", "messages"),
    )
    return not any(name in request.COOKIES for name in personal_cookies)


def may_store(request, response):
    """Whether this response is the same for every anonymous visitor and may be shared."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    if response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if getattr(request, "is_preview", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(directive in cache_control for directive in NO_STORE_DIRECTIVES)


def cache_key(request):
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{language}|{url}".encode()).hexdigest()
    return f"zib:page:{generation.current()}:{digest}"


def freeze(response):
    return {
        "status": response.status_code,
        "content": response.content,
        "headers": [(name, value) for name, value in response.items()],
    }


def thaw(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    return response


def conditional(request, response):
    """304 for a matching If-None-Match / If-Modified-Since, else the response itself."""
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not may_use_cache(request):
            return self.get_response(request)
        backend = generation.cache_backend()
        key = cache_key(request)
        entry = backend.get(key)
        if entry is not None and gates.may_answer_from_cache(request):
            response = thaw(entry)
            response[CACHE_HEADER] = "HIT"
            return conditional(request, response)
        response = self.get_response(request)
        if may_store(request, response):
            backend.set(key, freeze(response), timeout())
            response[CACHE_HEADER] = "MISS"
        return response
