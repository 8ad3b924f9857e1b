"""`/api/v1/sync/`: every public page for a consumer that starts from nothing.

A sync is a chain of requests: the first (no `token`) notes the changes feed's cursor of that
moment; each answer lists the next pages by id (keyset paging: the same cost for the
hundredth request as for the first, however many pages the site has) and a `next_token`;
the last one has `next_token: null`. Then the consumer follows `/changes/?since=<feed_cursor>`:
whatever changed while it synced is in the feed after that cursor, so nothing is missed (what
Contentful's Sync API gives).
"""

from django.contrib.contenttypes.models import ContentType
from ninja import Field, Query, Router, Schema
from wagtail.models import Page

from search.query import searchable_pages
from zib_wagtail.webhooks.models import ContentChange

from .errors import READ_ERRORS, APIProblem
from .schemas.common import Context
from .schemas.pages import PageSummary, page_summary

router = Router(tags=["Sync"])

MAX_LIMIT = 500


class SyncOptions(Schema):
    token: str | None = Field(
        None,
        pattern=r"^[0-9]{1,19}\.[0-9]{1,19}$",
        description="`next_token` of the previous answer; none to start.",
    )
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Pages per answer.")


class SyncPage(Schema):
    items: list[PageSummary] = Field(description="Public pages, by id; fetch `meta.api_url`.")
    next_token: str | None = Field(description="Pass as `token` for the next pages; null: done.")
    feed_cursor: str = Field(
        description="The changes feed's cursor when this sync began: after the last page, "
        "follow `/changes/?since=<feed_cursor>`."
    )


def _feed_cursor():
    return str(ContentChange.last_id())


def _parse(token):
    """(after page id, feed cursor) of a token, or a 400 problem."""
    after, _, cursor = (token or "").partition(".")
    if not (after.isdigit() and cursor.isdigit() and len(after) < 20 and len(cursor) < 20):
        raise APIProblem("bad_request", "`token` must be a `next_token` of this endpoint.")
    if int(cursor) > int(_feed_cursor()):
        raise APIProblem("bad_request", "`token` must be a `next_token` of this endpoint.")
    return int(after), cursor


@router.get("/", response={200: SyncPage, **READ_ERRORS}, summary="Full sync")
def sync(request, options: Query[SyncOptions]):
    """Every live, public page, in id order, in pages of `limit`; then the changes feed."""
    if options.token is None:
        after, cursor = 0, _feed_cursor()
    else:
        after, cursor = _parse(options.token)
    pages = searchable_pages().exclude(content_type=ContentType.objects.get_for_model(Page))
    ids = list(
        pages.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[: options.limit + 1]
    )
    more = len(ids) > options.limit
    ids = ids[: options.limit]
    by_id = Page.objects.filter(pk__in=ids).select_related("locale").specific().in_bulk()
    ctx = Context(request=request)
    ctx.prefetch_parents([by_id[pk] for pk in ids if pk in by_id])
    return {
        "items": [page_summary(by_id[pk], ctx) for pk in ids if pk in by_id],
        "next_token": f"{ids[-1]}.{cursor}" if more else None,
        "feed_cursor": cursor,
    }
