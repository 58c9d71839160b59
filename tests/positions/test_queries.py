"""Read-side helpers of positions: the current plan's stage names, for many positions at once."""

from __future__ import annotations

from hiring.db import db
from hiring.library.schema import StageKind
from hiring.positions.models import PlanRevision, PlanStage, Position
from hiring.positions.queries import current_stage_names


def _revise(position_id: int, *names: str) -> None:
    """A second revision of the position's plan with stages named ``names``."""
    revised = PlanRevision(position_id=position_id, number=2)
    revised.stages = [
        PlanStage(position=n, name=name, kind=StageKind.BEHAVIOURAL, duration_minutes=45)
        for n, name in enumerate(names)
    ]
    db.session.add(revised)
    db.session.commit()


def test_current_stage_names_read_only_the_latest_revision(app, make_position, count_queries):
    first, second = make_position(), make_position(title="Second opening")
    with app.app_context():
        shipped = [s.name for s in db.session.get(Position, first.id).current_plan.stages]
        _revise(second.id, "Call", "Panel")
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
        _revise(position.id, "Intro", "Deep dive")
    login(roles=["recruiter"])
    page = client.get("/candidates/").get_data(as_text=True)
    assert "· Deep dive" in page
