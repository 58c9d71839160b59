"""Read-side helpers for ride-alongs, each a fixed number of queries however many a rep has."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from hiring.coaching.models import CoachingProfile, MeetingStatus, RideAlong
from hiring.db import db
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.onboarding.models import OnboardingPlan

#: Ride-alongs per page of the coaching page's history.
HISTORY_PER_PAGE = 10


def competencies_for(rep_id: int) -> list[Competency]:
    """The competencies a manager may watch on ``rep_id``'s calls, with their anchors: those of
    the role profile the rep is coached on (else the one their latest onboarding plan was
    made from), in the profile's order; with neither, every current competency (by name)."""
    profile_id = db.session.scalar(
        select(CoachingProfile.role_profile_id).where(CoachingProfile.rep_id == rep_id)
    )
    if profile_id is None:
        profile_id = _onboarding_profile_id(rep_id)
    if profile_id is not None:
        return list(
            db.session.scalars(
                select(Competency)
                .join(RoleProfileCompetency, RoleProfileCompetency.competency_id == Competency.id)
                .join(RoleProfile, RoleProfile.id == RoleProfileCompetency.role_profile_id)
                .where(RoleProfile.id == profile_id)
                .order_by(RoleProfileCompetency.position)
            )
        )
    return list(
        db.session.scalars(
            select(Competency).where(Competency.current.is_(True)).order_by(Competency.name)
        )
    )


def _onboarding_profile_id(rep_id: int) -> int | None:
    """The role profile version the rep's latest onboarding plan was made from ("key vN")."""
    source = db.session.scalar(
        select(OnboardingPlan.template_source)
        .where(OnboardingPlan.new_hire_id == rep_id)
        .order_by(OnboardingPlan.start_date.desc(), OnboardingPlan.id.desc())
        .limit(1)
    )
    key, _, version = (source or "").partition(" v")
    if not version.isdigit():
        return None
    return db.session.scalar(
        select(RoleProfile.id).where(RoleProfile.key == key, RoleProfile.version == int(version))
    )


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
    return db.session.scalar(
        select(RideAlong)
        .where(RideAlong.rep_id == rep_id, RideAlong.status == MeetingStatus.SCHEDULED)
        .options(selectinload(RideAlong.manager))
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
