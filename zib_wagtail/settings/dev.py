"""Local development: DEBUG on, a secret key generated once per checkout."""

import os
import secrets

from .base import *  # noqa: F403
from .base import BASE_DIR, env_bool


def _dev_secret_key():
    """Read SECRET_KEY from the environment, else from a file generated on first use."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = BASE_DIR / ".dev-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = True
SECRET_KEY = _dev_secret_key()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Serve static files straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Template and content changes show at once; ZIB_PAGE_CACHE=true tries the response cache.
ZIB_PAGE_CACHE = env_bool("ZIB_PAGE_CACHE", False)
