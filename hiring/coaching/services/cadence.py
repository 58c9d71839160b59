"""A rep's 1:1 cadence: set by their manager, and the series of 1:1s it produces.

The series goes on whatever happens to the onboarding plan (completed, cancelled, or long past
day 90): the scheduled ``OneOnOne`` rows come from the ``CoachingProfile`` alone. Rows are
materialised ahead of time (when the cadence is set, when a 1:1 is held or cancelled, and by
the hourly job), never while a page is read, so the rep can put topics on the next agenda a
full period ahead. Functions flush, never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring import timezones
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    Cadence,
    CoachingProfile,
    MeetingStatus,
    OneOnOne,
)
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library.models import RoleProfile

STALE = "Someone changed this cadence after you opened the page. Check it and save again."


@dataclass(frozen=True)
class CadenceValues:
    """What the cadence form sends."""

    cadence: Cadence
    first_on: date
    starts_at_local: time
    time_zone: str
    minutes: int
    ride_alongs_per_month: int
    role_profile_id: int | None


def set_cadence(rep: User, values: CadenceValues, *, by: User, version: int) -> CoachingProfile:
    """Create or change ``rep``'s cadence (``version`` 0: the page showed none yet), then
    bring the series of scheduled 1:1s in line with it."""
    profile = db.session.scalar(select(CoachingProfile).where(CoachingProfile.rep_id == rep.id))
    if profile is None and version != 0:
        raise DomainError(STALE)
    _check(values)
    before = _snapshot(profile) if profile is not None else None
    if profile is None:
        profile = CoachingProfile(rep_id=rep.id)
        db.session.add(profile)
    else:
        expect_version(profile, version, STALE)
        _drop_untouched_future(profile, utcnow())
    profile.cadence = values.cadence
    profile.first_on = values.first_on
    profile.starts_at_local = values.starts_at_local
    profile.time_zone = values.time_zone
    profile.minutes = values.minutes
    profile.ride_alongs_per_month = values.ride_alongs_per_month
    profile.role_profile_id = values.role_profile_id
    profile.updated_by_id = by.id
    db.session.flush()
    record(
        "coaching.cadence_set",
        profile,
        actor=by,
        label=f"{rep.name}: {values.cadence.label.lower()}",
        before=before,
        after=_snapshot(profile),
    )
    materialise(profile, rep=rep)
    return profile


def _check(values: CadenceValues) -> None:
    if not timezones.is_zone(values.time_zone):
        raise DomainError("Choose a time zone from the list.", field="time_zone")
    if not 5 <= values.minutes <= 480:
        raise DomainError("Between 5 and 480 minutes.", field="minutes")
    if not 0 <= values.ride_alongs_per_month <= 20:
        raise DomainError("Between 0 and 20 ride-alongs a month.", field="ride_alongs_per_month")
    if (
        values.role_profile_id is not None
        and db.session.get(RoleProfile, values.role_profile_id) is None
    ):
        raise DomainError("Choose a role profile from the list.", field="role_profile_id")


def _snapshot(profile: CoachingProfile) -> dict[str, object]:
    return {
        "cadence": profile.cadence.value,
        "first_on": profile.first_on.isoformat(),
        "starts_at_local": profile.starts_at_local.strftime("%H:%M"),
        "time_zone": profile.time_zone,
        "minutes": profile.minutes,
        "ride_alongs_per_month": profile.ride_alongs_per_month,
        "role_profile_id": profile.role_profile_id,
    }


def slot_at(profile: CoachingProfile, day: date) -> datetime:
    """The UTC start of the series' 1:1 on ``day`` at the cadence's wall-clock time (a time the
    clocks skip that night lands just after the gap, as calendars do)."""
    local = datetime.combine(day, profile.starts_at_local, tzinfo=ZoneInfo(profile.time_zone))
    return local.astimezone(UTC)


def on_series(profile: CoachingProfile, moment: datetime) -> bool:
    """Whether ``moment`` is exactly one of the series' slots (not a moved or extra 1:1)."""
    local_day = timezones.in_zone(moment, profile.time_zone).date()
    offset = (local_day - profile.first_on).days
    return (
        offset >= 0 and offset % profile.cadence.days == 0 and slot_at(profile, local_day) == moment
    )


def _slots(profile: CoachingProfile, after: datetime, until: datetime) -> list[datetime]:
    """The series' slots in (``after``, ``until``]."""
    period = profile.cadence.days
    start_day = timezones.in_zone(after, profile.time_zone).date() - timedelta(days=1)
    skipped = max(0, (start_day - profile.first_on).days // period)
    day = profile.first_on + timedelta(days=skipped * period)
    found: list[datetime] = []
    while True:
        moment = slot_at(profile, day)
        if moment > until:
            return found
        if moment > after:
            found.append(moment)
        day += timedelta(days=period)


def materialise(
    profile: CoachingProfile, *, rep: User | None = None, now: datetime | None = None
) -> list[OneOnOne]:
    """Create the series' 1:1s of the coming period that do not exist yet, and if none of
    the coming ones is still on (the next was cancelled), the one after. A slot counts as
    taken by any 1:1 within half a period of it, whatever its status, so a cancelled or moved
    occurrence is never put back. Returns the new rows."""
    rep = rep or db.session.get(User, profile.rep_id)
    if rep is None or rep.manager_id is None or not rep.active:
        return []
    now = now or utcnow()
    period = timedelta(days=profile.cadence.days)
    half = period / 2
    slots = _slots(profile, now, now + 3 * period)
    existing = db.session.execute(
        select(OneOnOne.scheduled_at, OneOnOne.status).where(
            OneOnOne.rep_id == rep.id,
            OneOnOne.scheduled_at > now - half,
            OneOnOne.scheduled_at < now + 3 * period + half,
        )
    ).all()
    on = any(s == MeetingStatus.SCHEDULED and at > now for at, s in existing)
    made = []
    for slot in slots:
        if slot > now + period and on:
            break
        if any(abs(at - slot) < half for at, _status in existing):
            continue
        meeting = OneOnOne(
            rep_id=rep.id,
            manager_id=rep.manager_id,
            scheduled_at=slot,
            minutes=profile.minutes,
            time_zone=profile.time_zone,
        )
        db.session.add(meeting)
        made.append(meeting)
        on = True
    db.session.flush()
    return made


def materialise_all(now: datetime | None = None) -> int:
    """The hourly job's part: every rep's next 1:1s (one query for the profiles, one per rep
    whose next slot needs looking at)."""
    made = 0
    for profile in db.session.scalars(select(CoachingProfile).order_by(CoachingProfile.id)):
        made += len(materialise(profile, now=now))
    return made


def _drop_untouched_future(profile: CoachingProfile, now: datetime) -> None:
    """Before the cadence changes: remove the old series' future 1:1s that nobody has touched
    (still scheduled, exactly on a slot, no topic, no action item). Moved and extra 1:1s,
    and any with an agenda, stay: the rep's topics are never thrown away."""
    future = db.session.scalars(
        select(OneOnOne).where(
            OneOnOne.rep_id == profile.rep_id,
            OneOnOne.status == MeetingStatus.SCHEDULED,
            OneOnOne.scheduled_at > now,
            ~OneOnOne.topics.any(),
            ~select(ActionItem.id).where(ActionItem.one_on_one_id == OneOnOne.id).exists(),
        )
    ).all()
    for meeting in future:
        if on_series(profile, meeting.scheduled_at):
            db.session.delete(meeting)
    db.session.flush()
