"""Funding rounds: only their public data, the model's `api_fields` (never budgets,
applications or statistics)."""

from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from grants.models import FundingRound, RoundState

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .schemas.common import Context, Pagination, paginate
from .schemas.models import model_type_of

router = Router(tags=["Funding rounds"])
ERRORS = READ_ERRORS

FUNDING_ROUND = model_type_of(FundingRound)
FundingRoundSchema = FUNDING_ROUND.schema


class FundingRoundList(Pagination):
    items: list[FundingRoundSchema]


class RoundFilters(Schema):
    state: Literal[tuple(RoundState.values)] | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


@router.get("/", response={200: FundingRoundList, **ERRORS})
@cacheable
def list_rounds(request, filters: Query[RoundFilters]):
    """Funding rounds, newest first; `state=open` gives the round open now (if any)."""
    now = timezone.now()
    rounds = FundingRound.objects.order_by("-opens_at", "pk").prefetch_related("questions")
    if filters.state == RoundState.OPEN:
        rounds = rounds.open(now)
    elif filters.state == RoundState.UPCOMING:
        rounds = rounds.upcoming(now).order_by("-opens_at", "pk")
    elif filters.state == RoundState.CLOSED:
        rounds = rounds.closed_before(now)
    total, items = paginate(rounds, filters.limit, filters.offset)
    ctx = Context(request=request)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [FUNDING_ROUND.serialize(item, ctx) for item in items],
    }


@router.get(
    "/{int:round_id}/",
    response={200: FundingRoundSchema, **ERRORS},
    url_name="funding_round_detail",
)
@cacheable
def round_detail(request, round_id: int):
    funding_round = FundingRound.objects.filter(pk=round_id).first()
    if funding_round is None:
        raise APIProblem("not_found", f"There is no funding round {round_id}.")
    return FUNDING_ROUND.serialize(funding_round, Context(request=request))
