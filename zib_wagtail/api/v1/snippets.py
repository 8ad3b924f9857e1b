"""Snippets: partners, topics, districts (per language); payloads from their `api_fields`."""

from ninja import Field, Query, Router, Schema

from zib_wagtail.core.models import District, Partner, Topic

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .pages import LocaleCode
from .schemas.common import Context, Pagination, paginate
from .schemas.models import model_type_of

router = Router(tags=["Snippets"])
ERRORS = READ_ERRORS

PARTNER, TOPIC, DISTRICT = (model_type_of(model) for model in (Partner, Topic, District))


class SnippetFilters(Schema):
    locale: LocaleCode | None = Field(None, description="Only entries in this language.")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=100_000)


class PartnerList(Pagination):
    items: list[PARTNER.schema]


class TopicList(Pagination):
    items: list[TOPIC.schema]


class DistrictList(Pagination):
    items: list[DISTRICT.schema]


def _list(request, queryset, model_type, filters):
    if filters.locale:
        queryset = queryset.filter(locale__language_code=filters.locale)
    total, items = paginate(queryset, filters.limit, filters.offset)
    ctx = Context(request=request)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [model_type.serialize(item, ctx) for item in items],
    }


def _detail(request, queryset, model_type, pk):
    item = queryset.filter(pk=pk).first()
    if item is None:
        noun = str(model_type.model._meta.model_name)
        raise APIProblem("not_found", f"There is no {noun} {pk}.")
    return model_type.serialize(item, Context(request=request))


@router.get("/partners/", response={200: PartnerList, **ERRORS})
@cacheable
def list_partners(request, filters: Query[SnippetFilters]):
    """Partner organisations, by name."""
    partners = Partner.objects.select_related("logo").order_by("name", "pk")
    return _list(request, partners, PARTNER, filters)


@router.get(
    "/partners/{int:partner_id}/",
    response={200: PARTNER.schema, **ERRORS},
    url_name="partner_detail",
)
@cacheable
def partner_detail(request, partner_id: int):
    return _detail(request, Partner.objects.select_related("logo"), PARTNER, partner_id)


@router.get("/topics/", response={200: TopicList, **ERRORS})
@cacheable
def list_topics(request, filters: Query[SnippetFilters]):
    """Project topics; filter projects with `/pages/?topic=<slug>`."""
    return _list(request, Topic.objects.order_by("name", "pk"), TOPIC, filters)


@router.get(
    "/topics/{int:topic_id}/", response={200: TOPIC.schema, **ERRORS}, url_name="topic_detail"
)
@cacheable
def topic_detail(request, topic_id: int):
    return _detail(request, Topic.objects.all(), TOPIC, topic_id)


@router.get("/districts/", response={200: DistrictList, **ERRORS})
@cacheable
def list_districts(request, filters: Query[SnippetFilters]):
    """Districts; filter projects with `/pages/?district=<slug>`."""
    return _list(request, District.objects.order_by("name", "pk"), DISTRICT, filters)


@router.get(
    "/districts/{int:district_id}/",
    response={200: DISTRICT.schema, **ERRORS},
    url_name="district_detail",
)
@cacheable
def district_detail(request, district_id: int):
    return _detail(request, District.objects.all(), DISTRICT, district_id)
