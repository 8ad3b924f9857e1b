"""Snippets: partners, topics, districts (per language)."""

from ninja import Field, Query, Router, Schema

from zib_wagtail.core.models import District, Partner, Topic

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .pages import LocaleCode
from .schemas.common import (
    Context,
    DistrictSchema,
    Pagination,
    PartnerSchema,
    TopicSchema,
    district_data,
    paginate,
    partner_data,
    topic_data,
)

router = Router(tags=["Snippets"])
ERRORS = READ_ERRORS


class SnippetFilters(Schema):
    locale: LocaleCode | None = Field(None, description="Only entries in this language.")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=100_000)


class PartnerList(Pagination):
    items: list[PartnerSchema]


class TopicList(Pagination):
    items: list[TopicSchema]


class DistrictList(Pagination):
    items: list[DistrictSchema]


def _list(request, queryset, serializer, filters):
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    total, items = paginate(queryset.select_related("locale"), filters.limit, filters.offset)
    ctx = Context(request=request)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [serializer(item, ctx) for item in items],
    }


def _detail(request, queryset, serializer, pk, label):
    item = queryset.select_related("locale").filter(pk=pk).first()
    if item is None:
        raise APIProblem("not_found", f"There is no {label} {pk}.")
    return serializer(item, Context(request=request))


@router.get("/partners/", response={200: PartnerList, **ERRORS})
@cacheable
def list_partners(request, filters: Query[SnippetFilters]):
    """Partner organisations, by name."""
    partners = Partner.objects.select_related("logo").order_by("name", "pk")
    return _list(request, partners, partner_data, filters)


@router.get("/partners/{int:partner_id}/", response={200: PartnerSchema, **ERRORS})
@cacheable
def partner_detail(request, partner_id: int):
    return _detail(
        request, Partner.objects.select_related("logo"), partner_data, partner_id, "partner"
    )


@router.get("/topics/", response={200: TopicList, **ERRORS})
@cacheable
def list_topics(request, filters: Query[SnippetFilters]):
    """Project topics; filter projects with `/pages/?topic=<slug>`."""
    return _list(request, Topic.objects.order_by("name", "pk"), topic_data, filters)


@router.get("/topics/{int:topic_id}/", response={200: TopicSchema, **ERRORS})
@cacheable
def topic_detail(request, topic_id: int):
    return _detail(request, Topic.objects.all(), topic_data, topic_id, "topic")


@router.get("/districts/", response={200: DistrictList, **ERRORS})
@cacheable
def list_districts(request, filters: Query[SnippetFilters]):
    """Districts; filter projects with `/pages/?district=<slug>`."""
    return _list(request, District.objects.order_by("name", "pk"), district_data, filters)


@router.get("/districts/{int:district_id}/", response={200: DistrictSchema, **ERRORS})
@cacheable
def district_detail(request, district_id: int):
    return _detail(request, District.objects.all(), district_data, district_id, "district")
