"""The day-30/60/90 check-ins: independent ratings, then the manager's sign-off.
Functions flush, never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm.attributes import flag_modified

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.onboarding.models import CheckIn, Progress


def rate_checkin(checkin: CheckIn, *, by: User, rating: Progress, comment: str) -> None:
    """Record the manager's or the new hire's own view; neither sees the other's until both
    have rated, so neither anchors on the other.

    Two ratings at the same moment (the manager's and the new hire's, or one person's from
    two tabs) each land whole: the row is read afresh under a lock (PostgreSQL; SQLite runs
    one writer at a time), so a sign-off in flight is seen, and a person's rating, comment
    and time are always written together, so the last of one person's ratings wins as sent,
    never a mix of two.
    """
    _lock(checkin)
    if checkin.signed_off_at is not None:
        raise DomainError("This milestone is signed off; its ratings are final.")
    plan = checkin.plan
    if by.id == plan.manager_id:
        checkin.manager_rating, checkin.manager_comment = rating, comment.strip()
        checkin.manager_rated_at = utcnow()
        who = "manager"
    elif by.id == plan.new_hire_id:
        checkin.new_hire_rating, checkin.new_hire_comment = rating, comment.strip()
        checkin.new_hire_rated_at = utcnow()
        who = "new_hire"
    else:
        raise DomainError("Only the manager and the new hire rate a milestone.")
    # An unchanged value is left out of an UPDATE; written anyway, it cannot pair with
    # another request's comment.
    for column in (f"{who}_rating", f"{who}_comment", f"{who}_rated_at"):
        flag_modified(checkin, column)
    db.session.flush()
    record(
        "onboarding.checkin_rated",
        checkin,
        actor=by,
        object_type="onboarding_checkins",
        label=f"{plan.new_hire.name}: day {checkin.milestone}",
        after={"by": who, "rating": rating.value},
    )
    if rating == Progress.OFF_TRACK:
        record(
            "onboarding.at_risk",
            plan,
            actor=by,
            label=f"{plan.new_hire.name}: off track at day {checkin.milestone}",
            after={"milestone": checkin.milestone, "by": who},
        )


def _lock(checkin: CheckIn) -> None:
    """Read the check-in again and hold it until this transaction ends (PostgreSQL)."""
    db.session.refresh(checkin, with_for_update=True)


def sign_off(checkin: CheckIn, *, by: User) -> None:
    """Close the phase once both have rated (a rating in flight finishes first: see
    ``rate_checkin``)."""
    _lock(checkin)
    plan = checkin.plan
    if by.id != plan.manager_id:
        raise DomainError("The manager signs off the phase.")
    if not checkin.both_rated:
        raise DomainError("Both of you rate the milestone before it is signed off.")
    if checkin.signed_off_at is not None:
        return
    checkin.signed_off_at = utcnow()
    checkin.signed_off_by_id = by.id
    db.session.flush()
    record(
        "onboarding.phase_signed_off",
        checkin,
        actor=by,
        object_type="onboarding_checkins",
        label=f"{plan.new_hire.name}: day {checkin.milestone}",
        after={
            "manager": checkin.manager_rating.value if checkin.manager_rating else None,
            "new_hire": checkin.new_hire_rating.value if checkin.new_hire_rating else None,
        },
    )


def schedule_checkin(
    checkin: CheckIn, *, by: User, starts_at: datetime, minutes: int, time_zone: str
) -> None:
    """Book the milestone's meeting at a time: it shows in both calendars as a timed event."""
    plan = checkin.plan
    if by.id != plan.manager_id:
        raise DomainError("The manager books the check-in.")
    if checkin.signed_off_at is not None:
        raise DomainError("This milestone is signed off; there is nothing left to book.")
    before = checkin.scheduled_at.isoformat() if checkin.scheduled_at else None
    checkin.scheduled_at, checkin.minutes, checkin.time_zone = starts_at, minutes, time_zone
    db.session.flush()
    record(
        "onboarding.checkin_scheduled",
        checkin,
        actor=by,
        object_type="onboarding_checkins",
        label=f"{plan.new_hire.name}: day {checkin.milestone}",
        before={"at": before},
        after={"at": starts_at.isoformat(), "minutes": minutes, "time_zone": time_zone},
    )
