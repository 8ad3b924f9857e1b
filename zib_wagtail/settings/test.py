"""Tests: fast and honest (real database, real templates, no network)."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The browser tests' server sends to their SMTP collector (EMAIL_HOST/EMAIL_PORT, tests/browser).
if os.environ.get("ZIB_TEST_SMTP"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Grant attachments: a throwaway folder (the grants tests point it at a fresh tmp_path each).
ZIB_GRANTS_PRIVATE_ROOT = Path(tempfile.gettempdir()) / "zib-wagtail-test-private"

# The response cache is off for the suite; tests/production/ switches it on where it is tested.
ZIB_PAGE_CACHE = False

# The read replica's alias as Django's docs advise for tests: a mirror of the primary. The
# router stays off (tests/production/test_replicas.py switches it on); its middleware only marks
# which reads it would allow.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}  # noqa: F405
