"""The day-30/60/90 check-ins: independent ratings, then the manager's sign-off.
Functions flush, never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Result, update

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import Conflict, DomainError
from hiring.onboarding.models import CheckIn, Progress

SIGNED_OFF = "This milestone is signed off; its ratings are final."
SIGNED_OFF_MEANWHILE = (
    "This milestone was signed off meanwhile, so your rating was not saved; its ratings are final."
)


def rate_checkin(checkin: CheckIn, *, by: User, rating: Progress, comment: str) -> None:
    """Record the manager's or the new hire's own view; neither sees the other's until both
    have rated, so neither anchors on the other.

    Two ratings at the same moment (the manager's and the new hire's, or one person's from
    two tabs) each land whole: a person's rating, comment and time are written together in
    one UPDATE, so the last of one person's ratings wins as sent, never a mix of two. That
    UPDATE applies only while the milestone is not signed off, checked by the database as
    it writes (a lock taken by reading is no lock on SQLite, where the transaction starts at
    the first write), so a rating never lands after a sign-off that was in flight.
    """
    if checkin.signed_off_at is not None:
        raise DomainError(SIGNED_OFF)
    plan = checkin.plan
    if by.id == plan.manager_id:
        who = "manager"
    elif by.id == plan.new_hire_id:
        who = "new_hire"
    else:
        raise DomainError("Only the manager and the new hire rate a milestone.")
    written = _rows(
        db.session.execute(
            update(CheckIn)
            .where(CheckIn.id == checkin.id, CheckIn.signed_off_at.is_(None))
            .values(
                {
                    f"{who}_rating": rating,
                    f"{who}_comment": comment.strip(),
                    f"{who}_rated_at": utcnow(),
                }
            )
            .execution_options(synchronize_session=False)
        )
    )
    if written != 1:
        raise Conflict(SIGNED_OFF_MEANWHILE)
    db.session.refresh(checkin)
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


def sign_off(checkin: CheckIn, *, by: User) -> None:
    """Close the phase once both have rated. The database checks, as it writes, that it is
    still open and both ratings are in, and the ratings recorded are read back under that
    write, so they are the final ones (a rating in flight either lands first or is refused:
    see ``rate_checkin``)."""
    plan = checkin.plan
    if by.id != plan.manager_id:
        raise DomainError("The manager signs off the phase.")
    written = _rows(
        db.session.execute(
            update(CheckIn)
            .where(
                CheckIn.id == checkin.id,
                CheckIn.signed_off_at.is_(None),
                CheckIn.manager_rating.is_not(None),
                CheckIn.new_hire_rating.is_not(None),
            )
            .values(signed_off_at=utcnow(), signed_off_by_id=by.id)
            .execution_options(synchronize_session=False)
        )
    )
    db.session.refresh(checkin)
    if written != 1:
        if checkin.signed_off_at is not None:
            return  # signed off already (twice pressed, or two tabs): nothing more to do
        raise DomainError("Both of you rate the milestone before it is signed off.")
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


def _rows(result: Result[Any]) -> int:
    """How many rows an UPDATE changed (``Session.execute`` is typed as a plain ``Result``)."""
    return int(cast("CursorResult[Any]", result).rowcount)


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
