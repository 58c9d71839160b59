"""What waits on one person across many onboarding plans (a manager of twenty new hires, the
buddy of thirty): for the home page, each list is its first few rows and its full count, both
from SQL; for the onboarding index, a page of plans with their item counts from SQL. Either
costs the same for one plan or a hundred. The plan page reads one whole plan
(``onboarding.queries``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any, Generic, TypeVar

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    Date,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
    select,
)
from sqlalchemy.orm import joinedload, selectinload

from hiring.db import db
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanItem, PlanStatus
from hiring.onboarding.queries import MEETING_KINDS, PlanSummary
from hiring.onboarding.roles import PlanRole
from hiring.pagination import with_total

#: How many rows each home list shows; "See all" leads to the rest.
SHOWN = 10

T = TypeVar("T")


@dataclass(frozen=True)
class Shortlist(Generic[T]):
    """The first rows of a list and how many it has in all."""

    rows: list[T]
    total: int

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self) -> Any:
        return iter(self.rows)


#: The bound parameters of every home list: the person, today, the last day of this week
#: (today + 6) and how many rows to show.
_PERSON = bindparam("person_id", type_=Integer)
_TODAY: BindParameter[date] = bindparam("today", type_=Date)
_WEEK_END: BindParameter[date] = bindparam("week_end", type_=Date)
_SHOWN = bindparam("shown", type_=Integer)


def _shortlist(statement: Select[Any], person_id: int, today: date, shown: int) -> Shortlist[Any]:
    params = {
        "person_id": person_id,
        "today": today,
        "week_end": today + timedelta(days=6),
        "shown": shown,
    }
    if not shown:
        return Shortlist([], db.session.scalar(_counted(statement), params) or 0)
    rows = list(db.session.execute(_limited(statement), params))
    return Shortlist([row[0] for row in rows], rows[0][-1] if rows else 0)


@cache
def _counted(statement: Select[Any]) -> Select[Any]:
    return statement.with_only_columns(func.count()).order_by(None)


@cache
def _limited(statement: Select[Any]) -> Select[Any]:
    return with_total(statement).limit(_SHOWN)


def _active(role: PlanRole) -> list[ColumnElement[bool]]:
    return [role.plans_of(_PERSON), OnboardingPlan.status == PlanStatus.ACTIVE]


@cache
def _items(role: PlanRole, due: str, owner: ItemOwner | None, meetings_only: bool) -> Select[Any]:
    """Open items of ``role``'s active plans, due before today (``due="overdue"``) or this
    week (``"week"``), only ``owner``'s or only meetings when asked, by due date, with what a
    task line shows (the plan's new hire, manager and buddy). Built once per kind of list:
    every manager's and buddy's home runs them, and building them cost more than running
    them."""
    conditions = (
        [PlanItem.due_date < _TODAY]
        if due == "overdue"
        else [PlanItem.due_date >= _TODAY, PlanItem.due_date <= _WEEK_END]
    )
    if owner:
        conditions.append(PlanItem.owner == owner)
    if meetings_only:
        conditions.append(PlanItem.kind.in_(MEETING_KINDS))
    return (
        select(PlanItem)
        .join(OnboardingPlan, PlanItem.plan_id == OnboardingPlan.id)
        .where(*_active(role), PlanItem.done_at.is_(None), *conditions)
        .options(
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.new_hire),
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.manager),
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.buddy),
        )
        .order_by(PlanItem.due_date, PlanItem.id)
    )


def overdue_items(
    role: PlanRole,
    person_id: int,
    today: date,
    *,
    owner: ItemOwner | None = None,
    shown: int = SHOWN,
) -> Shortlist[PlanItem]:
    """Open items past their due date (only ``owner``'s, when given), oldest first."""
    return _shortlist(_items(role, "overdue", owner, False), person_id, today, shown)


def items_this_week(
    role: PlanRole,
    person_id: int,
    today: date,
    *,
    owner: ItemOwner | None = None,
    meetings_only: bool = False,
    shown: int = SHOWN,
) -> Shortlist[PlanItem]:
    """Open items due today or in the six days after (only ``owner``'s, or only the 1:1s and
    ride-alongs, when asked)."""
    statement = _items(role, "week", owner, meetings_only)
    return _shortlist(statement, person_id, today, shown)


@cache
def _checkins_due(role: PlanRole) -> Select[Any]:
    return (
        select(CheckIn)
        .join(OnboardingPlan, CheckIn.plan_id == OnboardingPlan.id)
        .where(*_active(role), CheckIn.signed_off_at.is_(None), CheckIn.due_date <= _WEEK_END)
        .options(joinedload(CheckIn.plan).joinedload(OnboardingPlan.new_hire))
        .order_by(CheckIn.due_date, CheckIn.id)
    )


def checkins_due(
    role: PlanRole, person_id: int, today: date, *, shown: int = SHOWN
) -> Shortlist[CheckIn]:
    """Milestones due by the end of this week (or earlier) and not signed off, oldest first."""
    return _shortlist(_checkins_due(role), person_id, today, shown)


@cache
def _active_plans(role: PlanRole) -> Select[Any]:
    return (
        select(OnboardingPlan)
        .where(*_active(role))
        .options(joinedload(OnboardingPlan.new_hire), selectinload(OnboardingPlan.checkins))
        .order_by(OnboardingPlan.start_date, OnboardingPlan.id)
    )


def active_plans(
    role: PlanRole, person_id: int, today: date, *, shown: int = SHOWN
) -> Shortlist[PlanSummary]:
    """``role``'s active plans, oldest start first (only what a line about each shows: the
    new hire and the day of 90 or 180, known from its check-ins; no items)."""
    found = _shortlist(_active_plans(role), person_id, today, shown)
    return Shortlist([PlanSummary(p, today) for p in found.rows], found.total)


@dataclass(frozen=True)
class PlanStanding:
    """A row of a table of plans (the onboarding index): where the plan stands, from counts
    in SQL rather than its items, so a page of plans costs the same as one."""

    summary: PlanSummary
    items: int
    done: int
    #: Open items past their due date, by owner.
    overdue: dict[ItemOwner, int]
    oldest_overdue: date | None

    @property
    def plan(self) -> OnboardingPlan:
        return self.summary.plan

    @property
    def progress(self) -> int:
        return round(100 * self.done / self.items) if self.items else 0

    @property
    def at_risk(self) -> bool:
        """``PlanSummary.at_risk``'s rule: more than three items overdue, or any by more
        than a week."""
        week_ago = self.summary.today - timedelta(days=7)
        late = self.oldest_overdue is not None and self.oldest_overdue < week_ago
        return sum(self.overdue.values()) > 3 or late

    @property
    def next_checkin(self) -> CheckIn | None:
        return self.summary.next_checkin


def standings(plans: Sequence[OnboardingPlan], today: date) -> list[PlanStanding]:
    """``plans`` (a page of them, check-ins loaded) with their item counts, in one query."""
    counts = db.session.execute(
        _item_counts(), {"plan_ids": [p.id for p in plans], "today": today}
    ).all()
    rows = []
    for plan in plans:
        mine = [c for c in counts if c[0] == plan.id]
        late = [c[5] for c in mine if c[5] is not None]
        rows.append(
            PlanStanding(
                PlanSummary(plan, today),
                items=sum(c[2] for c in mine),
                done=sum(c[3] for c in mine),
                overdue={c[1]: c[4] for c in mine if c[4]},
                oldest_overdue=min(late) if late else None,
            )
        )
    return rows


@cache
def _item_counts() -> Select[int, ItemOwner, int, int, int, Any]:
    """Per plan and owner: items, done, overdue and the oldest overdue due date (built once
    with bound plans and day: the onboarding index asks it for each of its two tables)."""
    overdue = and_(PlanItem.done_at.is_(None), PlanItem.due_date < _TODAY)
    return (
        select(
            PlanItem.plan_id,
            PlanItem.owner,
            func.count(),
            func.count(PlanItem.done_at),
            func.count(case((overdue, 1))),
            func.min(case((overdue, PlanItem.due_date))),
        )
        .where(PlanItem.plan_id.in_(bindparam("plan_ids", expanding=True)))
        .group_by(PlanItem.plan_id, PlanItem.owner)
    )


def plan_page_statement(plans: ColumnElement[bool]) -> Select[Any]:
    """Active plans matching ``plans`` for a table, oldest start first, with the people and
    check-ins its rows show (pass it to ``pagination.paginate``, then ``standings``)."""
    return (
        select(OnboardingPlan)
        .where(plans, OnboardingPlan.status == PlanStatus.ACTIVE)
        .options(
            joinedload(OnboardingPlan.new_hire),
            joinedload(OnboardingPlan.manager),
            joinedload(OnboardingPlan.buddy),
            selectinload(OnboardingPlan.checkins),
        )
        .order_by(OnboardingPlan.start_date, OnboardingPlan.id)
    )
