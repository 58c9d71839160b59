"""What waits on one person across many onboarding plans (a manager of twenty new hires, the
buddy of thirty): for the home page, each list is its first few rows and its full count, both
from SQL; for the onboarding index, a page of plans with their item counts from SQL. Either
costs the same for one plan or a hundred. The plan page reads one whole plan
(``onboarding.queries``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.db import db
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanItem, PlanStatus
from hiring.onboarding.queries import MEETING_KINDS, PlanSummary
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


def _shortlist(statement: Select[Any], shown: int) -> Shortlist[Any]:
    if not shown:
        total = db.session.scalar(statement.with_only_columns(func.count()).order_by(None))
        return Shortlist([], total or 0)
    rows = list(db.session.execute(with_total(statement).limit(shown)))
    return Shortlist([row[0] for row in rows], rows[0][-1] if rows else 0)


def _active(plans: ColumnElement[bool]) -> list[ColumnElement[bool]]:
    return [plans, OnboardingPlan.status == PlanStatus.ACTIVE]


def _items(plans: ColumnElement[bool], *conditions: ColumnElement[bool]) -> Select[Any]:
    """Open items of the active plans matching ``plans``, by due date, with what a task line
    shows (the plan's new hire, manager and buddy)."""
    return (
        select(PlanItem)
        .join(OnboardingPlan, PlanItem.plan_id == OnboardingPlan.id)
        .where(*_active(plans), PlanItem.done_at.is_(None), *conditions)
        .options(
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.new_hire),
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.manager),
            joinedload(PlanItem.plan).joinedload(OnboardingPlan.buddy),
        )
        .order_by(PlanItem.due_date, PlanItem.id)
    )


def overdue_items(
    plans: ColumnElement[bool], today: date, *, owner: ItemOwner | None = None, shown: int = SHOWN
) -> Shortlist[PlanItem]:
    """Open items past their due date (only ``owner``'s, when given), oldest first."""
    mine = [PlanItem.owner == owner] if owner else []
    return _shortlist(_items(plans, PlanItem.due_date < today, *mine), shown)


def items_this_week(
    plans: ColumnElement[bool],
    today: date,
    *,
    owner: ItemOwner | None = None,
    meetings_only: bool = False,
    shown: int = SHOWN,
) -> Shortlist[PlanItem]:
    """Open items due today or in the six days after (only ``owner``'s, or only the 1:1s and
    ride-alongs, when asked)."""
    conditions = [PlanItem.due_date >= today, PlanItem.due_date <= today + timedelta(days=6)]
    if owner:
        conditions.append(PlanItem.owner == owner)
    if meetings_only:
        conditions.append(PlanItem.kind.in_(MEETING_KINDS))
    return _shortlist(_items(plans, *conditions), shown)


def checkins_due(
    plans: ColumnElement[bool], today: date, *, shown: int = SHOWN
) -> Shortlist[CheckIn]:
    """Milestones due by the end of this week (or earlier) and not signed off, oldest first."""
    statement = (
        select(CheckIn)
        .join(OnboardingPlan, CheckIn.plan_id == OnboardingPlan.id)
        .where(
            *_active(plans),
            CheckIn.signed_off_at.is_(None),
            CheckIn.due_date <= today + timedelta(days=6),
        )
        .options(joinedload(CheckIn.plan).joinedload(OnboardingPlan.new_hire))
        .order_by(CheckIn.due_date, CheckIn.id)
    )
    return _shortlist(statement, shown)


def active_plans(
    plans: ColumnElement[bool], today: date, *, shown: int = SHOWN
) -> Shortlist[PlanSummary]:
    """The active plans matching ``plans``, oldest start first (only what a line about each
    shows: the new hire and the day of 90 or 180, known from its check-ins; no items)."""
    statement = (
        select(OnboardingPlan)
        .where(*_active(plans))
        .options(joinedload(OnboardingPlan.new_hire), selectinload(OnboardingPlan.checkins))
        .order_by(OnboardingPlan.start_date, OnboardingPlan.id)
    )
    found = _shortlist(statement, shown)
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
    overdue = and_(PlanItem.done_at.is_(None), PlanItem.due_date < today)
    counts = db.session.execute(
        select(
            PlanItem.plan_id,
            PlanItem.owner,
            func.count(),
            func.count(PlanItem.done_at),
            func.count(case((overdue, 1))),
            func.min(case((overdue, PlanItem.due_date))),
        )
        .where(PlanItem.plan_id.in_([p.id for p in plans]))
        .group_by(PlanItem.plan_id, PlanItem.owner)
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


def plan_page_statement(plans: ColumnElement[bool]) -> Select[Any]:
    """Active plans matching ``plans`` for a table, oldest start first, with the people and
    check-ins its rows show (pass it to ``pagination.paginate``, then ``standings``)."""
    return (
        select(OnboardingPlan)
        .where(*_active(plans))
        .options(
            joinedload(OnboardingPlan.new_hire),
            joinedload(OnboardingPlan.manager),
            joinedload(OnboardingPlan.buddy),
            selectinload(OnboardingPlan.checkins),
        )
        .order_by(OnboardingPlan.start_date, OnboardingPlan.id)
    )
