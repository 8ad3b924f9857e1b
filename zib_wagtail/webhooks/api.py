"""The changes feed, `GET …/changes/`: every public change in commit order, with a cursor.

Mounted by the site's content API (zib_wagtail/api/, at /api/v1/changes/) as `router`. Cursors
are opaque strings to clients; today they are the decimal id of the last change seen ("0" = from
the beginning).

Errors are the API's: the feed raises ninja's `HttpError` (`InvalidCursor` carries the stable
`code` and the field errors) and declares the error response without a schema, and the API that
mounts it answers and documents it with its one problem schema.
"""

from typing import Literal

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from .models import ContentChange, Event

#: Seconds the feed may be cached by browsers and the CDN.
CACHE_SECONDS = 30
DEFAULT_LIMIT = 100
MAX_LIMIT = 500

router = Router(tags=["changes"])

EventName = Literal[tuple(Event.values)]  # type: ignore[valid-type]


class Change(Schema):
    cursor: str = Field(description="Cursor of this change; pass it as `since` to continue.")
    event: EventName = Field(description="What happened.")
    object_type: Literal["page", "funding_round"]
    id: int = Field(description="Id of the page or funding round.")
    type: str = Field(description="Model of the object, e.g. `projects.ProjectPage`.")
    locale: str | None = Field(description="Language code of a page, e.g. `de`.")
    url: str | None = Field(description="Public URL of a page at the time of the change.")
    previous_url: str | None = Field(
        description="`page.moved`, `page.url_changed`: the URL the page had before."
    )
    api_url: str = Field(description="Where to fetch the object from the content API.")
    occurred_at: str = Field(
        description="UTC, RFC 3339 with microseconds and `Z`, as in webhooks.",
        json_schema_extra={"format": "date-time"},
    )


class ChangesPage(Schema):
    items: list[Change]
    next_cursor: str = Field(description="Pass as `since` in the next call (also when empty).")
    has_more: bool = Field(description="True when more changes follow right away.")


class InvalidCursor(HttpError):
    """`since` is not a cursor of this feed: 400 with code `invalid_cursor`."""

    code = "invalid_cursor"

    def __init__(self):
        detail = "`since` must be a cursor returned by this feed, or 0."
        super().__init__(400, detail)
        self.errors = [{"field": "since", "code": self.code, "message": detail}]


def parse_cursor(value):
    """The id behind a cursor, or None when it is not one of ours."""
    if not value.isascii() or not value.isdigit() or len(value) > 19:
        return None
    return int(value)


@router.get(
    "/",
    response={200: ChangesPage},
    # The schema of the error is the mounting API's problem (its OpenAPI adds it).
    openapi_extra={"responses": {400: {"description": "Bad Request"}}},
    summary="Changes feed",
    description=(
        "Every publish, unpublish, move and delete of a public page and every change of a "
        "funding round, oldest first. Start with `since=0`, keep `next_cursor` and call again "
        "with it; while `has_more` is true the next page is ready right away. Changes of "
        "private pages (view restrictions) never appear."
    ),
    operation_id="listChanges",
)
def list_changes(
    request,
    response: HttpResponse,
    since: str = Query("0", description="Cursor from a previous call; `0` for all changes."),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Changes per page."),
):
    after = parse_cursor(since)
    if after is None or after > ContentChange.last_id():
        raise InvalidCursor()  # not a number, or beyond the last change: never handed out
    changes = list(ContentChange.objects.filter(pk__gt=after).order_by("pk")[: limit + 1])
    has_more = len(changes) > limit
    changes = changes[:limit]
    response["Cache-Control"] = f"public, max-age={CACHE_SECONDS}"
    return {
        "items": [change.as_item() for change in changes],
        "next_cursor": changes[-1].cursor if changes else str(after),
        "has_more": has_more,
    }
