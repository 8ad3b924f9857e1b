"""The /api/v1/ API object: routers, auth, throttles, errors (django-ninja).

OpenAPI 3.1 at /api/v1/openapi.json, interactive docs at /api/v1/docs/ (Swagger UI served from
ninja's bundled static files, no CDN). Guide for portal developers: docs/api.md.
"""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from zib_wagtail.webhooks.api import router as changes_router

from .. import conf
from . import caching, strict
from .auth import AnonymousThrottle, OptionalBearerAuth, TokenThrottle
from .errors import PROBLEM_JSON, Problem, register_exception_handlers
from .media import router as media_router
from .pages import router as pages_router
from .rounds import router as rounds_router
from .settings import router as settings_router
from .snippets import router as snippets_router
from .submissions import router as submissions_router
from .sync import router as sync_router

#: Short, stable operationIds (what generated clients name their methods), by view function.
OPERATION_IDS = {
    "list_pages": "listPages",
    "page_detail_view": "getPage",
    "find_page_view": "findPage",
    "navigation": "getNavigation",
    "public_urls": "listPublicUrls",
    "list_images": "listImages",
    "image_detail": "getImage",
    "image_rendition": "getImageRendition",
    "list_documents": "listDocuments",
    "document_detail": "getDocument",
    "list_rounds": "listFundingRounds",
    "round_detail": "getFundingRound",
    "office": "getOfficeSettings",
    "list_partners": "listPartners",
    "partner_detail": "getPartner",
    "list_topics": "listTopics",
    "topic_detail": "getTopic",
    "list_districts": "listDistricts",
    "district_detail": "getDistrict",
    "submit": "submitGrantApplication",
    "list_changes": "listChanges",
    "sync": "syncPages",
}


class ContentAPI(NinjaAPI):
    """NinjaAPI whose successful reads get ETag/Cache-Control and answer 304 (see caching),
    whose errors are all the one Problem, and whose title and description are settings
    (ZIB_API_TITLE, ZIB_API_DESCRIPTION; zib_wagtail/api/conf.py), read when asked for."""

    # NinjaAPI.__init__ assigns both; the values given there are ignored.
    title = property(lambda self: conf.title(), lambda self, value: None)
    description = property(lambda self: conf.description(), lambda self, value: None)

    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        language = getattr(request, "zib_content_language", None)
        if language:  # a page's detail: the language of the page it is
            response["Content-Language"] = language
        return caching.finalize(request, response)

    def get_openapi_operation_id(self, operation):
        name = operation.view_func.__name__
        if name in OPERATION_IDS:
            return OPERATION_IDS[name]
        head, *rest = name.split("_")
        return head + "".join(part.title() for part in rest)

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are documented as `application/problem+json` with the one Problem schema:
        since the token check, the rate limit and parameter validation apply to every
        operation, each one documents 401, 429 and (if it has parameters) 422; an error
        response a router declares without content (the changes feed's 400) gets Problem."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        _add_problem_components(schema)
        # The API answers at the site's own origin; a token is optional everywhere (`{}`: no
        # credentials at all is a valid choice, as generators and schemathesis need to know).
        schema["servers"] = [{"url": "/", "description": "This site"}]
        for operations in schema["paths"].values():
            operations.pop("head", None)  # HEAD answers wherever GET does (HTTP), not listed
            for operation in operations.values():
                if operation.get("security"):
                    operation["security"] = [{}, *operation["security"]]
        problem = {"$ref": "#/components/schemas/Problem"}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                # 400: an unknown query parameter (strict.py), on every operation.
                api_wide = [(400, "Bad Request"), (401, "Unauthorized"), (429, "Too Many Requests")]
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
                    if int(status) < 400:
                        continue
                    content = response.setdefault("content", {})
                    if "application/json" in content:
                        content[PROBLEM_JSON] = content.pop("application/json")
                    content.setdefault(PROBLEM_JSON, {"schema": problem})
        return schema


def _add_problem_components(schema):
    """Problem (and FieldError) in the components, also when no operation names them."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    if "Problem" not in components:
        definition = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components["Problem"] = definition


api = ContentAPI(
    version="1",
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
api.add_router("/sync/", sync_router)

strict.prepare_operations(api)
