"""Settings of the content API, each read when used (never at import time) with its default.

ZIB_API_TITLE ("Content API")
    The title of /api/v1/'s OpenAPI document and interactive docs.
ZIB_API_DESCRIPTION (DEFAULT_DESCRIPTION)
    Its description (Markdown): what the API serves, for the portals' developers.

The other settings of the API (rate limits, caching, CORS, image renditions) are described in
docs/api.md → Settings.
"""

from django.conf import settings

DEFAULT_TITLE = "Content API"

DEFAULT_DESCRIPTION = """\
Content of this Wagtail site for other sites and apps: pages typed per page type and
StreamField block, site settings, snippets, funding rounds, images and documents, a changes
feed; and grant applications.

Anonymous requests see live, public content. A bearer token (Wagtail API token) raises the
rate limit and allows `draft=true` on page details. Errors are `application/problem+json`
with a stable `code`.
"""


def title():
    return str(getattr(settings, "ZIB_API_TITLE", DEFAULT_TITLE))


def description():
    return str(getattr(settings, "ZIB_API_DESCRIPTION", DEFAULT_DESCRIPTION))
