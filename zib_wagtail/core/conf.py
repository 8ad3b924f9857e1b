"""Settings of the shared core, each read when used (never at import time) with its default.

ZIB_EDITORIAL_GAP („[von der Redaktion zu ergänzen]“)
    The marker for a fact the content still lacks; editors see it and replace it.
ZIB_TRUSTED_PROXY_COUNT (0)
    Reverse proxies in front of the site that append to X-Forwarded-For. 0: the client is
    REMOTE_ADDR; n: the n-th address from the right of X-Forwarded-For. Used by every rate limit
    (grant submissions, API, admin login). The former name ZIB_GRANTS_TRUSTED_PROXY_COUNT is
    still read, with a deprecation warning.
ZIB_PAGE_TYPES ({})
    Where the page types may be created, by model label, overriding their defaults, e.g.
    ``{"projects.ProjectIndexPage": {"parent_page_types": ["cityhome.HomePage"]}}``.
    Labels of apps that are not installed are left out of the defaults.
WAGTAIL_CONTENT_LANGUAGES (LANGUAGES)
    The content languages (Wagtail's own setting).
"""

import warnings

from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DEFAULT_EDITORIAL_GAP = _("[von der Redaktion zu ergänzen]")


def editorial_gap():
    return getattr(settings, "ZIB_EDITORIAL_GAP", DEFAULT_EDITORIAL_GAP)


def trusted_proxy_count():
    if hasattr(settings, "ZIB_TRUSTED_PROXY_COUNT"):
        return int(settings.ZIB_TRUSTED_PROXY_COUNT)
    if hasattr(settings, "ZIB_GRANTS_TRUSTED_PROXY_COUNT"):
        warnings.warn(
            "ZIB_GRANTS_TRUSTED_PROXY_COUNT is deprecated; set ZIB_TRUSTED_PROXY_COUNT instead.",
            DeprecationWarning,
            stacklevel=2,
        )
        return int(settings.ZIB_GRANTS_TRUSTED_PROXY_COUNT)
    return 0


def content_languages():
    """(code, name) pairs of the content languages, the default language first as configured."""
    return list(getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES)


def content_language_codes():
    return [code for code, _name in content_languages()]


def _installed(label):
    app_label = label.split(".", 1)[0].lower()
    return app_label == "wagtailcore" or app_label in apps.app_configs


class ConfiguredPageTypes:
    """`parent_page_types`/`subpage_types` of a page model, read from ZIB_PAGE_TYPES when Wagtail
    first asks (so another site can place the page types under its own home page)."""

    def __init__(self, *default):
        self.default = list(default)

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner):
        configured = getattr(settings, "ZIB_PAGE_TYPES", {}).get(owner._meta.label, {})
        if self.name in configured:
            return list(configured[self.name])
        return [label for label in self.default if _installed(label)]
