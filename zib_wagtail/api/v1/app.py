"""The /api/v1/ API object: routers, auth, throttles, errors (django-ninja).

OpenAPI 3.1 at /api/v1/openapi.json, interactive docs at /api/v1/docs/ (Swagger UI served from
ninja's bundled static files, no CDN). Guide for portal developers: docs/api.md.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from zib_wagtail.webhooks.api import router as changes_router

from . import caching
from .auth import AnonymousThrottle, OptionalBearerAuth, TokenThrottle
from .errors import PROBLEM_JSON, register_exception_handlers
from .media import router as media_router
from .pages import router as pages_router
from .rounds import router as rounds_router
from .settings import router as settings_router
from .snippets import router as snippets_router
from .submissions import router as submissions_router

DESCRIPTION = """\
Content of the Zuwanderungs- und Integrationsbüro (ZIB) for portals: pages typed per page
type and StreamField block, office contact data, partners, topics, districts, funding rounds,
images and documents, a changes feed; and grant applications.

Anonymous requests see live, public content. A bearer token (Wagtail API token) raises the
rate limit and allows `draft=true` on page details. Errors are `application/problem+json`
with a stable `code`. Guide: docs/api.md in the repository.
"""


class ContentAPI(NinjaAPI):
    """NinjaAPI whose successful reads get ETag/Cache-Control and answer 304 (see caching)."""

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return caching.finalize(request, response)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as `application/problem+json`; since the token check, the rate
        limit and parameter validation apply to every operation, each one documents 401, 429
        and (if it has parameters) 422."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        problem = {"$ref": "#/components/schemas/Problem"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                api_wide = [(401, "Unauthorized"), (429, "Too Many Requests")]
                if operation.get("parameters") or operation.get("requestBody"):
                    api_wide.append((422, "Unprocessable Entity"))  # invalid parameters
                for status, reason in api_wide:
                    if str(status) in responses:
                        continue
                    responses.setdefault(
                        status,
                        {
                            "description": reason,
                            "content": {"application/json": {"schema": problem}},
                        },
                    )
                for status, response in responses.items():
                    content = response.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
        return schema


api = ContentAPI(
    title="ZIB Content API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs/",
    openapi_url="/openapi.json",
    auth=OptionalBearerAuth(),
    throttle=[AnonymousThrottle(), TokenThrottle()],
)
register_exception_handlers(api)

api.add_router("/pages/", pages_router)
api.add_router("/settings/", settings_router)
api.add_router("/", snippets_router)
api.add_router("/funding-rounds/", rounds_router)
api.add_router("/", media_router)
api.add_router("/grant-applications/", submissions_router)
api.add_router("/changes/", changes_router)
