"""Rate limit for the admin login: after too many failures per address and user name, refuse.

Failures are counted from Django's `user_login_failed` signal (Wagtail's login view
authenticates through Django), per client address + user name and per client address alone
(a higher limit, against trying many names). While a limit is reached, POSTs to the login URL
get 429 with a German message and `Retry-After`, without checking the password. A successful
login clears the counter of that address + name.

Settings: ZIB_ADMIN_LOGIN_MAX_FAILURES (5), ZIB_ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS (30),
ZIB_ADMIN_LOGIN_WINDOW (900 seconds). The client address is taken like the grant form's rate
limit (ZIB_GRANTS_TRUSTED_PROXY_COUNT).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from zib_wagtail.core.clients import client_ip

MESSAGE = (
    "Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie {minutes} Minuten und "
    "versuchen Sie es dann erneut."
)


def max_failures():
    return getattr(settings, "ZIB_ADMIN_LOGIN_MAX_FAILURES", 5)


def max_failures_per_address():
    return getattr(settings, "ZIB_ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS", 30)


def window():
    return getattr(settings, "ZIB_ADMIN_LOGIN_WINDOW", 900)


def _key(*parts):
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:40]
    return f"zib:login-failures:{digest}"


def keys_for(request, username):
    address = client_ip(request)
    return _key(address, (username or "").strip().lower()), _key(address)


def _count(key):
    cache.add(key, 0, timeout=window())
    try:
        return cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window())
        return 1


def on_login_failed(sender, credentials, request=None, **kwargs):
    if request is None:
        return
    user_key, address_key = keys_for(request, credentials.get("username", ""))
    _count(user_key)
    _count(address_key)


def on_logged_in(sender, request, user, **kwargs):
    if request is not None:
        cache.delete(keys_for(request, user.get_username())[0])


def is_blocked(request):
    user_key, address_key = keys_for(request, request.POST.get("username", ""))
    return (cache.get(user_key) or 0) >= max_failures() or (
        cache.get(address_key) or 0
    ) >= max_failures_per_address()


def throttled_response():
    minutes = max(1, window() // 60)
    text = escape(MESSAGE.format(minutes=minutes))
    body = (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
        "<title>Anmeldung gesperrt</title></head>"
        f"<body><main><h1>Anmeldung vorübergehend gesperrt</h1><p>{text}</p></main></body></html>"
    )
    response = HttpResponse(body, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(window())
    return response


class AdminLoginThrottleMiddleware:
    """POSTs to the admin login URL while a limit is reached get 429 (signals: apps.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        is_login = request.method == "POST" and request.path == reverse("wagtailadmin_login")
        if is_login and is_blocked(request):
            return throttled_response()
        return self.get_response(request)
