"""Plans at the service level: creating one from a template, its refusals, moving the start."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from hiring.db import utcnow
from hiring.domain import Conflict, DomainError
from hiring.onboarding.services import plans
from tests.builders import PLAN_START as START
from tests.builders import PLAN_TEMPLATE as TEMPLATE


def test_a_plan_holds_the_template_weekly_one_on_ones_and_three_check_ins(world):
    plan = world.plan
    titles = {i.title for i in plan.items}
    assert {"Product certification", "Meet the team", "First demo"} <= titles
    assert any(i.generated and i.title == "Weekly 1:1, week 1" for i in plan.items)
    assert [c.milestone for c in plan.checkins] == [30, 60, 90]
    assert [g.outcome for g in plan.goals] == ["Run discovery calls"]
    cert = next(i for i in plan.items if i.title == "Product certification")
    assert cert.due_date == date(2027, 1, 13) and cert.evidence_required
    assert world.new_hire.manager_id == world.manager.id


def test_preview_dates_every_item_before_anything_is_stored(world):
    preview = plans.preview(TEMPLATE, date(2027, 1, 18))
    assert preview[0].due_date >= date(2027, 1, 18)
    assert len(preview) == len(world.plan.items)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"manager": "new_hire"}, "manager_id"),
        ({"buddy": "manager"}, "buddy_id"),
        ({"start": date(9999, 1, 4)}, "start_date"),
    ],
)
def test_create_refuses_impossible_plans(world, change, field):
    people = {"manager": world.manager, "new_hire": world.new_hire}
    values = {
        "new_hire": world.outsider,
        "manager": world.manager,
        "buddy": None,
        "start": START,
    }
    for key, value in change.items():
        values[key] = people.get(value, value) if isinstance(value, str) else value
    if change.get("manager") == "new_hire":
        values["new_hire"] = world.new_hire
    with pytest.raises(DomainError) as refused:
        plans.create_plan(
            template=TEMPLATE, template_source="t", title="T", actor=world.manager, **values
        )
    assert refused.value.field == field


def test_moving_the_start_shifts_open_items_and_checks_the_version(world):
    plan = world.plan
    done = next(i for i in plan.items if i.title == "Product certification")
    done_due = done.due_date
    done.done_at = utcnow()
    demo = next(i for i in plan.items if i.title == "First demo")
    demo_due = demo.due_date
    checkin_dues = [c.due_date for c in plan.checkins]
    with pytest.raises(Conflict, match="The plan changed since you opened it"):
        plans.move_start(
            plan, date(2027, 1, 18), expected_version=plan.version - 1, actor=world.manager
        )
    moved = plans.move_start(
        plan, date(2027, 1, 18), expected_version=plan.version, actor=world.manager
    )
    assert moved == len(plan.items) - 1
    assert done.due_date == done_due
    assert demo.due_date == demo_due + timedelta(days=7)
    assert [c.due_date for c in plan.checkins] == [d + timedelta(days=7) for d in checkin_dues]
