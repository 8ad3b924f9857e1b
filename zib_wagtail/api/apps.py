from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class APIConfig(AppConfig):
    """The content APIs: /api/v1/ (typed, django-ninja) and /api/v2/ (Wagtail's API)."""

    name = "zib_wagtail.api"
    label = "zib_api"
    verbose_name = _("Inhalts-API")

    def ready(self):
        from zib_wagtail.core import gates

        from . import checks  # noqa: F401  (registers the system checks)
        from .v1.auth import rate_limit_gate

        gates.register_cache_gate(rate_limit_gate)
