"""Serve anonymous GET/HEAD responses of pages and the read API from the cache.

Placed early in MIDDLEWARE — after the request log, the security middleware (HTTPS redirect,
HSTS), whitenoise (static files) and CORS (its headers depend on the caller's Origin), before
compression, CSP, sessions, locale, CSRF, authentication and Wagtail's routing — so that a hit
costs one cache read and nothing else: the entry holds the answer as it left the inner
middleware, compressed for the client's coding and with all its headers (Cache-Control, ETag,
Vary, Content-Language, Content-Encoding, CSP, X-Frame-Options) precomputed.

A request is answered from the cache only when it

- is a GET or HEAD outside the excluded paths (admin, documents, health check);
- carries no session or messages cookie (nobody logged in, nothing to show to this visitor
  only) and no Authorization header (API tokens may read drafts).

A response is stored only when it is a complete 200 with HTML or JSON that is not personal
(http.is_personal: no cookie set, no CSRF token used — this alone keeps forms out —, no
preview, no page type marked `shared_cache = False`, no `Cache-Control: private`/`no-store`/
`no-cache`).

Every HTML answer, cached or not, gets its HTTP caching headers here (http.finalize), and a
matching `If-None-Match` is answered with 304 — on a hit as on a miss.

The key is scheme, host, path with query string, the language the path selects and the content
coding the client gets, hashed; the entry records the cache generation it was made in (see
generation.py) and counts only while that generation is in force. The generation and the entry
come in one round trip (`lookup`), and a new entry replaces an outdated one.

Settings: ZIB_PAGE_CACHE (on/off), ZIB_PAGE_CACHE_TIMEOUT (seconds, 300),
ZIB_PAGE_CACHE_ALIAS ("default"), ZIB_PAGE_CACHE_EXCLUDED_PATHS; the HTTP headers:
ZIB_PAGE_CACHE_MAX_AGE, ZIB_PAGE_CACHE_S_MAXAGE, ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE.
"""

import hashlib

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from zib_wagtail.core import gates

from . import generation, http

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
    return not http.has_personal_request(request)


def may_store(request, response):
    """Whether this response is the same for every anonymous visitor and may be shared."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if not response.get("Content-Type", "").startswith(CACHEABLE_TYPES):
        return False
    if http.is_personal(request, response):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    return not any(directive in cache_control for directive in NO_STORE_DIRECTIVES)


def cache_key(request):
    language = http.request_language(request)
    coding = http.negotiated_coding(request)
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{language}|{coding}|{url}".encode()).hexdigest()
    # „v2“: entries hold their headers as a mapping (thaw); those of earlier releases are
    # never read as such.
    return f"zib:page:v2:{digest}"


def lookup(backend, key):
    """(generation in force, the entry if it belongs to it): one round trip to the cache, as
    the entry records the generation it was made in."""
    found = backend.get_many([generation.GENERATION_KEY, key])
    current = found.get(generation.GENERATION_KEY)
    if current is None:
        current = generation.current()
    else:
        generation.remember(current)
    entry = found.get(key)
    if entry is None or entry.get("generation") != current:
        return current, None
    return current, entry


def freeze(response, current):
    """The entry of a response: its headers as Django holds them (lower-cased name → (name,
    value), already checked when first set), with the hit's X-Cache among them."""
    headers = dict(response.headers._store)
    headers[CACHE_HEADER.lower()] = (CACHE_HEADER, "HIT")
    return {
        "generation": current,
        "status": response.status_code,
        "content": response.content,
        "headers": headers,
    }


def thaw(entry):
    response = HttpResponse(entry["content"], status=entry["status"])
    # Set as a whole: header by header, Django would check and encode each name and value
    # again (a third of a hit's own time, 16 headers).
    response.headers._store = entry["headers"]
    return response


def conditional(request, response):
    """304 for a matching If-None-Match / If-Modified-Since, else the response itself."""
    last_modified = response.get("Last-Modified")
    answer = get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    if answer is not response and CACHE_HEADER in response:
        answer[CACHE_HEADER] = response[CACHE_HEADER]  # the 304 says where it came from too
    return answer


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        shared = enabled() and may_use_cache(request)
        if shared:
            backend = generation.cache_backend()
            key = cache_key(request)
            current, entry = lookup(backend, key)
            if entry is not None and gates.may_answer_from_cache(request):
                return conditional(request, thaw(entry))
        response = http.finalize(request, self.get_response(request))
        if shared and may_store(request, response):
            backend.set(key, freeze(response, current), timeout())
            response[CACHE_HEADER] = "MISS"
        if request.method in ("GET", "HEAD"):
            return conditional(request, response)
        return response
