from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grants"
    verbose_name = _("Zuschüsse")

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
