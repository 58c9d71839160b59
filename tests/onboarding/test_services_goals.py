"""Goals at the service level: adding (finite, positive targets), actuals, development goals."""

from __future__ import annotations

from datetime import date

import pytest

from hiring.domain import Conflict, DomainError
from hiring.onboarding.models import Goal
from hiring.onboarding.services import goals


def _add(world, target=10.0, version=None):
    return goals.add_goal(
        world.plan,
        expected_version=world.plan.version if version is None else version,
        outcome=" Ten calls ",
        metric="Calls run",
        target=target,
        unit="calls",
        due=date(2027, 2, 10),
        actor=world.manager,
    )


@pytest.mark.parametrize("target", [float("nan"), float("inf"), -1.0, 0.0])
def test_a_target_is_an_ordinary_positive_number(world, target):
    with pytest.raises(DomainError, match="positive number") as refused:
        _add(world, target=target)
    assert refused.value.field == "target"


def test_add_and_remove_check_the_version(world):
    stale = world.plan.version
    goal = _add(world)
    assert goal.outcome == "Ten calls" and goal.phase.value == "contribute"
    with pytest.raises(Conflict):
        goals.remove_goal(world.plan, goal, expected_version=stale, actor=world.manager)
    goals.remove_goal(world.plan, goal, expected_version=world.plan.version, actor=world.manager)
    assert goal not in world.plan.goals


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_actuals_are_refused(world, value):
    goal = world.plan.goals[0]
    with pytest.raises(DomainError, match="ordinary number"):
        goals.record_actual(goal, value=value, on=date(2027, 2, 1), note="", by=world.new_hire)
    assert goal.actuals == []


def test_one_actual_per_day(world):
    goal = world.plan.goals[0]
    goals.record_actual(goal, value=3, on=date(2027, 2, 1), note="", by=world.new_hire)
    goals.record_actual(goal, value=4, on=date(2027, 2, 1), note=" ok ", by=world.new_hire)
    assert [(a.value, a.note) for a in goal.actuals] == [(4, "ok")]


def test_the_manager_rewords_only_development_goals(world):
    plan = world.plan
    development = Goal(
        phase=plan.goals[0].phase,
        outcome="Strengthen Discovery",
        metric="m",
        target=3,
        unit="level",
        due_date=date(2027, 3, 8),
        competency_key="discovery",
        coaching_actions=["a"],
    )
    plan.goals.append(development)
    stale = plan.version
    with pytest.raises(DomainError, match="Only a development goal"):
        goals.reword_development_goal(
            plan,
            plan.goals[0],
            expected_version=stale,
            outcome="x",
            actions=[],
            actor=world.manager,
        )
    goals.reword_development_goal(
        plan,
        development,
        expected_version=stale,
        outcome="Sharper  discovery",
        actions=[" One ", "", "Two"],
        actor=world.manager,
    )
    assert development.outcome == "Sharper discovery"
    assert development.coaching_actions == ["One", "Two"]
    with pytest.raises(Conflict, match="reword Sharper discovery"):
        goals.reword_development_goal(
            plan, development, expected_version=stale, outcome="y", actions=[], actor=world.manager
        )
