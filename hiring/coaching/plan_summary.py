"""What an onboarding plan shows of its new hire's coaching: the next 1:1 and ride-along, the
last few held, and which coaching record ticked off which plan item. The plan hands 1:1s and
ride-alongs over to coaching, so its page and its packet read them from here (onboarding
itself never imports coaching: the plan's view and the packet pass this in). A fixed number
of queries however many 1:1s and ride-alongs the rep has built up."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import BindParameter, CompoundSelect, Select, bindparam, literal, select, union_all

from hiring.coaching import one_on_ones_queries, ride_along_queries
from hiring.coaching.models import MeetingStatus, OneOnOne, RideAlong
from hiring.db import db

#: Held 1:1s and ride-alongs the plan lists (the coaching page has the whole history).
RECENT = 3


@dataclass(frozen=True)
class CoachingSummary:
    next_one_on_one: one_on_ones_queries.NextOneOnOne | None
    next_ride_along: RideAlong | None
    held_one_on_ones: list[OneOnOne]
    held_ride_alongs: list[RideAlong]


def summary(rep_id: int) -> CoachingSummary:
    """The rep's coaching as a plan shows it (five queries)."""
    return CoachingSummary(
        next_one_on_one=one_on_ones_queries.next_one_on_one(rep_id),
        next_ride_along=ride_along_queries.next_ride_along(rep_id),
        held_one_on_ones=list(db.session.scalars(_held(OneOnOne), {"rep_id": rep_id})),
        held_ride_alongs=list(db.session.scalars(_held(RideAlong), {"rep_id": rep_id})),
    )


@cache
def _held(kind: type[OneOnOne] | type[RideAlong]) -> Select[Any]:
    """The rep's last ``RECENT`` held 1:1s or ride-alongs, built once with a bound rep (every
    plan page asks both)."""
    return (
        select(kind)
        .where(kind.rep_id == bindparam("rep_id"), kind.status == MeetingStatus.HELD)
        .order_by(kind.scheduled_at.desc(), kind.id.desc())
        .limit(RECENT)
    )


@dataclass(frozen=True)
class Record:
    """The coaching record that ticked a plan item off: which kind, and its id."""

    kind: str
    id: int


def records_by_item(item_ids: list[int]) -> dict[int, Record]:
    """The 1:1 or ride-along that ticked each of ``item_ids`` off (one query)."""
    if not item_ids:
        return {}
    return {
        item_id: Record(kind, record_id)
        for kind, record_id, item_id in db.session.execute(_ticked(), {"item_ids": item_ids})
        if item_id is not None
    }


@cache
def _ticked() -> CompoundSelect[Any]:
    """The 1:1s and ride-alongs that ticked given plan items off, built once (plan page)."""
    items: BindParameter[int] = bindparam("item_ids", expanding=True)
    return union_all(
        select(literal("one_on_one").label("kind"), OneOnOne.id, OneOnOne.plan_item_id).where(
            OneOnOne.plan_item_id.in_(items)
        ),
        select(literal("ride_along").label("kind"), RideAlong.id, RideAlong.plan_item_id).where(
            RideAlong.plan_item_id.in_(items)
        ),
    )
