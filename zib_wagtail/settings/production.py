"""Production: everything from environment variables, failing fast when one is missing."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def require_env(name, purpose):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the environment variable {name} ({purpose}).")
    return value


DEBUG = False
SECRET_KEY = require_env("SECRET_KEY", "Django's cryptographic signing key, 50+ random characters")
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    require_env("ALLOWED_HOSTS", "comma-separated host names the site answers to"),
)
require_env("DATABASE_URL", "the production database, e.g. postgres://user:pass@host:5432/zib")
WAGTAILADMIN_BASE_URL = require_env(
    "WAGTAILADMIN_BASE_URL", "public base URL used in admin notifications, e.g. https://zib.example"
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS is terminated at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole domain to HTTPS in browsers for good; the operator opts in.
    # Off is a decision, not an oversight, so `check --deploy` need not warn (security.W021).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
