"""URLs of both APIs; a site mounts them with ``path("api/", include("zib_wagtail.api.urls"))``.

/api/v1/ is built here, when the URLconf is first loaded, not when the app is imported. If its
schemas cannot be built (an `api_fields` entry whose type cannot be derived), the HTML site
stays up: /api/v1/ answers 503 problem+json and `manage.py check` reports the cause
(zib_api.E001).
"""

import logging

from django.urls import include, path, re_path
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .v1.errors import not_found_view, problem_for_wrong_methods, problem_response
from .v2 import api_router

logger = logging.getLogger(__name__)


def _v1_patterns():
    try:
        from .v1.app import api
    except Exception:
        logger.exception("The content API /api/v1/ could not be built; see `manage.py check`.")

        def unavailable(request, *args, **kwargs):
            return problem_response(
                "service_unavailable",
                "The content API is not available: see the server log.",
                request=request,
            )

        return [re_path(r"^v1/", unavailable)]
    patterns, app_name, namespace = api.urls
    return [
        path(
            "v1/",
            include(
                (decorate_urlpatterns(patterns, problem_for_wrong_methods), app_name),
                namespace=namespace,
            ),
        ),
        re_path(r"^v1/", not_found_view),  # unknown endpoints: problem+json 404
    ]


urlpatterns = [
    *_v1_patterns(),
    path("v2/", api_router.urls),
]
