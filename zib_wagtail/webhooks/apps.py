from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "zib_wagtail.webhooks"
    label = "zib_webhooks"
    verbose_name = _("Webhooks")

    def ready(self):
        from . import signals

        signals.connect()
