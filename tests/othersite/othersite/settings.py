"""Settings of „Othercity“: another city's Wagtail site that installs the zib-wagtail wheel.

It keeps a home page app of its own (`cityhome`, as `wagtail start` makes one, under another
name) instead of our `home`, and leaves out the optional `zib_wagtail.caching` and
`zib_wagtail.ops`: the feature apps must work without them. Everything zib-wagtail needs is
set here exactly as docs/installation.md says (test_installation_docs.py compares the lists).
"""

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent
BASE_DIR = PROJECT_DIR.parent

SECRET_KEY = "othersite-test-only-secret-key"  # noqa: S105  (a throwaway test site)
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost"]

INSTALLED_APPS = [
    # The other city's own app.
    "cityhome",
    # zib-wagtail
    "projects",
    "grants",
    "search",
    "zib_wagtail.api",
    "zib_wagtail.webhooks",
    "zib_wagtail.core",
    # Wagtail and the libraries the apps use
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.redirects",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
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
    "ninja",
    "corsheaders",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "othersite.urls"

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

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LANGUAGE_CODE = "de"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

# zib-wagtail: attachments outside MEDIA_ROOT (the tests point both at a tmp_path).
ZIB_GRANTS_PRIVATE_ROOT = BASE_DIR / "private"
# The page types go below this site's own home page (their default parent is our home.HomePage).
ZIB_PAGE_TYPES = {
    "projects.ProjectIndexPage": {"parent_page_types": ["cityhome.HomePage"]},
    "grants.GrantsPage": {"parent_page_types": ["cityhome.HomePage"]},
    "zib_core.StandardPage": {"parent_page_types": ["cityhome.HomePage", "zib_core.StandardPage"]},
}
# Another city, another prefix of the reference numbers (OC-2026-0001).
ZIB_GRANTS_REFERENCE_PREFIX = "OC"

WAGTAIL_SITE_NAME = "Othercity"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.database"}}
CORS_URLS_REGEX = r"^/api/"
