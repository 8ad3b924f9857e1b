from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared core every feature app builds on: base pages, site settings, snippets, blocks,
    site-chrome template tags and includes, the public-visibility rule."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "zib_wagtail.core"
    label = "zib_core"
    verbose_name = _("Seiten und Stammdaten")

    def ready(self):
        from . import checks, memo, visibility  # noqa: F401  (checks: registers the system checks)

        memo.connect()
        visibility.connect()
