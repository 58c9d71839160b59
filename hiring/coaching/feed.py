"""Coaching's events in each party's personal calendar feed: the rep's and the manager's
1:1s and ride-alongs, at their time in the zone they were set in. The calendar view hands
them to the onboarding feed (``hiring.onboarding.feed.TimedEvent``), which writes them."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching.models import MeetingStatus, OneOnOne, RideAlong
from hiring.db import db, utcnow
from hiring.ical import uid
from hiring.onboarding.feed import TimedEvent, Timing

#: How far back the feed keeps held 1:1s and ride-alongs (calendars keep their own past).
HISTORY = timedelta(days=60)


def events(user: User) -> list[TimedEvent]:
    """``user``'s 1:1s and ride-alongs as the rep or the manager (two queries), cancelled ones
    left out. The other party's name is in the title, as on the onboarding events."""
    since = utcnow() - HISTORY
    found: list[TimedEvent] = []
    meetings = db.session.scalars(
        select(OneOnOne)
        .where(
            or_(OneOnOne.rep_id == user.id, OneOnOne.manager_id == user.id),
            OneOnOne.status != MeetingStatus.CANCELLED,
            OneOnOne.scheduled_at >= since,
        )
        .options(joinedload(OneOnOne.rep), joinedload(OneOnOne.manager))
        .order_by(OneOnOne.scheduled_at)
    )
    for meeting in meetings:
        other = meeting.manager if meeting.rep_id == user.id else meeting.rep
        link = url_for("coaching.one_on_one", meeting_id=meeting.id, _external=True)
        found.append(
            TimedEvent(
                uid("coaching-one-on-one", meeting.id),
                _timing(meeting),
                f"1:1 with {other.name}",
                f"The agenda: the rep's topics first, then the manager's.\n{link}",
            )
        )
    rides = db.session.scalars(
        select(RideAlong)
        .where(
            or_(RideAlong.rep_id == user.id, RideAlong.manager_id == user.id),
            RideAlong.status != MeetingStatus.CANCELLED,
            RideAlong.scheduled_at >= since,
        )
        .options(joinedload(RideAlong.rep), joinedload(RideAlong.manager))
        .order_by(RideAlong.scheduled_at)
    )
    for ride in rides:
        other = ride.manager if ride.rep_id == user.id else ride.rep
        found.append(
            TimedEvent(
                uid("coaching-ride-along", ride.id),
                _timing(ride),
                f"Ride-along with {other.name}" + (f": {ride.account}" if ride.account else ""),
                f"{ride.call_stage.label} call. {ride.manager_role.label}.\n"
                + url_for("coaching.ride_along", ride_id=ride.id, _external=True),
            )
        )
    return found


def _timing(row: OneOnOne | RideAlong) -> Timing:
    local_day = timezones.in_zone(row.scheduled_at, row.time_zone).date()
    return (local_day, row.scheduled_at, row.minutes, row.time_zone)
