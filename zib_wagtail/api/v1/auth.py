"""Who is asking: anonymous portals, or portals with a Wagtail `APIToken`; and how often.

Tokens are Wagtail 8's own (created in the admin under „API tokens“, stored as digests) and
resolved by Wagtail's `BearerTokenAuth`. A token acts as its user: it raises the rate limit and
allows `?draft=true` on pages that user may edit. A session cookie never counts here.
"""

import math
from dataclasses import dataclass
from functools import cache as cache_function

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from ninja.errors import Throttled
from ninja.throttling import SimpleRateThrottle
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from zib_wagtail.core.clients import client_ip


class OptionalBearerAuth(BearerTokenAuth):
    """No Authorization header: anonymous. A header: it must be a valid, unrevoked token (401).

    Wrong tokens count per client address (ZIB_API_TOKEN_FAILURE_LIMIT, default 20/h): beyond
    it, every request with a token is a 429 until the window has passed, so tokens cannot be
    guessed at the rate limit of reads."""

    def __call__(self, request):
        request.user = AnonymousUser()  # a session cookie must not elevate the request
        if not request.headers.get("Authorization"):
            return Anonymous()
        failures = TokenFailures(request)
        if failures.exhausted():
            raise Throttled(wait=failures.duration)
        result = super().__call__(request)
        if not result:
            failures.add()
        return result


class TokenFailures:
    """A fixed window of failed token attempts per client address, in the default cache."""

    def __init__(self, request):
        rate = getattr(settings, "ZIB_API_TOKEN_FAILURE_LIMIT", "20/h")
        window = SimpleRateThrottle(rate)
        self.limit, self.duration = window.num_requests, window.duration
        self.key = f"zib-api-token-failures:{client_ip(request)}"

    def exhausted(self):
        return cache.get(self.key, 0) >= self.limit

    def add(self):
        if not cache.add(self.key, 1, self.duration):
            try:
                cache.incr(self.key)
            except ValueError:  # expired in between
                cache.add(self.key, 1, self.duration)


class Anonymous:
    """`request.auth` of a request without a token (truthy, so that ninja lets it through)."""

    def __bool__(self):
        return True

    def __str__(self):
        return "anonymous"


def token_of(request):
    """The APIToken of this request, or None."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, APIToken) else None


# --- Rate limits ---------------------------------------------------------------------------------


class _SettingRateThrottle(SimpleRateThrottle):
    """A ninja throttle whose rate comes from a setting, read on each request."""

    setting = ""
    default_rate = ""

    def __init__(self):
        super().__init__(rate=self.default_rate)

    def allow_request(self, request):
        self.rate = getattr(settings, self.setting, self.default_rate)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        # A request is counted once, whoever asks first (the response cache's gate or ninja);
        # a refusal is asked again, which counts nothing and sets what `wait()` needs.
        decided = request.__dict__.setdefault("_zib_rate_decisions", {})
        if decided.get(self.scope):
            return True
        decided[self.scope] = super().allow_request(request)
        if self.get_cache_key(request) is not None:  # this throttle applies to the request
            history = self.history  # set by allow_request for this request
            oldest = history[-1] if history else self.now
            request.zib_rate_limit = RateLimitState(
                limit=self.num_requests,
                remaining=max(0, self.num_requests - len(history)),
                reset=max(1, math.ceil(oldest + self.duration - self.now)),
            )
        return decided[self.scope]

    def get_ident(self, request):
        # The same notion of „client“ as the grant form's rate limit (trusted proxies).
        return client_ip(request)


class AnonymousThrottle(_SettingRateThrottle):
    """ZIB_API_RATE_LIMIT (default 120/min) per client address for requests without token."""

    scope = "zib-api-anon"
    setting = "ZIB_API_RATE_LIMIT"
    default_rate = "120/m"

    def get_cache_key(self, request):
        if token_of(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingRateThrottle):
    """ZIB_API_TOKEN_RATE_LIMIT (default 1200/min) per token."""

    scope = "zib-api-token"
    setting = "ZIB_API_TOKEN_RATE_LIMIT"
    default_rate = "1200/m"

    def get_cache_key(self, request):
        token = token_of(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


@dataclass(frozen=True)
class RateLimitState:
    """What the `RateLimit-*` headers say: the limit, what is left, seconds until it resets."""

    limit: int
    remaining: int
    reset: int

    def headers(self):
        return {
            "RateLimit-Limit": str(self.limit),
            "RateLimit-Remaining": str(self.remaining),
            "RateLimit-Reset": str(self.reset),
        }


def rate_limit_gate(request):
    """The response cache's gate (zib_wagtail.core.gates): an anonymous API request counts
    against its rate limit before a cached answer may be served; over the limit it goes to the
    API, which answers 429. Other paths pass."""
    prefix = _api_prefix()
    if prefix is None or not request.path.startswith(prefix):
        return True
    return AnonymousThrottle().allow_request(request)


@cache_function
def _api_prefix():
    """Where /api/v1/ is mounted; None on a site without it."""
    try:
        return reverse("api-v1:openapi-json").removesuffix("openapi.json")
    except NoReverseMatch:
        return None
