"""Reading support plans: one plan with all it holds (in a fixed number of statements, however
many check-ins it has), its weeks, the coaching page's banner and history, what offers a
plan (a check-in rated at risk or off track, or a goal that missed its phase target), HR's
list of running plans and the rep's "acknowledge your plan" to-do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching.models import SupportCheckIn, SupportPlan, SupportStatus
from hiring.coaching.permissions import can_view_support_plan, manages, oversees_support_plans
from hiring.db import db
from hiring.onboarding.models import CheckIn, Goal, OnboardingPlan, Progress
from hiring.pagination import paginate

#: A rating that offers a support plan.
WORRYING = (Progress.AT_RISK, Progress.OFF_TRACK)


def load_plan(plan_id: int) -> SupportPlan | None:
    """The plan with its people, expectations and check-ins, each loaded once."""
    return db.session.scalar(
        select(SupportPlan)
        .where(SupportPlan.id == plan_id)
        .options(
            joinedload(SupportPlan.rep).joinedload(User.manager),
            joinedload(SupportPlan.manager),
            joinedload(SupportPlan.checkin),
            joinedload(SupportPlan.goal),
            selectinload(SupportPlan.expectations),
            selectinload(SupportPlan.checkins).joinedload(SupportCheckIn.recorded_by),
        )
    )


@dataclass(frozen=True)
class Week:
    """One week of a plan's window and its check-ins (``state``: done, missing, due, ahead)."""

    number: int
    starts: date
    ends: date
    checkins: tuple[SupportCheckIn, ...]
    state: str


def weeks(plan: SupportPlan, today: date) -> list[Week]:
    """The window week by week, from its first day: which have a check-in and which lack one."""
    found: list[Week] = []
    start, number = plan.starts_on, 1
    while start <= plan.ends_on:
        end = min(start + timedelta(days=6), plan.ends_on)
        held = tuple(c for c in plan.checkins if start <= c.held_on <= end)
        if held:
            state = "done"
        elif end < today:
            state = "missing"
        elif start <= today:
            state = "due"
        else:
            state = "ahead"
        found.append(Week(number, start, end, held, state))
        start, number = end + timedelta(days=1), number + 1
    return found


def missing_weeks(plan: SupportPlan, today: date) -> int:
    if plan.status != SupportStatus.ACTIVE:
        return 0
    return sum(1 for w in weeks(plan, today) if w.state == "missing")


def past_window(plan: SupportPlan, today: date) -> bool:
    """Running on past its last day with no outcome recorded: nothing else may happen now."""
    return plan.status == SupportStatus.ACTIVE and today > plan.ends_on


def days_left(plan: SupportPlan, today: date) -> int:
    return max(0, (plan.ends_on - today).days)


def open_plan(reader: User, rep: User) -> SupportPlan | None:
    """The rep's plan in progress as ``reader`` may see it (a draft only to its manager)."""
    plan = db.session.scalar(
        select(SupportPlan)
        .where(SupportPlan.rep_id == rep.id, SupportPlan.status != SupportStatus.CLOSED)
        .options(selectinload(SupportPlan.checkins))
        .order_by(SupportPlan.id.desc())
        .limit(1)
    )
    return plan if plan is not None and can_view_support_plan(reader, plan) else None


def history(reader: User, rep: User) -> list[SupportPlan]:
    """The rep's closed plans, newest first (the reader of the page may read them all)."""
    plans = db.session.scalars(
        select(SupportPlan)
        .where(SupportPlan.rep_id == rep.id, SupportPlan.status == SupportStatus.CLOSED)
        .order_by(SupportPlan.closed_at.desc(), SupportPlan.id.desc())
    )
    return [p for p in plans if can_view_support_plan(reader, p)]


@dataclass(frozen=True)
class Trigger:
    """What offers a support plan: a worrying check-in or a missed goal."""

    checkin: CheckIn | None
    goal: Goal | None

    @property
    def text(self) -> str:
        if self.checkin is not None:
            return f"the day-{self.checkin.milestone} check-in was rated at risk or off track"
        assert self.goal is not None
        return f"“{self.goal.outcome}” missed its target"


def checkin_worries(checkin: CheckIn) -> bool:
    """At risk or off track, by either side: the manager's own rating counts at once, the new
    hire's once both are in (until then the manager does not see it, and nor does this)."""
    if checkin.manager_rating in WORRYING:
        return True
    return checkin.both_rated and checkin.new_hire_rating in WORRYING


def goal_missed(goal: Goal, today: date) -> bool:
    """Past its due date with the latest actual below target (no actual counts as below)."""
    if goal.is_development or goal.target is None or goal.due_date >= today:
        return False
    return goal.latest is None or goal.latest < goal.target


def trigger_for(rep: User, today: date) -> Trigger | None:
    """The latest rated check-in if it worries, else the first missed goal, of the rep's
    onboarding that no support plan has answered yet."""
    used = db.session.execute(
        select(SupportPlan.checkin_id, SupportPlan.goal_id).where(SupportPlan.rep_id == rep.id)
    ).all()
    used_checkins = {row.checkin_id for row in used}
    used_goals = {row.goal_id for row in used}
    plans = list(
        db.session.scalars(
            select(OnboardingPlan)
            .where(OnboardingPlan.new_hire_id == rep.id)
            .options(
                selectinload(OnboardingPlan.checkins),
                selectinload(OnboardingPlan.goals).selectinload(Goal.actuals),
            )
        )
    )
    # Only the latest rated check-in speaks for now: a day-60 "at risk" that day 90 rated on
    # track has been recovered from, and offering a support plan for it would be unfair.
    rated = [c for p in plans for c in p.checkins if c.manager_rating or c.both_rated]
    latest = max(rated, key=lambda c: (c.due_date, c.id)) if rated else None
    if latest is not None and checkin_worries(latest) and latest.id not in used_checkins:
        return Trigger(latest, None)
    goals = sorted(
        (g for p in plans for g in p.goals if goal_missed(g, today) and g.id not in used_goals),
        key=lambda g: (g.due_date, g.id),
    )
    return Trigger(None, goals[0]) if goals else None


def trigger_checkin(rep: User, checkin_id: int) -> CheckIn | None:
    """The rep's check-in ``checkin_id`` if it offers a plan (else None)."""
    checkin = db.session.get(CheckIn, checkin_id)
    if checkin is None or checkin.plan.new_hire_id != rep.id or not checkin_worries(checkin):
        return None
    return checkin


def trigger_goal(rep: User, goal_id: int, today: date) -> Goal | None:
    goal = db.session.get(Goal, goal_id)
    if goal is None or goal.plan.new_hire_id != rep.id or not goal_missed(goal, today):
        return None
    return goal


@dataclass(frozen=True)
class Banner:
    """The coaching page's support-plan banner: the plan in progress, or the offer of one."""

    plan: SupportPlan | None
    trigger: Trigger | None
    weeks_missing: int
    days_left: int
    past_window: bool


def banner(reader: User, rep: User, today: date) -> Banner | None:
    plan = open_plan(reader, rep)
    if plan is not None:
        return Banner(
            plan, None, missing_weeks(plan, today), days_left(plan, today), past_window(plan, today)
        )
    if manages(reader, rep) and (trigger := trigger_for(rep, today)) is not None:
        return Banner(None, trigger, 0, 0, False)
    return None


def awaiting_acknowledgement(user: User) -> list[SupportPlan]:
    """The started plans ``user`` is the rep of and has not acknowledged yet (one query)."""
    return list(db.session.scalars(_awaiting_acknowledgement(), {"rep_id": user.id}))


@cache
def _awaiting_acknowledgement() -> Select[SupportPlan]:
    """Built once with a bound rep: every home page asks it."""
    return (
        select(SupportPlan)
        .where(
            SupportPlan.rep_id == bindparam("rep_id"),
            SupportPlan.status == SupportStatus.ACTIVE,
            SupportPlan.rep_acknowledged_at.is_(None),
        )
        .options(joinedload(SupportPlan.manager))
        .order_by(SupportPlan.id)
    )


#: Running plans per page of HR's list.
HR_PER_PAGE = 25


@dataclass(frozen=True)
class Running:
    """A row of HR's list: a started plan, its days left and missing weekly check-ins."""

    plan: SupportPlan
    days_left: int
    weeks_missing: int
    past_window: bool


@dataclass(frozen=True)
class HRList:
    page: Pagination
    rows: list[Running]


def hr_list(reader: User) -> HRList | None:
    """For HR (admins): every started plan not yet ended, those past their window first, then
    by last day; a page of them in a fixed number of queries however many check-ins they
    hold (None for anyone else)."""
    if not oversees_support_plans(reader):
        return None
    today = timezones.today()
    page = paginate(
        select(SupportPlan)
        .where(SupportPlan.status == SupportStatus.ACTIVE)
        .options(
            joinedload(SupportPlan.rep),
            joinedload(SupportPlan.manager),
            selectinload(SupportPlan.checkins),
        )
        .order_by(SupportPlan.ends_on, SupportPlan.id),
        per_page=HR_PER_PAGE,
        arg="plans_page",
    )
    rows = [
        Running(p, days_left(p, today), missing_weeks(p, today), past_window(p, today))
        for p in page.items
    ]
    return HRList(page, rows)
