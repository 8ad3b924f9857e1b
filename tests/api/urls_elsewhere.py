"""A site that mounts the content APIs under /content/ instead of /api/ (tests/api/test_urls.py)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls

urlpatterns = [path("content/", include("zib_wagtail.api.urls"))]
urlpatterns += i18n_patterns(
    path("suche/", include("search.urls")),  # the site chrome links the search
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
