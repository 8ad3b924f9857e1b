from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from zib_wagtail.core.sitemaps import TranslatedSitemap
from zib_wagtail.ops.health import healthz

urlpatterns = [
    # Load balancers and monitoring: database and cache reachable (no language prefix).
    path("healthz", healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # /api/v1/ (the typed content API) and /api/v2/ (Wagtail's API).
    path("api/", include("zib_wagtail.api.urls")),
    # Every language version with its hreflang alternates (zib_wagtail/core/sitemaps.py).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}}, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# German pages live at the root, further languages under /<code>/ once they are enabled.
# Own views come before Wagtail's catch-all page serving.
urlpatterns += i18n_patterns(
    path("suche/", include("search.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
