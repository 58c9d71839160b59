"""Plan editing at the service level: each edit, the coverage it leaves, and refusals."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hiring.auth.models import User
from hiring.db import db
from hiring.domain import Conflict, DomainError
from hiring.library.schema import StageKind
from hiring.positions import plan_edits, plans
from hiring.positions.models import PlanRevision, Position


@pytest.fixture
def opened(app, make_position):
    ref = make_position()
    with app.app_context():
        position = db.session.get(Position, ref.id)
        yield position, db.session.get(User, position.hiring_manager_id)


def _edit(position, actor, change):
    return plans.edit_plan(
        position, change, expected_version=position.current_plan.version, actor=actor
    )


def _names(position):
    return [s.name for s in position.current_plan.stages]


def test_add_move_and_remove_stages(opened):
    position, actor = opened
    added = _edit(
        position,
        actor,
        lambda e: plan_edits.add_stage(
            e, name="  Panel\n interview ", kind=StageKind.BEHAVIOURAL, duration_minutes=45
        ),
    )
    assert added.value.name == "Panel interview" and added.notice is None
    assert _names(position) == ["Screen", "Behavioural", "Role Play", "Panel interview"]
    _edit(position, actor, lambda e: plan_edits.move_stage(e, added.value.id, -1))
    assert _names(position) == ["Screen", "Behavioural", "Panel interview", "Role Play"]
    first = position.current_plan.stages[0].id
    _edit(position, actor, lambda e: plan_edits.move_stage(e, first, -1))  # already first: stays
    _edit(position, actor, lambda e: plan_edits.remove_stage(e, first))
    assert _names(position) == ["Behavioural", "Panel interview", "Role Play"]
    assert [s.position for s in position.current_plan.stages] == [0, 1, 2]


def test_coverage_follows_the_edits(opened):
    position, actor = opened
    assert plans.plan_coverage(position, position.current_plan).warnings == []
    for stage_id in [s.id for s in position.current_plan.stages][1:]:
        _edit(position, actor, lambda e, sid=stage_id: plan_edits.remove_stage(e, sid))
    messages = [w.message for w in plans.plan_coverage(position, position.current_plan).warnings]
    assert any("is a must-have but only one stage assesses it" in m for m in messages)


def test_a_stale_version_is_a_conflict_and_changes_nothing(opened):
    position, actor = opened
    stale = position.current_plan.version
    stage_id = position.current_plan.stages[0].id
    _edit(position, actor, lambda e: plan_edits.move_stage(e, stage_id, 1))
    with pytest.raises(Conflict, match="The plan changed since you opened it"):
        plans.edit_plan(
            position,
            lambda e: plan_edits.remove_stage(e, stage_id),
            expected_version=stale,
            actor=actor,
        )
    assert len(position.current_plan.stages) == 3


def test_refusals_name_their_field(opened):
    position, actor = opened
    stage = position.current_plan.stages[0]
    question_id = stage.questions[0].question_id
    with pytest.raises(DomainError, match="already in this stage") as duplicate:
        _edit(position, actor, lambda e: plan_edits.add_question(e, stage.id, question_id))
    assert duplicate.value.field == "question_id" and not isinstance(duplicate.value, Conflict)
    with pytest.raises(DomainError, match="no longer in the plan"):
        _edit(position, actor, lambda e: plan_edits.remove_stage(e, 2**31 - 1))


def test_an_edit_of_a_plan_in_use_starts_a_new_revision(opened):
    position, actor = opened
    plans.lock_revision(position.current_plan)
    stage_id = position.current_plan.stages[0].id
    done = _edit(position, actor, lambda e: plan_edits.move_stage(e, stage_id, 1))
    assert done.notice is not None and "starts revision 2" in done.notice
    assert [r.number for r in position.plan_revisions] == [1, 2]
    assert _names(position) == ["Behavioural", "Screen", "Role Play"]


def test_two_edits_starting_the_same_revision_are_a_conflict(opened):
    position, actor = opened
    plans.lock_revision(position.current_plan)
    db.session.commit()
    version = position.current_plan.version
    # The other edit's revision 2 is in first (this session still sees revision 1 as current).
    db.session.add(PlanRevision(position_id=position.id, number=2))
    db.session.flush()
    with pytest.raises(Conflict, match="Someone else changed the plan at the same moment"):
        plans.PlanEdit(position, expected_version=version, actor=actor)
    db.session.rollback()
    assert db.session.scalar(select(func.count(PlanRevision.id))) == 1
