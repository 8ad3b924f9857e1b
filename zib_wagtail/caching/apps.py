from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "zib_wagtail.caching"
    label = "zib_caching"
    verbose_name = _("Seiten-Cache")

    def ready(self):
        from . import signals

        signals.connect()
