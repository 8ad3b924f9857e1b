"""Settings shared by every environment.

Everything that differs between machines comes from environment variables; see README.md
("Settings") for the list. `dev`, `test` and `production` build on this module.
"""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_list(name, default=""):
    """A comma-separated environment variable as a list without blanks."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


INSTALLED_APPS = [
    # The example site's demo content (load_zib_content, ensure_admin_user); no app imports it.
    "zib_wagtail.demo",
    # The reusable apps of the distribution (README → Installation). `home` composes the others;
    # the shared core comes last of them, and before Wagtail so that its catalogues override
    # Wagtail's informal German admin messages.
    "home",
    "projects",
    "grants",
    "search",
    "zib_wagtail.api",
    # Changes feed and webhooks (signals of the content apps and Wagtail).
    "zib_wagtail.webhooks",
    # Page/API response cache with publish-driven invalidation; operations (health, logging,
    # CSP, login throttle).
    "zib_wagtail.caching",
    "zib_wagtail.ops",
    "zib_wagtail.core",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    # Translation workflow: editors translate in the admin, sync from the German source and
    # export/import PO files; `wagtail_localize.locales` replaces `wagtail.locales`.
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    # /api/v1/ (django-ninja; its static files serve the API docs) and CORS for /api/.
    "ninja",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Background tasks in the database (production's TASKS backend; the migrations exist
    # everywhere so that switching backends needs no schema change).
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, to time and log every request (zib.requests).
    "zib_wagtail.ops.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # Lets anonymous reads use the read replica, where one is configured (removes itself else).
    "zib_wagtail.ops.replicas.ReplicaReadsMiddleware",
    # Answers anonymous reads from the cache before anything below runs (a hit: one cache read,
    # headers precomputed); sets the HTTP caching headers of HTML answers (caching/http.py).
    "zib_wagtail.caching.middleware.PageCacheMiddleware",
    # gzip/Brotli/Zstandard for HTML and JSON, never for personal answers (BREACH); inside the
    # response cache, which keeps each coding's answer.
    "zib_wagtail.caching.compression.CompressionMiddleware",
    "zib_wagtail.ops.csp.AreaCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "zib_wagtail.ops.login_throttle.AdminLoginThrottleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: primes the Wagtail site and page route from remembered lookups (a view hook).
    "zib_wagtail.core.routing.RememberedRoutesMiddleware",
]

ROOT_URLCONF = "zib_wagtail.urls"
WSGI_APPLICATION = "zib_wagtail.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Database: DATABASE_URL (e.g. postgres://user@host:5432/name); default is a SQLite file in
# the project directory so that a fresh clone runs without any service.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def add_read_replica(databases, conn_max_age, **options):
    """DATABASE_REPLICA_URL, if set: a read replica for anonymous reads (zib_wagtail.ops.replicas,
    docs/betrieb.md). Tests use it as a mirror of the primary."""
    url = os.environ.get("DATABASE_REPLICA_URL")
    if not url:
        return []
    databases["replica"] = dj_database_url.parse(
        url, conn_max_age=conn_max_age, test_options={"MIRROR": "default"}, **options
    )
    return ["zib_wagtail.ops.replicas.ReplicaRouter"]


DATABASE_ROUTERS = add_read_replica(DATABASES, DATABASES["default"]["CONN_MAX_AGE"])
#: Seconds after a client's write and after a publish during which reads stay on the primary:
#: longer than the replica's usual lag.
ZIB_REPLICA_LAG_SECONDS = int(os.environ.get("ZIB_REPLICA_LAG_SECONDS", "15"))

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Wagtail looks image renditions up here before asking the database.
    "renditions": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "renditions",
        "TIMEOUT": 600,
    },
}

# Response cache for anonymous reads of pages and the API (zib_wagtail/caching/), invalidated
# on publish/unpublish/move/delete; ZIB_PAGE_CACHE=false switches it off.
ZIB_PAGE_CACHE = env_bool("ZIB_PAGE_CACHE", True)
ZIB_PAGE_CACHE_TIMEOUT = int(os.environ.get("ZIB_PAGE_CACHE_TIMEOUT", "300"))
# Cache-Control of public HTML pages (seconds): browsers, shared caches/CDN,
# stale-while-revalidate; personal answers are always `private, no-store` (caching/http.py).
ZIB_PAGE_CACHE_MAX_AGE = int(os.environ.get("ZIB_PAGE_CACHE_MAX_AGE", "60"))
ZIB_PAGE_CACHE_S_MAXAGE = int(os.environ.get("ZIB_PAGE_CACHE_S_MAXAGE", "300"))
ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("ZIB_PAGE_CACHE_STALE_WHILE_REVALIDATE", "600")
)

# CDN / reverse proxy purge on publish (Wagtail's frontend cache, HTTP backend sending PURGE).
if os.environ.get("ZIB_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["ZIB_FRONTEND_CACHE_URL"],
        }
    }

# django-tasks (used by Wagtail 8 for background work): run immediately by default.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: German is the default (and source) language of interface and content.
# German pages live at the root, every further language under /<code>/ (i18n_patterns with
# prefix_default_language=False). Each language is named in its own language for the switcher.
LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("uk", "Українська"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [PROJECT_DIR / "locale"]

WAGTAIL_I18N_ENABLED = True
# A new translation starts as a draft, whatever the state of its source: translations go live
# only through the workflow (docs/translations.md).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]

# Static and media files
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static_collected"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models can exceed Django's default of 1,000 fields in the page editor.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: EMAIL_URL-style settings as separate variables, as Django names them.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ZIB-Website <noreply@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# A refused form in the site's layout; the grant form shows itself again with what was typed.
CSRF_FAILURE_VIEW = "zib_wagtail.core.views.csrf_failure"

# Wagtail
WAGTAIL_SITE_NAME = "Zuwanderungs- und Integrationsbüro"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Site search (docs/search.md): the database backend; `search.backends.database` adds German
# prefix matching on SQLite. On PostgreSQL the German text search configuration stems words so
# that „Zuschüsse“ finds „Zuschuss“ (changing it needs `manage.py update_index`).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "german"
# Wagtail's index on a search cluster instead (docs/search.md): ZIB_SEARCH_BACKEND=elasticsearch8,
# opensearch2 … (search.backends.cluster.FLAVOURS) at ZIB_SEARCH_URLS (comma-separated).
ZIB_SEARCH_BACKEND = os.environ.get("ZIB_SEARCH_BACKEND", "database")
if ZIB_SEARCH_BACKEND != "database":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backends.cluster",
            "FLAVOUR": ZIB_SEARCH_BACKEND,
            "URLS": os.environ.get("ZIB_SEARCH_URLS", "http://127.0.0.1:9200").split(","),
            "INDEX_PREFIX": os.environ.get("ZIB_SEARCH_INDEX_PREFIX", "zib_"),
            "TIMEOUT": 10,
        }
    }
# The site search also finds the funding rounds' public data, on the grants page
# (search.records; the office's contact data on the contact page come without a setting).
ZIB_SEARCH_RECORDS = [{"model": "grants.FundingRound", "page_type": "grants.GrantsPage"}]
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]
        },
    }
}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: the admin makes no third-party requests (and the CSP allows none).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Content-Security-Policy (django-csp 4; zib_wagtail/ops/csp.py). The site: own origin only.
_CSP_EXTRA_IMG = env_list("ZIB_CSP_IMG_SOURCES")  # e.g. the S3/CDN host of media files
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_CSP_EXTRA_IMG],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# Wagtail's admin needs inline scripts and styles; it gets its own, looser policy.
ZIB_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_CSP_EXTRA_IMG],
        "font-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
    }
}

# Grants (see grants/conf.py for every ZIB_GRANTS_* setting and its default).
# Application attachments live here, outside MEDIA_ROOT: they are never served by URL, only
# through the permission-checked download in the admin.
ZIB_GRANTS_PRIVATE_ROOT = Path(os.environ.get("ZIB_GRANTS_PRIVATE_ROOT", BASE_DIR / "private"))
ZIB_GRANTS_RETENTION_YEARS = int(os.environ.get("ZIB_GRANTS_RETENTION_YEARS", "10"))
ZIB_GRANTS_REFERENCE_PREFIX = "ZIB"
# Who decides on the applications, as named in the confirmation mail (translated lazily).
ZIB_GRANTS_COMMITTEE_NAME = _("Der Ausschuss für soziale Angelegenheiten und Integration")
# The User-Agent of webhook requests (zib_wagtail/webhooks/conf.py).
ZIB_WEBHOOKS_USER_AGENT = "ZIB-Webhooks/1"

# The OpenAPI document's title and description (zib_wagtail/api/conf.py has neutral defaults).
ZIB_API_TITLE = "ZIB Content API"
ZIB_API_DESCRIPTION = """\
Content of the Zuwanderungs- und Integrationsbüro (ZIB) for portals: pages typed per page
type and StreamField block, office contact data, partners, topics, districts, funding rounds,
images and documents, a changes feed; and grant applications.

Anonymous requests see live, public content. A bearer token (Wagtail API token) raises the
rate limit and allows `draft=true` on page details. Errors are `application/problem+json`
with a stable `code`. Guide: docs/api.md in the repository.
"""
# Content API /api/v1/ (docs/api.md). CORS: portals' origins, e.g.
# "https://portal.example.org,https://www.example.de"; only /api/ answers cross-origin, and
# only reads plus the grant-application POST (the other endpoints do not accept POST at all).
CORS_ALLOWED_ORIGINS = env_list("ZIB_API_CORS_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
CORS_EXPOSE_HEADERS = (
    "ETag",
    "Last-Modified",
    "Retry-After",
    "Content-Language",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "Idempotent-Replayed",
)
# Beside django-cors-headers' defaults: the conditional requests a portal's cache sends and
# the Idempotency-Key of grant-application submissions (docs/api.md).
CORS_ALLOW_HEADERS = (
    *cors_default_headers,
    "if-none-match",
    "if-modified-since",
    "idempotency-key",
)
# Requests per client address (anonymous) and per API token, e.g. "120/m", "5000/h".
ZIB_API_RATE_LIMIT = os.environ.get("ZIB_API_RATE_LIMIT", "120/m")
ZIB_API_TOKEN_RATE_LIMIT = os.environ.get("ZIB_API_TOKEN_RATE_LIMIT", "1200/m")
ZIB_API_TOKEN_FAILURE_LIMIT = os.environ.get("ZIB_API_TOKEN_FAILURE_LIMIT", "20/h")
# Cache-Control of public reads (seconds): browsers, shared caches/CDN, stale-while-revalidate.
ZIB_API_CACHE_MAX_AGE = int(os.environ.get("ZIB_API_CACHE_MAX_AGE", "60"))
ZIB_API_CACHE_S_MAXAGE = int(os.environ.get("ZIB_API_CACHE_S_MAXAGE", "300"))
ZIB_API_CACHE_STALE_WHILE_REVALIDATE = int(
    os.environ.get("ZIB_API_CACHE_STALE_WHILE_REVALIDATE", "600")
)

# Reverse proxies in front of the site that append to X-Forwarded-For (for every rate limit;
# zib_wagtail/core/conf.py). The former variable name is still read.
ZIB_TRUSTED_PROXY_COUNT = int(
    os.environ.get("ZIB_TRUSTED_PROXY_COUNT", os.environ.get("ZIB_GRANTS_TRUSTED_PROXY_COUNT", "0"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json_lines": {"class": "logging.StreamHandler", "formatter": "message"},
    },
    "loggers": {
        # One JSON line per request (zib_wagtail/ops/request_log.py); INFO switches it on.
        "zib.requests": {
            "handlers": ["json_lines"],
            "level": os.environ.get("ZIB_REQUEST_LOG_LEVEL", "WARNING"),
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
