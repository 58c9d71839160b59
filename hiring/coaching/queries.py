"""Read-side helpers for coaching pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from sqlalchemy import Select, and_, case, func, select, type_coerce
from sqlalchemy.orm import aliased, selectinload

from hiring.applications.models import Application
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
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.onboarding.models import OnboardingPlan, PlanStatus
from hiring.positions.models import Position


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


class RoleProfileFound(NamedTuple):
    """The role profile a rep is measured against (None: not known) and where it was found."""

    profile: RoleProfile | None
    found_in: str


def latest_plan(rep_id: int) -> OnboardingPlan | None:
    """The rep's active onboarding plan, else their most recent one."""
    return db.session.scalar(
        select(OnboardingPlan)
        .where(OnboardingPlan.new_hire_id == rep_id)
        .order_by(
            case((OnboardingPlan.status == PlanStatus.ACTIVE, 0), else_=1),
            OnboardingPlan.start_date.desc(),
            OnboardingPlan.id.desc(),
        )
        .limit(1)
    )


def rep_role_profile(rep_id: int, plan: OnboardingPlan | None) -> RoleProfileFound:
    """THE role profile of a rep, wherever coaching needs it (the competency charts, the
    competencies a ride-along rates, a 1:1's skill coaching): the one set on their coaching
    profile, else the profile of the position they were hired into (``plan``'s application),
    else the one ``plan``'s template came from. At most three queries."""
    chosen = db.session.scalar(
        select(RoleProfile)
        .join(CoachingProfile, CoachingProfile.role_profile_id == RoleProfile.id)
        .where(CoachingProfile.rep_id == rep_id)
    )
    if chosen is not None:
        return RoleProfileFound(chosen, "the coaching profile")
    if plan is None:
        return RoleProfileFound(None, "")
    if plan.application_id is not None:
        hired_into = db.session.scalar(
            select(RoleProfile)
            .join(Position, Position.role_profile_id == RoleProfile.id)
            .join(Application, Application.position_id == Position.id)
            .where(Application.id == plan.application_id)
        )
        if hired_into is not None:
            return RoleProfileFound(hired_into, "the position they were hired into")
    # The plan's template source reads "<profile key> v<version>".
    key, _, version = plan.template_source.partition(" v")
    if not version.isdigit():
        return RoleProfileFound(None, "")
    template = db.session.scalar(
        select(RoleProfile).where(RoleProfile.key == key, RoleProfile.version == int(version))
    )
    return RoleProfileFound(template, "their onboarding plan's template" if template else "")


def rep_competencies(rep_id: int) -> list[Competency]:
    """The competencies on the rep's chart (``rep_role_profile``), in the profile's order;
    none while no profile is known, so nothing off the chart is ever rated."""
    profile = rep_role_profile(rep_id, latest_plan(rep_id)).profile
    if profile is None:
        return []
    return list(
        db.session.scalars(
            select(Competency)
            .join(RoleProfileCompetency, RoleProfileCompetency.competency_id == Competency.id)
            .where(RoleProfileCompetency.role_profile_id == profile.id)
            .order_by(RoleProfileCompetency.position)
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
