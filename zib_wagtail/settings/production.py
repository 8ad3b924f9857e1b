"""Production: everything from environment variables, failing fast when one is missing.

Every variable is listed in docs/betrieb.md („Konfiguration“). Required: SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), REDIS_URL, WAGTAILADMIN_BASE_URL.
"""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import LOGGING, env_bool, env_list


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
WAGTAILADMIN_BASE_URL = require_env(
    "WAGTAILADMIN_BASE_URL", "public base URL used in admin notifications, e.g. https://zib.example"
)

# --- Database: PostgreSQL through psycopg 3, persistent connections with health checks -------
DATABASES = {
    "default": dj_database_url.parse(
        require_env(
            "DATABASE_URL", "the production database, e.g. postgres://user:pass@host:5432/zib"
        ),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# An optional read replica for anonymous reads (DATABASE_REPLICA_URL, docs/betrieb.md).
DATABASE_ROUTERS = add_read_replica(  # noqa: F405
    DATABASES, DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
)
# (base.py already selects the German search configuration for PostgreSQL.)

# --- Cache: Redis (shared by all app servers: page cache, its generation, rate limits) -------
REDIS_URL = require_env("REDIS_URL", "the Redis cache, e.g. redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "BACKEND": "zib_wagtail.ops.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zib"),
        "TIMEOUT": 300,
    },
    "renditions": {
        "BACKEND": "zib_wagtail.ops.redis_cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "zib") + "-renditions",
        "TIMEOUT": 60 * 60 * 24,
    },
}

# --- Background tasks: stored in the database, run by `manage.py db_worker` ------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Static files (whitenoise, compressed and hashed) and media (disk or S3) ------------------
MEDIA_STORAGE = os.environ.get("ZIB_MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": require_env("AWS_STORAGE_BUCKET_NAME", "bucket for media files"),
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            "default_acl": None,
        },
    }
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY from the environment (boto3).
elif MEDIA_STORAGE == "filesystem":
    MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("ZIB_MEDIA_STORAGE must be 'filesystem' or 's3'.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Hashed file names never change: browsers and CDNs may keep them for a year.
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

# --- Security --------------------------------------------------------------------------------
# HTTPS is terminated at the reverse proxy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # Preloading commits the whole domain to HTTPS in browsers for good; the operator opts in.
    # Off is a decision, not an oversight, so `check --deploy` need not warn (security.W021).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Mail, logging, grants --------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

# One JSON line per request on stdout (zib.requests), unless ZIB_REQUEST_LOG_LEVEL says otherwise.
LOGGING["loggers"]["zib.requests"]["level"] = os.environ.get("ZIB_REQUEST_LOG_LEVEL", "INFO")


# Accepted submissions per client and window, "count/seconds" (default 10/3600), and the
# submissions not accepted (invalid, spam, too large; default 50/3600).
def _count_per_seconds(name):
    count, seconds = os.environ[name].split("/")
    return int(count), int(seconds)


if os.environ.get("ZIB_GRANTS_RATE_LIMIT"):
    ZIB_GRANTS_RATE_LIMIT = _count_per_seconds("ZIB_GRANTS_RATE_LIMIT")
if os.environ.get("ZIB_GRANTS_INVALID_RATE_LIMIT"):
    ZIB_GRANTS_INVALID_RATE_LIMIT = _count_per_seconds("ZIB_GRANTS_INVALID_RATE_LIMIT")
# Minutes after a deadline in which a form opened before it is still accepted (default 15);
# seconds an API Idempotency-Key is remembered (default 86400).
if os.environ.get("ZIB_GRANTS_DEADLINE_GRACE_MINUTES"):
    ZIB_GRANTS_DEADLINE_GRACE_MINUTES = int(os.environ["ZIB_GRANTS_DEADLINE_GRACE_MINUTES"])
if os.environ.get("ZIB_GRANTS_IDEMPOTENCY_KEY_TTL"):
    ZIB_GRANTS_IDEMPOTENCY_KEY_TTL = int(os.environ["ZIB_GRANTS_IDEMPOTENCY_KEY_TTL"])
