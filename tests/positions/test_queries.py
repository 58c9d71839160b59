"""Read-side helpers of positions: the current plan's stage names, for many positions at once."""

from __future__ import annotations

from hiring.db import db
from hiring.library.schema import StageKind
from hiring.positions.models import PlanRevision, PlanStage, Position
from hiring.positions.queries import current_stage_names


def test_current_stage_names_read_only_the_latest_revision(app, make_position, count_queries):
    first, second = make_position(), make_position(title="Second opening")
    with app.app_context():
        shipped = [s.name for s in db.session.get(Position, first.id).current_plan.stages]
        revised = PlanRevision(position_id=second.id, number=2)
        revised.stages = [
            PlanStage(position=0, name="Call", kind=StageKind.PHONE_SCREEN, duration_minutes=30),
            PlanStage(position=1, name="Panel", kind=StageKind.BEHAVIOURAL, duration_minutes=60),
        ]
        db.session.add(revised)
        db.session.commit()
        with count_queries() as queries:
            names = current_stage_names([second.id, first.id, first.id, 999_999])
    assert names == {first.id: shipped, second.id: ["Call", "Panel"], 999_999: []}
    assert queries.count == 1
    with app.app_context():
        assert current_stage_names([]) == {}


def test_candidate_list_names_stages_from_the_current_plan(
    app, client, login, make_position, add_application
):
    position = make_position()
    add_application(position=position, stage_index=1)
    with app.app_context():
        revised = PlanRevision(position_id=position.id, number=2)
        revised.stages = [
            PlanStage(position=0, name="Intro", kind=StageKind.PHONE_SCREEN, duration_minutes=30),
            PlanStage(position=1, name="Deep dive", kind=StageKind.ROLE_PLAY, duration_minutes=60),
        ]
        db.session.add(revised)
        db.session.commit()
    login(roles=["recruiter"])
    page = client.get("/candidates/").get_data(as_text=True)
    assert "· Deep dive" in page
