"""A manager's own coaching rhythm this month, for their home page: per direct report, the
1:1s held against the cadence they set, coaching ride-alongs done against what they committed
to, overdue action items, open support plans, and the hours spent coaching.

The point (issue #16, item 8) is to make coaching time visible to a manager whose instinct is
to go back to selling. Everything is read in ONE statement (each record kind aggregated per
rep in SQL, joined to the reps), so the home page costs the same after a year of weekly 1:1s
as after a week; what the cadence implies is worked out from the profile in Python.

"This month" is the calendar month in the MANAGER's zone: a 1:1 counts in the month it took
place (``scheduled_at``, which moving a 1:1 changes; ``held_at`` is only when the record was
written), as the cadence's slots do; a ride-along in the month it was scheduled.
Only held records count; cancelled 1:1s are shown beside them, scheduled ones are not yet
coaching. A demonstration call is mentoring, not coaching (domain.md §6): it is counted
apart and adds neither to the ride-alongs done nor to the hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, bindparam, case, func, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    CallRole,
    CoachingProfile,
    MeetingStatus,
    OneOnOne,
    RideAlong,
    SupportPlan,
    SupportStatus,
)
from hiring.db import db, utcnow

#: The CEB / Sales Executive Council benchmark (domain.md §6): reps coached 3+ hours a month
#: reached about 107% of quota against about 88% for those with little or none.
BENCHMARK_MINUTES = 3 * 60


@dataclass(frozen=True)
class RepMonth:
    """One direct report's coaching this month, as their manager sees it on the home page."""

    rep: User
    #: None: no 1:1 cadence set yet (the home asks the manager to set one).
    profile: CoachingProfile | None
    held: int
    cancelled: int
    #: 1:1s the cadence has brought round so far this month, and in the whole month.
    due_so_far: int
    due_in_month: int
    #: Observe-only ride-alongs held (coaching) and demonstration calls held (mentoring).
    ride_alongs: int
    demonstrations: int
    #: Held 1:1 minutes plus observe-only ride-along minutes.
    coaching_minutes: int
    overdue_yours: int
    overdue_theirs: int
    overdue_total: int
    plans_open: int
    plans_past_window: int

    @property
    def ride_alongs_target(self) -> int:
        return self.profile.ride_alongs_per_month if self.profile else 0

    @property
    def behind_on_one_on_ones(self) -> bool:
        return self.held < self.due_so_far

    @property
    def meets_benchmark(self) -> bool:
        return self.coaching_minutes >= BENCHMARK_MINUTES

    @property
    def coaching_time(self) -> str:
        return duration(self.coaching_minutes)


@dataclass(frozen=True)
class CoachingMonth:
    """The manager's coaching this month across their direct reports, with the team total."""

    #: The first day of the month and today, in the manager's zone.
    month: date
    today: date
    reps: list[RepMonth]

    @property
    def held(self) -> int:
        return sum(r.held for r in self.reps)

    @property
    def due_so_far(self) -> int:
        return sum(r.due_so_far for r in self.reps)

    @property
    def due_in_month(self) -> int:
        return sum(r.due_in_month for r in self.reps)

    @property
    def ride_alongs(self) -> int:
        return sum(r.ride_alongs for r in self.reps)

    @property
    def ride_alongs_target(self) -> int:
        return sum(r.ride_alongs_target for r in self.reps)

    @property
    def demonstrations(self) -> int:
        return sum(r.demonstrations for r in self.reps)

    @property
    def coaching_minutes(self) -> int:
        return sum(r.coaching_minutes for r in self.reps)

    @property
    def coaching_time(self) -> str:
        return duration(self.coaching_minutes)

    @property
    def benchmark_time(self) -> str:
        """3 hours for each rep: what the team's month would hold at the benchmark."""
        return duration(BENCHMARK_MINUTES * len(self.reps))

    @property
    def label(self) -> str:
        return f"{self.month:%B %Y}"

    @property
    def reps_at_benchmark(self) -> int:
        return sum(1 for r in self.reps if r.meets_benchmark)

    @property
    def overdue_total(self) -> int:
        return sum(r.overdue_total for r in self.reps)

    @property
    def overdue_yours(self) -> int:
        return sum(r.overdue_yours for r in self.reps)

    @property
    def plans_open(self) -> int:
        return sum(r.plans_open for r in self.reps)

    @property
    def plans_past_window(self) -> int:
        return sum(r.plans_past_window for r in self.reps)


def this_month(manager: User) -> CoachingMonth | None:
    """``manager``'s coaching this month, one row per active direct report (None when nobody
    reports to them: the home shows nothing of it). One statement."""
    zone = timezones.zone_for(manager)
    now = utcnow()
    today = timezones.local_date(now, zone)
    first = today.replace(day=1)
    after = (first + timedelta(days=32)).replace(day=1)
    start, end = _utc_midnight(first, zone), _utc_midnight(after, zone)
    rows = db.session.execute(
        _statement(), {"manager_id": manager.id, "start": start, "end": end, "today": today}
    ).all()
    if not rows:
        return None
    reps = []
    for row in rows:
        profile: CoachingProfile | None = row.CoachingProfile
        # Slots up to the last 1:1 with a former manager were theirs, not this manager's.
        since = max(start, row.former_until + timedelta(seconds=1)) if row.former_until else start
        due_so_far, due_in_month = _cadence_slots(profile, since, end, now) if profile else (0, 0)
        reps.append(
            RepMonth(
                rep=row.User,
                profile=profile,
                held=row.held or 0,
                cancelled=row.cancelled or 0,
                due_so_far=due_so_far,
                due_in_month=due_in_month,
                ride_alongs=row.ride_alongs or 0,
                demonstrations=row.demonstrations or 0,
                coaching_minutes=(row.one_on_one_minutes or 0) + (row.ride_along_minutes or 0),
                overdue_yours=row.overdue_yours or 0,
                overdue_theirs=row.overdue_theirs or 0,
                overdue_total=row.overdue_total or 0,
                plans_open=row.plans_open or 0,
                plans_past_window=row.plans_past_window or 0,
            )
        )
    return CoachingMonth(month=first, today=today, reps=reps)


def duration(minutes: int) -> str:
    """ "0 h", "45 min", "3 h", "2 h 30 min": coaching time as people say it."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min" if rest else "0 h"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


@cache
def _statement() -> Select[Any]:
    """The reps, each joined to their profile and to one aggregate row per record kind.

    Built once per process with bound parameters (``manager_id``, ``start``, ``end``,
    ``today``): every home page asks it, and composing this many subqueries costs more
    Python time than running them."""
    manager_id: BindParameter[int] = bindparam("manager_id")
    start: BindParameter[datetime] = bindparam("start")
    end: BindParameter[datetime] = bindparam("end")
    today: BindParameter[date] = bindparam("today")
    reps = select(User.id).where(User.manager_id == manager_id, User.active.is_(True))

    def within(column: ColumnElement[Any] | InstrumentedAttribute[Any]) -> ColumnElement[bool]:
        return and_(column >= start, column < end)

    # The month the meeting took place (a moved 1:1 carries its new time), never the day the
    # record was written: the cadence's slots are counted by the schedule too.
    held = and_(OneOnOne.status == MeetingStatus.HELD, within(OneOnOne.scheduled_at))
    cancelled = and_(OneOnOne.status == MeetingStatus.CANCELLED, within(OneOnOne.scheduled_at))
    ones = (
        select(
            OneOnOne.rep_id,
            func.count(case((held, 1))).label("held"),
            func.count(case((cancelled, 1))).label("cancelled"),
            func.sum(case((held, OneOnOne.minutes), else_=0)).label("minutes"),
        )
        .where(
            OneOnOne.manager_id == manager_id,
            within(OneOnOne.scheduled_at),
        )
        .group_by(OneOnOne.rep_id)
        .subquery()
    )
    former = (
        select(OneOnOne.rep_id, func.max(OneOnOne.scheduled_at).label("until"))
        .where(OneOnOne.rep_id.in_(reps), OneOnOne.manager_id != manager_id)
        .group_by(OneOnOne.rep_id)
        .subquery()
    )
    observed = RideAlong.manager_role == CallRole.OBSERVE
    rides = (
        select(
            RideAlong.rep_id,
            func.count(case((observed, 1))).label("observed"),
            func.count(case((~observed, 1))).label("demonstrated"),
            func.sum(case((observed, RideAlong.minutes), else_=0)).label("minutes"),
        )
        .where(
            RideAlong.manager_id == manager_id,
            RideAlong.status == MeetingStatus.HELD,
            within(RideAlong.scheduled_at),
        )
        .group_by(RideAlong.rep_id)
        .subquery()
    )
    actions = (
        select(
            ActionItem.rep_id,
            func.count(case((ActionItem.owner_id == manager_id, 1))).label("yours"),
            func.count(case((ActionItem.owner_id == ActionItem.rep_id, 1))).label("theirs"),
            func.count().label("total"),
        )
        .where(ActionItem.rep_id.in_(reps), ActionItem.done_at.is_(None), ActionItem.due_on < today)
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
        .where(SupportPlan.rep_id.in_(reps), SupportPlan.status == SupportStatus.ACTIVE)
        .group_by(SupportPlan.rep_id)
        .subquery()
    )
    return (
        select(
            User,
            CoachingProfile,
            ones.c.held,
            ones.c.cancelled,
            ones.c.minutes.label("one_on_one_minutes"),
            rides.c.observed.label("ride_alongs"),
            rides.c.demonstrated.label("demonstrations"),
            rides.c.minutes.label("ride_along_minutes"),
            actions.c.yours.label("overdue_yours"),
            actions.c.theirs.label("overdue_theirs"),
            actions.c.total.label("overdue_total"),
            plans.c.open.label("plans_open"),
            plans.c.past_window.label("plans_past_window"),
            former.c.until.label("former_until"),
        )
        .outerjoin(CoachingProfile, CoachingProfile.rep_id == User.id)
        .outerjoin(ones, ones.c.rep_id == User.id)
        .outerjoin(rides, rides.c.rep_id == User.id)
        .outerjoin(actions, actions.c.rep_id == User.id)
        .outerjoin(plans, plans.c.rep_id == User.id)
        .outerjoin(former, former.c.rep_id == User.id)
        .where(User.manager_id == manager_id, User.active.is_(True))
        .order_by(User.name, User.id)
    )


def _utc_midnight(day: date, zone: str) -> datetime:
    """The UTC moment ``day`` starts in ``zone``."""
    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def _cadence_slots(
    profile: CoachingProfile, start: datetime, end: datetime, now: datetime
) -> tuple[int, int]:
    """How many 1:1s the cadence puts in [start, end): those whose time has come by ``now``,
    and all of them. The series starts at ``first_on`` at ``starts_at_local`` in the
    profile's zone and repeats every 7 or 14 days (a moment the clocks skip reads as the
    wall-clock time shifted, never an error: this only counts)."""
    zone, step = ZoneInfo(profile.time_zone), profile.cadence.days
    # The first slot on or after the day before the window (zones differ by under a day).
    lead = (start.date() - timedelta(days=1) - profile.first_on).days
    day = profile.first_on + timedelta(days=max(0, -(-lead // step)) * step)
    so_far = total = 0
    while True:
        moment = datetime.combine(day, profile.starts_at_local, tzinfo=zone).astimezone(UTC)
        if moment >= end:
            return so_far, total
        if moment >= start:
            total += 1
            so_far += moment <= now
        day += timedelta(days=step)
