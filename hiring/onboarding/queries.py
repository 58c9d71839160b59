"""Read-side helpers for onboarding pages, each a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from sqlalchemy import ColumnElement, Integer, Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from hiring import timezones
from hiring.applications.models import Application
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.library.models import RoleProfile
from hiring.library.schema import ItemKind, Phase
from hiring.onboarding.models import (
    PHASE_DAYS,
    CheckIn,
    Goal,
    OnboardingPlan,
    PlanItem,
    PlanStatus,
)
from hiring.onboarding.roles import PlanRole
from hiring.onboarding.wording import day_text
from hiring.positions.models import Position
from hiring.wording import counted

#: Plan items that are meetings the manager holds (the home lists them with the check-ins).
MEETING_KINDS = (ItemKind.ONE_ON_ONE, ItemKind.RIDE_ALONG, ItemKind.DEMO_CALL)


@dataclass(frozen=True)
class PhaseProgress:
    """One phase of a plan as a reader sees it: its items, how many are done, the percentage."""

    items: list[PlanItem]
    done: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / len(self.items)) if self.items else 0


@dataclass
class PlanSummary:
    """Where a plan stands for its reader. ``today`` is the reader's own date (see
    ``timezones.today``): at 20:00 in Chicago an item due today is due, not overdue.

    The properties read all of the plan's items (homes and lists); the methods taking
    ``items`` read only those a reader may see (the plan page passes
    ``permissions.visible_items``)."""

    plan: OnboardingPlan
    today: date = field(default_factory=timezones.today)

    @property
    def day(self) -> int:
        return (self.today - self.plan.start_date).days + 1

    @property
    def week_end(self) -> date:
        """The last day of "this week": today and the six days after it."""
        return self.today + timedelta(days=6)

    @property
    def started(self) -> bool:
        return self.day >= 1

    @property
    def timing(self) -> str:
        """Where the plan stands in time, never a negative day: "starts Mon 7 Dec 2026 · in
        7 days", "started Mon 16 Nov 2026 · day 22 of 90" (of 180 with a ramp phase), or
        when its last day has passed."""
        start, last = self.plan.start_date, self.plan.last_day
        if self.day < 1:
            wait = 1 - self.day
            return f"starts {day_text(start)} · " + (
                "tomorrow" if wait == 1 else f"in {counted(wait, 'day')}"
            )
        if self.day > last:
            ended = day_text(start + timedelta(days=last - 1))
            return f"started {day_text(start)} · day {last} was {ended}"
        return f"started {day_text(start)} · day {self.day} of {last}"

    @property
    def day_label(self) -> str:
        """The plan's day for a table cell: "22 / 90", "starts in 7 days", "ended"."""
        if self.day < 1:
            return f"starts in {counted(1 - self.day, 'day')}"
        return "ended" if self.day > self.plan.last_day else f"{self.day} / {self.plan.last_day}"

    @property
    def progress(self) -> int:
        items = self.plan.items
        return round(100 * sum(1 for i in items if i.done) / len(items)) if items else 0

    def phase_progress(self, phase: Phase, items: Sequence[PlanItem]) -> PhaseProgress:
        """``phase``'s share of ``items``."""
        mine = [i for i in items if i.phase == phase]
        return PhaseProgress(mine, sum(1 for i in mine if i.done))

    def overdue_in(self, items: Sequence[PlanItem]) -> list[PlanItem]:
        """The open ones of ``items`` whose due date has passed."""
        return [i for i in items if not i.done and i.due_date < self.today]

    def this_week_in(self, items: Sequence[PlanItem]) -> list[PlanItem]:
        """The open ones of ``items`` due today or in the six days after."""
        return [i for i in items if not i.done and self.today <= i.due_date <= self.week_end]

    @property
    def overdue(self) -> list[PlanItem]:
        return self.overdue_in(self.plan.items)

    @property
    def this_week(self) -> list[PlanItem]:
        return self.this_week_in(self.plan.items)

    @property
    def meetings_this_week(self) -> list[PlanItem]:
        """The 1:1s and ride-alongs due in the next seven days, not held yet."""
        return [i for i in self.this_week if i.kind in MEETING_KINDS]

    @property
    def next_checkin(self) -> CheckIn | None:
        """The first milestone not signed off yet."""
        return next((c for c in self.plan.checkins if c.signed_off_at is None), None)

    @property
    def checkins_due(self) -> list[CheckIn]:
        """Milestones due by the end of this week (or earlier) and not signed off yet."""
        return [
            c for c in self.plan.checkins if c.signed_off_at is None and c.due_date <= self.week_end
        ]

    @property
    def current_phase(self) -> Phase | None:
        """The phase today falls in, None before the start and after the plan's last phase."""
        return next(
            (p for p in self.plan.phases if PHASE_DAYS[p][0] <= self.day <= PHASE_DAYS[p][1]),
            None,
        )

    @property
    def focus_phase(self) -> Phase:
        """The phase the plan page opens: the current one, Learn before the start, the plan's
        last phase (Own, or Ramp) after it."""
        if self.current_phase is not None:
            return self.current_phase
        return Phase.LEARN if self.day < 1 else list(self.plan.phases)[-1]

    @property
    def at_risk(self) -> bool:
        """More than three items overdue, or any overdue by more than a week."""
        overdue = self.overdue
        week_ago = self.today - timedelta(days=7)
        return len(overdue) > 3 or any(i.due_date < week_ago for i in overdue)


def _plan_options() -> list[object]:
    return [
        joinedload(OnboardingPlan.new_hire),
        joinedload(OnboardingPlan.manager),
        joinedload(OnboardingPlan.buddy),
        selectinload(OnboardingPlan.items),
        selectinload(OnboardingPlan.checkins),
    ]


def _active_plans(role: PlanRole, user_id: int) -> list[PlanSummary]:
    """The active plans where ``user_id`` plays ``role``, oldest start first, in one query
    and its eager loads."""
    plans = db.session.scalars(_active_plans_statement(role), {"user_id": user_id}).all()
    return [PlanSummary(p) for p in plans]


@cache
def _active_plans_statement(role: PlanRole) -> Select[OnboardingPlan]:
    """Built once per role with a bound user: the homes and the onboarding index ask it."""
    return (
        select(OnboardingPlan)
        .where(role.plans_of(bindparam("user_id")), OnboardingPlan.status == PlanStatus.ACTIVE)
        .options(*_plan_options())  # type: ignore[arg-type]
        .order_by(OnboardingPlan.start_date)
    )


def my_plans(user: User) -> list[PlanSummary]:
    """The active plans ``user`` is the new hire of (for their home page)."""
    return _active_plans(PlanRole.NEW_HIRE, user.id)


def managed_plans(user: User) -> list[PlanSummary]:
    """The active plans ``user`` owns as manager: their new hires' plans."""
    return _active_plans(PlanRole.MANAGER, user.id)


def buddied_plans(user: User) -> list[PlanSummary]:
    """The active plans ``user`` is the buddy on."""
    return _active_plans(PlanRole.BUDDY, user.id)


#: Built once: the menu asks it on most pages of anyone without an onboarding role, and
#: building the statement cost more than running it.
_BUDDY_OF_AN_ACTIVE_PLAN = (
    select(OnboardingPlan.id)
    .where(
        OnboardingPlan.buddy_id == bindparam("user_id"),
        OnboardingPlan.status == PlanStatus.ACTIVE,
    )
    .limit(1)
)


def is_buddy(user: User) -> bool:
    """``user`` is the buddy on an active plan (buddies need not hold any role)."""
    return bool(db.session.scalar(_BUDDY_OF_AN_ACTIVE_PLAN, {"user_id": user.id}))


def plan_for_application(application_id: int) -> OnboardingPlan | None:
    """The onboarding plan made from the hire of ``application_id``, if there is one."""
    return db.session.scalars(
        select(OnboardingPlan)
        .where(OnboardingPlan.application_id == application_id)
        .order_by(OnboardingPlan.id.desc())
        .limit(1)
    ).first()


def own_plans(user: User) -> list[PlanSummary]:
    """The active plans ``user`` is the new hire of (their own, shown whole)."""
    return _active_plans(PlanRole.NEW_HIRE, user.id)


def overseen(user: User) -> ColumnElement[bool]:
    """The plans ``user`` manages or oversees: every plan for an admin, else their own new
    hires' and their reports' new hires' (for ``onboarding.todo.plan_page_statement``)."""
    if user.has_role(Role.ADMIN):
        return OnboardingPlan.id.is_not(None)
    report_ids = select(User.id).where(User.manager_id == user.id)
    return (OnboardingPlan.manager_id == user.id) | (OnboardingPlan.manager_id.in_(report_ids))


def hires_awaiting_plan(user: User) -> list[Decision]:
    """Hire decisions with no plan yet that ``user`` may plan from (``can_plan_from_decision``):
    the new hire reports to them, or they are the position's hiring manager."""
    statement = _hires_awaiting_plan(user.has_role(Role.ADMIN))
    return list(db.session.scalars(statement, {"user_id": user.id}))


@cache
def _hires_awaiting_plan(every_hire: bool) -> Select[Decision]:
    """Built once for admins (every hire) and once for everyone else (their own, with a bound
    user): the managers' homes and the onboarding index ask it."""
    query = (
        select(Decision)
        .join(Application)
        .join(Position, Application.position_id == Position.id)
        .where(
            Decision.current.is_(True),
            Decision.outcome == DecisionOutcome.HIRE,
            ~Application.id.in_(
                select(OnboardingPlan.application_id).where(
                    OnboardingPlan.application_id.is_not(None)
                )
            ),
        )
        .options(joinedload(Decision.application).joinedload(Application.candidate))
        .order_by(Decision.start_date, Decision.id)
    )
    if every_hire:
        return query
    user_id = bindparam("user_id", type_=Integer)
    return query.where((Decision.manager_id == user_id) | (Position.hiring_manager_id == user_id))


def hire_decision(decision_id: int) -> Decision | None:
    """The current hire decision ``decision_id`` (a plan starts only from one of those)."""
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.outcome != DecisionOutcome.HIRE or not decision.current:
        return None
    return decision


def active_people() -> list[User]:
    """Everyone who may be a new hire, manager or buddy, by name."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


def current_profiles() -> list[RoleProfile]:
    """The role profiles a plan may be started from, by name."""
    return list(
        db.session.scalars(
            select(RoleProfile).where(RoleProfile.current.is_(True)).order_by(RoleProfile.name)
        )
    )


#: A plan with its people. Built once, like its lists' statements below: the plan page and
#: each of its forms load it, and building this statement with its loader options cost about
#: 1,000 Python calls each time.
_PLAN_PAGE = (
    select(OnboardingPlan)
    .where(OnboardingPlan.id == bindparam("plan_id"))
    .options(
        joinedload(OnboardingPlan.new_hire),
        joinedload(OnboardingPlan.manager).joinedload(User.manager),
        joinedload(OnboardingPlan.buddy),
    )
)
_PLAN_ID = bindparam("plan_id", type_=Integer)
#: The plan's items, goals (each with its few actuals joined) and check-ins (each with its
#: competency ratings joined), in their relationships' order: statements built once, where
#: relationship loads built theirs, and their cache keys, on every page.
_PLAN_LISTS = {
    "items": select(PlanItem)
    .where(PlanItem.plan_id == _PLAN_ID)
    .order_by(PlanItem.due_date, PlanItem.id),
    "goals": select(Goal)
    .where(Goal.plan_id == _PLAN_ID)
    .options(joinedload(Goal.actuals))
    .order_by(Goal.due_date, Goal.id),
    "checkins": select(CheckIn)
    .where(CheckIn.plan_id == _PLAN_ID)
    .options(joinedload(CheckIn.competency_ratings))
    .order_by(CheckIn.milestone, CheckIn.id),
}


def load_plan(plan_id: int) -> OnboardingPlan | None:
    plan = db.session.scalars(_PLAN_PAGE, {"plan_id": plan_id}).first()
    if plan is not None:
        for name, statement in _PLAN_LISTS.items():
            children = list(db.session.scalars(statement, {"plan_id": plan.id}).unique())
            set_committed_value(plan, name, children)
            # Each item's, goal's and check-in's way back to the plan is this plan: set it,
            # so the page's permission checks do not look it up (about 50 look-ups a page).
            for child in children:
                set_committed_value(child, "plan", plan)
    return plan


def plan_time_zone(plan: OnboardingPlan) -> str:
    """The zone a check-in booking on ``plan`` is proposed in: the one its check-ins were
    booked in, else the reader's own zone (1:1s and ride-alongs keep theirs in coaching)."""
    used = [c.time_zone for c in plan.checkins if c.time_zone]
    return used[0] if used else timezones.reader_zone()


def plan_time_zones(plan: OnboardingPlan) -> set[str]:
    """Every zone ``plan``'s check-ins were booked in (a picker keeps them selectable even
    when stored under an old name)."""
    return {c.time_zone for c in plan.checkins if c.time_zone}


def today() -> date:
    """Today for the reader (see ``timezones.today``)."""
    return timezones.today()
