"""Read-side of 1:1s for the coaching page and the 1:1 page, each a fixed number of queries
however many 1:1s, topics and action items a rep has built up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, case, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    AgendaTopic,
    CoachingProfile,
    MeetingStatus,
    OneOnOne,
)
from hiring.db import db, utcnow
from hiring.library.models import RoleProfile
from hiring.onboarding.models import OnboardingPlan
from hiring.positions.models import Position

#: 1:1s per page of the history.
HISTORY_PER_PAGE = 10
#: Unrecorded 1:1s of the last hours looked through for the one still under way.
NEXT_LOOKAHEAD = 5


def profile_of(rep_id: int) -> CoachingProfile | None:
    return db.session.scalar(
        select(CoachingProfile)
        .where(CoachingProfile.rep_id == rep_id)
        .options(joinedload(CoachingProfile.role_profile))
    )


def plan_role_profile_id(rep_id: int) -> int | None:
    """The role profile of the position the rep was hired into (their latest onboarding plan's
    application), the cadence form's default; None for a plan without a hire."""
    return db.session.scalar(
        select(Position.role_profile_id)
        .join(Application, Application.position_id == Position.id)
        .join(OnboardingPlan, OnboardingPlan.application_id == Application.id)
        .where(OnboardingPlan.new_hire_id == rep_id)
        .order_by(OnboardingPlan.start_date.desc(), OnboardingPlan.id.desc())
        .limit(1)
    )


def role_profile_choices(keep: int | None = None) -> list[tuple[int, str]]:
    """The current role profiles, by name, and ``keep`` (the one a cadence already names)."""
    rows = db.session.scalars(
        select(RoleProfile)
        .where(or_(RoleProfile.current.is_(True), RoleProfile.id == keep))
        .order_by(RoleProfile.name, RoleProfile.version)
    )
    return [(p.id, p.label) for p in rows]


@dataclass(frozen=True)
class NextOneOnOne:
    meeting: OneOnOne
    topics: int


def next_one_on_one(rep_id: int, now: datetime | None = None) -> NextOneOnOne | None:
    """The rep's next 1:1 still to come or under way, with its agenda's length (one query)."""
    now = now or utcnow()
    # No 1:1 lasts longer than the form allows (480 minutes).
    since = now - timedelta(minutes=480)
    rows = db.session.execute(_next_ones(), {"rep_id": rep_id, "since": since}).all()
    for meeting, count in rows:
        if meeting.scheduled_at + timedelta(minutes=meeting.minutes) > now:
            return NextOneOnOne(meeting, int(count))
    return None


@cache
def _next_ones() -> Select[Any]:
    """The rep's first 1:1s scheduled since a moment, with their agenda's length; built once
    with bound parameters (the plan page, the coaching pages and the homes ask it)."""
    return (
        select(OneOnOne, _topic_count())
        .where(
            OneOnOne.rep_id == bindparam("rep_id"),
            OneOnOne.status == MeetingStatus.SCHEDULED,
            OneOnOne.scheduled_at > bindparam("since"),
        )
        .order_by(OneOnOne.scheduled_at)
        .limit(NEXT_LOOKAHEAD)
    )


def _topic_count() -> Any:
    return (
        select(func.count(AgendaTopic.id))
        .where(AgendaTopic.one_on_one_id == OneOnOne.id)
        .scalar_subquery()
    )


def history(rep_id: int) -> Select[Any]:
    """The rep's 1:1s, latest first (a statement to page)."""
    return (
        select(OneOnOne)
        .where(OneOnOne.rep_id == rep_id)
        .order_by(OneOnOne.scheduled_at.desc(), OneOnOne.id.desc())
    )


def topic_counts(meeting_ids: list[int]) -> dict[int, int]:
    """The agenda's length of each of ``meeting_ids`` (one query for a page of 1:1s)."""
    if not meeting_ids:
        return {}
    rows = db.session.execute(
        select(AgendaTopic.one_on_one_id, func.count(AgendaTopic.id))
        .where(AgendaTopic.one_on_one_id.in_(meeting_ids))
        .group_by(AgendaTopic.one_on_one_id)
    )
    return {meeting_id: int(count) for meeting_id, count in rows}


def agenda(meeting: OneOnOne) -> list[AgendaTopic]:
    """The agenda: the rep's topics first (in the order added), then the manager's."""
    return list(
        db.session.scalars(
            select(AgendaTopic)
            .where(AgendaTopic.one_on_one_id == meeting.id)
            .options(joinedload(AgendaTopic.author))
            .order_by(case((AgendaTopic.author_id == meeting.rep_id, 0), else_=1), AgendaTopic.id)
        )
    )


def agreed_here(meeting: OneOnOne) -> list[ActionItem]:
    """The action items agreed in this 1:1 (done or not)."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.one_on_one_id == meeting.id)
            .options(selectinload(ActionItem.owner))
            .order_by(ActionItem.due_on, ActionItem.id)
        )
    )


def load(meeting_id: int) -> OneOnOne | None:
    """A 1:1 with the two people it belongs to (what the access rule reads)."""
    return db.session.scalar(
        select(OneOnOne)
        .where(OneOnOne.id == meeting_id)
        .options(joinedload(OneOnOne.rep).joinedload(User.manager), joinedload(OneOnOne.manager))
    )
