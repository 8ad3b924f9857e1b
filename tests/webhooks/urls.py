"""A urlconf for the webhooks tests: the feed on a throwaway API, the admin, page serving."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from ninja import NinjaAPI
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from zib_wagtail.webhooks.api import router

api = NinjaAPI(urls_namespace="webhooks-test")
api.add_router("/changes/", router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
