"""A personal calendar feed: due plan items (all day), milestone check-ins at their time, and
the events later areas hand in (coaching's 1:1s and ride-alongs). The secret address is the
only credential, so it can be replaced or turned off at any time."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from hiring import timezones
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.ical import add_time_zones, new_calendar, uid
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import OnboardingPlan, PlanStatus
from hiring.onboarding.queries import MEETING_KINDS


def rotate_token(user: User) -> str:
    """A new secret feed address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    db.session.flush()
    record("user.calendar_feed_created", user, actor=user, label=user.email)
    return user.calendar_token


def switch(user: User, *, on: bool) -> None:
    """Turn ``user``'s feed on with a fresh secret address, or off."""
    if on:
        rotate_token(user)
    else:
        revoke_token(user)


def owner_of(token: str) -> User | None:
    """The active user whose secret feed address ends in ``token`` (None for anything else)."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(
        select(User).where(User.calendar_token == token, User.active.is_(True))
    )


def revoke_token(user: User) -> None:
    user.calendar_token = None
    db.session.flush()
    record("user.calendar_feed_revoked", user, actor=user, label=user.email)


#: (date, start in UTC or None, minutes or None, IANA zone or None) of a meeting.
Timing = tuple[date, datetime | None, int | None, str | None]


class TimedEvent(NamedTuple):
    """An event another area adds to the feed (the calendar view passes coaching's 1:1s and
    ride-alongs in, so onboarding never imports what comes after it)."""

    ident: str
    timing: Timing
    summary: str
    description: str


def feed(user: User, plan_url: Callable[[int], str], extra: Iterable[TimedEvent] = ()) -> bytes:
    """``user``'s onboarding calendar: the open plan items they own as all-day events (for the
    new hire and the manager also every open 1:1 and ride-along item, whoever owns it: both
    attend), and the plan's milestone check-ins as timed events in the zone they were booked
    in (a VTIMEZONE per zone); unbooked check-ins stay all-day on their date. ``extra``: timed
    events from later areas: coaching's 1:1s and ride-alongs, the only place they are kept
    (the plan's own records moved there in migration 0024), so each is in the feed once."""
    plans = db.session.scalars(
        select(OnboardingPlan)
        .where(
            OnboardingPlan.status == PlanStatus.ACTIVE,
            or_(
                OnboardingPlan.new_hire_id == user.id,
                OnboardingPlan.manager_id == user.id,
                OnboardingPlan.buddy_id == user.id,
            ),
        )
        .options(
            joinedload(OnboardingPlan.new_hire),
            selectinload(OnboardingPlan.items),
            selectinload(OnboardingPlan.checkins),
        )
    ).all()
    # A subscription feed: no METHOD (it is not an iTIP message) and no attendees.
    calendar = new_calendar("Onboarding")
    calendar.add("x-wr-calname", f"Onboarding: {user.name}")
    events = _Events(calendar, utcnow())
    for plan in plans:
        mine = {
            ItemOwner.NEW_HIRE: plan.new_hire_id == user.id,
            ItemOwner.MANAGER: plan.manager_id == user.id,
            ItemOwner.BUDDY: plan.buddy_id == user.id,
        }
        attends = user.id in (plan.new_hire_id, plan.manager_id)
        who = "" if plan.new_hire_id == user.id else f" ({plan.new_hire.name})"
        link = plan_url(plan.id)
        for item in plan.items:
            if not item.done and (mine[item.owner] or (attends and item.kind in MEETING_KINDS)):
                events.all_day(
                    uid("onboarding-item", item.id),
                    item.due_date,
                    f"{item.title}{who}",
                    f"{item.description}\n{link}".lstrip(),
                )
        if not attends:
            continue  # check-ins are the manager's and the new hire's
        for checkin in plan.checkins:
            if checkin.signed_off_at is None:
                events.meeting(
                    uid("onboarding-checkin", checkin.id),
                    (checkin.due_date, checkin.scheduled_at, checkin.minutes, checkin.time_zone),
                    f"Day-{checkin.milestone} check-in{who}",
                    f"{checkin.phase_label}: both of you rate progress, then the manager "
                    f"signs it off.\n{link}",
                )
    for event in extra:
        events.meeting(event.ident, event.timing, event.summary, event.description)
    add_time_zones(calendar, events.zones)
    ical: bytes = calendar.to_ical()
    return ical


class _Events:
    """Adds events to a calendar, remembering the zones their times are written in."""

    def __init__(self, calendar: Calendar, stamp: datetime) -> None:
        self.calendar, self.stamp = calendar, stamp
        self.zones: set[str] = set()

    def _event(self, ident: str, summary: str, description: str) -> Event:
        event = Event()
        event.add("uid", ident)
        event.add("dtstamp", self.stamp)
        event.add("summary", summary)
        event.add("description", description)
        self.calendar.add_component(event)
        return event

    def all_day(self, ident: str, day: date, summary: str, description: str) -> None:
        event = self._event(ident, summary, description)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))

    def meeting(self, ident: str, timing: Timing, summary: str, description: str) -> None:
        """A timed event at the wall-clock time in its zone (DTSTART;TZID=...), or an all-day
        one on its date when no time was kept."""
        day, starts_at, minutes, zone = timing
        if starts_at is None or not zone:
            self.all_day(ident, day, summary, description)
            return
        local = timezones.in_zone(starts_at, zone)  # UTC (written with a Z) if the zone is unknown
        event = self._event(ident, summary, description)
        event.add("dtstart", local)
        event.add("dtend", local + timedelta(minutes=minutes or 30))
        if isinstance(local.tzinfo, ZoneInfo) and local.tzinfo.key != "UTC":
            self.zones.add(local.tzinfo.key)
