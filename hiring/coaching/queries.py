"""Read-side helpers for coaching pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, and_, case, func, select, type_coerce
from sqlalchemy.orm import aliased, selectinload

from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    Cadence,
    CoachingProfile,
    MeetingStatus,
    OneOnOne,
    SupportPlan,
    SupportStatus,
)
from hiring.db import UTCDateTime, db, utcnow


def direct_reports(manager: User) -> Select[User]:
    """The active people who report to ``manager``, by name (a statement to page)."""
    return (
        select(User)
        .where(User.manager_id == manager.id, User.active.is_(True))
        .order_by(User.name, User.id)
    )


def indirect_reports(manager: User) -> Select[User]:
    """The active people further down ``manager``'s line (their reports' reports and below),
    whom they read but do not coach, by name (a statement to page)."""
    line = (
        select(User.id.label("id")).where(User.manager_id == manager.id).cte("line", recursive=True)
    )
    below = aliased(User)
    line = line.union(select(below.id).where(below.manager_id == line.c.id))
    return (
        select(User)
        .where(
            User.id.in_(select(line.c.id)),
            User.manager_id != manager.id,
            User.active.is_(True),
        )
        .options(selectinload(User.manager))
        .order_by(User.name, User.id)
    )


def open_actions(rep_id: int) -> list[ActionItem]:
    """The rep's action items not yet done, soonest due first: they carry forward to every
    1:1 until someone ticks them off."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.rep_id == rep_id, ActionItem.done_at.is_(None))
            .options(selectinload(ActionItem.owner))
            .order_by(ActionItem.due_on, ActionItem.id)
        )
    )


# --- The team list's status per rep (the /coaching/ page) ----------------------------------------


@dataclass(frozen=True)
class RepStatus:
    """What a manager sees beside a rep's name on the team list."""

    cadence: Cadence | None
    next_one_on_one: datetime | None
    last_held: datetime | None
    overdue_actions: int
    support_plan: bool
    support_plan_past_window: bool


def team_status(rep_ids: list[int], today: date) -> dict[int, RepStatus]:
    """Per rep of one page of the team list: their cadence, next 1:1 still to come, last 1:1
    held, overdue action items (due before ``today``, the reader's day) and any active
    support plan, flagged when it has run past its window without an outcome. One statement
    (each record kind aggregated per rep in SQL), however long the reps' histories grow."""
    if not rep_ids:
        return {}
    now = utcnow()
    scheduled = and_(OneOnOne.status == MeetingStatus.SCHEDULED, OneOnOne.scheduled_at > now)
    held = OneOnOne.status == MeetingStatus.HELD
    ones = (
        select(
            OneOnOne.rep_id,
            # Typed, so both backends hand back aware UTC moments.
            type_coerce(func.min(case((scheduled, OneOnOne.scheduled_at))), UTCDateTime()).label(
                "next_at"
            ),
            type_coerce(
                func.max(case((held, func.coalesce(OneOnOne.held_at, OneOnOne.scheduled_at)))),
                UTCDateTime(),
            ).label("last_at"),
        )
        .where(OneOnOne.rep_id.in_(rep_ids), OneOnOne.status != MeetingStatus.CANCELLED)
        .group_by(OneOnOne.rep_id)
        .subquery()
    )
    overdue = (
        select(ActionItem.rep_id, func.count().label("count"))
        .where(
            ActionItem.rep_id.in_(rep_ids), ActionItem.done_at.is_(None), ActionItem.due_on < today
        )
        .group_by(ActionItem.rep_id)
        .subquery()
    )
    past_window = and_(SupportPlan.ends_on < today, SupportPlan.outcome.is_(None))
    plans = (
        select(
            SupportPlan.rep_id,
            func.count().label("open"),
            func.count(case((past_window, 1))).label("past_window"),
        )
        .where(SupportPlan.rep_id.in_(rep_ids), SupportPlan.status == SupportStatus.ACTIVE)
        .group_by(SupportPlan.rep_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            User.id,
            CoachingProfile.cadence,
            ones.c.next_at,
            ones.c.last_at,
            overdue.c.count,
            plans.c.open,
            plans.c.past_window,
        )
        .outerjoin(CoachingProfile, CoachingProfile.rep_id == User.id)
        .outerjoin(ones, ones.c.rep_id == User.id)
        .outerjoin(overdue, overdue.c.rep_id == User.id)
        .outerjoin(plans, plans.c.rep_id == User.id)
        .where(User.id.in_(rep_ids))
    )
    return {
        rep_id: RepStatus(
            cadence=cadence,
            next_one_on_one=next_at,
            last_held=last_at,
            overdue_actions=count or 0,
            support_plan=bool(open_plans),
            support_plan_past_window=bool(past),
        )
        for rep_id, cadence, next_at, last_at, count, open_plans, past in rows
    }
