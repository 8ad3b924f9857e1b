from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CachingConfig(AppConfig):
    name = "zib_wagtail.caching"
    label = "zib_caching"
    verbose_name = _("Seiten-Cache")

    def ready(self):
        from zib_wagtail.core import published

        from . import generation, middleware, signals

        signals.connect()
        # The generation is the content version of the core's remembered lookups too.
        published.register_version_source(
            version=generation.current,
            backend=generation.cache_backend,
            timeout=middleware.timeout,
            changed_at=generation.changed_at,
        )
