"""Read-side helpers for ride-alongs, each a fixed number of queries however many a rep has."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.coaching import queries
from hiring.coaching.models import MeetingStatus, RideAlong
from hiring.db import db
from hiring.library.models import Competency

#: Ride-alongs per page of the coaching page's history.
HISTORY_PER_PAGE = 10


def competencies_for(rep_id: int) -> list[Competency]:
    """The competencies a manager may watch on ``rep_id``'s calls, with their anchors: those
    on the rep's chart (``queries.rep_role_profile``), in the profile's order; none while no
    profile is known, so a ride-along never rates a competency off the chart."""
    return queries.rep_competencies(rep_id)


def competency(key: str | None, choices: list[Competency]) -> Competency | None:
    """The competency ``key`` names among ``choices`` (None: none chosen, or not offered)."""
    return next((c for c in choices if c.key == key), None)


def load(ride_id: int) -> RideAlong | None:
    """One ride-along with what its page shows (people, ratings, follow-ups load with it)."""
    return db.session.scalar(
        select(RideAlong)
        .where(RideAlong.id == ride_id)
        .options(
            selectinload(RideAlong.rep),
            selectinload(RideAlong.manager),
            selectinload(RideAlong.ratings),
            selectinload(RideAlong.plan_item),
        )
    )


def next_ride_along(rep_id: int) -> RideAlong | None:
    """The rep's earliest ride-along still to happen or to debrief (not held, not cancelled)."""
    return db.session.scalar(_next_ride_along(), {"rep_id": rep_id})


@cache
def _next_ride_along() -> Select[RideAlong]:
    """Built once with a bound rep: the plan page and the coaching pages ask it."""
    return (
        select(RideAlong)
        .where(RideAlong.rep_id == bindparam("rep_id"), RideAlong.status == MeetingStatus.SCHEDULED)
        .options(joinedload(RideAlong.manager))
        .order_by(RideAlong.scheduled_at, RideAlong.id)
        .limit(1)
    )


def history(rep_id: int) -> Select[RideAlong]:
    """The rep's ride-alongs, latest first (a statement to page); each row carries all the
    history table shows, so a page costs the same however long the history grows."""
    return (
        select(RideAlong)
        .where(RideAlong.rep_id == rep_id)
        .order_by(RideAlong.scheduled_at.desc(), RideAlong.id.desc())
    )
