"""Two saves of one plan at the same moment: the database notices (a stale version counter)
and onboarding says so in its own words, applying nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from hiring.db import db
from hiring.domain import Conflict
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.services import goals, items, plans


def _someone_else_saves(plan):
    """Another transaction moved the plan's version after this one loaded it (the check
    against the page's version passed: both pages were fresh)."""
    db.session.execute(
        text("UPDATE onboarding_plans SET version = version + 1 WHERE id = :id"), {"id": plan.id}
    )


def test_moving_the_start_at_the_same_moment_says_move_it_again(world):
    plan = world.plan
    _someone_else_saves(plan)
    with pytest.raises(Conflict) as raced:
        plans.move_start(
            plan, date(2027, 1, 18), expected_version=plan.version, actor=world.manager
        )
    assert raced.value.message == (
        "The plan changed at the same moment; review it and move the start date again."
    )


@pytest.mark.parametrize(
    "edit",
    [
        lambda w: items.add_item(
            w.plan,
            expected_version=w.plan.version,
            title="Visit the warehouse",
            description="",
            kind=ItemKind.SHADOWING,
            owner=ItemOwner.NEW_HIRE,
            due=date(2027, 1, 25),
            evidence_required=False,
            actor=w.manager,
        ),
        lambda w: goals.remove_goal(
            w.plan, w.plan.goals[0], expected_version=w.plan.version, actor=w.manager
        ),
    ],
    ids=["add an item", "remove a goal"],
)
def test_an_edit_at_the_same_moment_is_not_applied(world, edit):
    _someone_else_saves(world.plan)
    with pytest.raises(Conflict) as raced:
        edit(world)
    assert raced.value.message == (
        "Someone changed the plan at the same moment; your change was not applied."
    )
