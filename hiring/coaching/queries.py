"""Read-side helpers for coaching pages, each a fixed number of queries."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Select, case, select
from sqlalchemy.orm import aliased, selectinload

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.coaching.models import ActionItem, CoachingProfile
from hiring.db import db
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
