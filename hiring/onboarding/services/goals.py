"""A plan's SMART goals, the actuals recorded against them, and the development goals the
manager rewords for the new hire. Edits check the plan's version first. Flush, never commit."""

from __future__ import annotations

import math
from datetime import date

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError, expect_version
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import Goal, GoalActual, OnboardingPlan
from hiring.onboarding.services.plans import phase_for_day, stale_message, touch


def record_actual(goal: Goal, *, value: float, on: date, note: str, by: User) -> GoalActual:
    """One value per goal and day: a second entry for the same day replaces the first."""
    if not math.isfinite(value):
        raise DomainError("Enter an ordinary number.", field="value")
    existing = next((a for a in goal.actuals if a.recorded_on == on), None)
    if existing is not None:
        existing.value = value
        existing.note = note.strip()
        actual = existing
    else:
        actual = GoalActual(recorded_on=on, value=value, note=note.strip(), recorded_by_id=by.id)
        goal.actuals.append(actual)
    db.session.flush()
    record(
        "onboarding.actual_recorded",
        goal,
        actor=by,
        object_type="onboarding_goals",
        label=goal.outcome,
        after={"on": on.isoformat(), "value": value},
    )
    return actual


def add_goal(
    plan: OnboardingPlan,
    *,
    expected_version: int,
    outcome: str,
    metric: str,
    target: float,
    unit: str,
    due: date,
    actor: User,
    owner: ItemOwner = ItemOwner.NEW_HIRE,
) -> Goal:
    """A SMART goal owned by the new hire, the manager or the buddy (whom the plan names)."""
    expect_version(plan, expected_version, stale_message(f"add the goal {outcome}"))
    if not outcome.strip() or not metric.strip():
        raise DomainError("Say the outcome and how it is measured.", field="outcome")
    if not math.isfinite(target) or target <= 0:
        raise DomainError("The target is a positive number.", field="target")
    if plan.owner_of(owner) is None:
        raise DomainError("This plan names no buddy yet: choose another owner.", field="owner")
    day = max((due - plan.start_date).days + 1, 1)
    goal = Goal(
        phase=phase_for_day(min(day, plan.last_day)),
        outcome=outcome.strip(),
        metric=metric.strip(),
        target=target,
        unit=unit.strip(),
        due_date=due,
        owner=owner,
    )
    plan.goals.append(goal)
    touch(plan)
    record(
        "onboarding.goal_added",
        plan,
        actor=actor,
        label=plan.title,
        after={"outcome": goal.outcome, "target": target, "owner": owner.value},
    )
    return goal


def remove_goal(plan: OnboardingPlan, goal: Goal, *, expected_version: int, actor: User) -> None:
    expect_version(plan, expected_version, stale_message(f"remove the goal {goal.outcome}"))
    plan.goals.remove(goal)
    touch(plan)
    record(
        "onboarding.goal_removed",
        plan,
        actor=actor,
        label=plan.title,
        before={"outcome": goal.outcome},
    )


def reword_development_goal(
    plan: OnboardingPlan,
    goal: Goal,
    *,
    expected_version: int,
    outcome: str,
    actions: list[str],
    actor: User,
) -> None:
    """The manager's own wording of a development goal: what the new hire reads."""
    expect_version(plan, expected_version, stale_message(f"reword {goal.outcome}"))
    if not goal.is_development:
        raise DomainError("Only a development goal is reworded this way.")
    if not outcome.strip():
        raise DomainError("Say what the new hire will get better at.", field="outcome")
    before = {"outcome": goal.outcome, "actions": list(goal.coaching_actions)}
    goal.outcome = " ".join(outcome.split())
    goal.coaching_actions = [a.strip() for a in actions if a.strip()]
    touch(plan)
    record(
        "onboarding.goal_reworded",
        plan,
        actor=actor,
        label=goal.outcome,
        before=before,
        after={"outcome": goal.outcome, "actions": goal.coaching_actions},
    )
