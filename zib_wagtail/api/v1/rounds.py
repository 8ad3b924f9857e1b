"""Funding rounds: only their public data (never budgets used, applications or statistics)."""

import datetime
import decimal
from typing import Literal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from grants.models import FundingRound, RoundState

from .caching import cacheable
from .errors import READ_ERRORS, APIProblem
from .schemas.common import Pagination, paginate

router = Router(tags=["Funding rounds"])
ERRORS = READ_ERRORS


class FundingRoundSchema(Schema):
    id: int
    title: str
    year: int
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    state: Literal[tuple(RoundState.values)] = Field(description="Derived from the dates, now.")
    state_label: str
    max_amount_per_application: decimal.Decimal | None
    committee_meeting_date: datetime.date | None
    description: str


class FundingRoundList(Pagination):
    items: list[FundingRoundSchema]


class RoundFilters(Schema):
    state: Literal[tuple(RoundState.values)] | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=100_000)


def round_data(funding_round, now):
    state = funding_round.get_state(now)
    return {
        "id": funding_round.pk,
        "title": funding_round.title,
        "year": funding_round.year,
        "opens_at": funding_round.opens_at,
        "closes_at": funding_round.closes_at,
        "state": state.value,
        "state_label": str(state.label),
        "max_amount_per_application": funding_round.max_amount_per_application,
        "committee_meeting_date": funding_round.committee_meeting_date,
        "description": funding_round.description,
    }


@router.get("/", response={200: FundingRoundList, **ERRORS})
@cacheable
def list_rounds(request, filters: Query[RoundFilters]):
    """Funding rounds, newest first; `state=open` gives the round open now (if any)."""
    now = timezone.now()
    rounds = FundingRound.objects.order_by("-opens_at", "pk")
    if filters.state == RoundState.OPEN:
        rounds = rounds.open(now)
    elif filters.state == RoundState.UPCOMING:
        rounds = rounds.upcoming(now).order_by("-opens_at", "pk")
    elif filters.state == RoundState.CLOSED:
        rounds = rounds.closed_before(now)
    total, items = paginate(rounds, filters.limit, filters.offset)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [round_data(item, now) for item in items],
    }


@router.get("/{int:round_id}/", response={200: FundingRoundSchema, **ERRORS})
@cacheable
def round_detail(request, round_id: int):
    funding_round = FundingRound.objects.filter(pk=round_id).first()
    if funding_round is None:
        raise APIProblem("not_found", f"There is no funding round {round_id}.")
    return round_data(funding_round, timezone.now())
