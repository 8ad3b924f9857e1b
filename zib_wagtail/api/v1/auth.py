"""Who is asking: anonymous portals, or portals with a Wagtail `APIToken`; and how often.

Tokens are Wagtail 8's own (created in the admin under „API tokens“, stored as digests) and
resolved by Wagtail's `BearerTokenAuth`. A token acts as its user: it raises the rate limit and
allows `?draft=true` on pages that user may edit. A session cookie never counts here.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from ninja.throttling import SimpleRateThrottle
from wagtail.api.v3.auth import BearerTokenAuth
from wagtail.models import APIToken

from zib_wagtail.core.clients import client_ip


class OptionalBearerAuth(BearerTokenAuth):
    """No Authorization header: anonymous. A header: it must be a valid, unrevoked token (401)."""

    def __call__(self, request):
        request.user = AnonymousUser()  # a session cookie must not elevate the request
        if not request.headers.get("Authorization"):
            return Anonymous()
        return super().__call__(request)


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
        return super().allow_request(request)

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
