"""A start time the clocks skip (2:30 on the night Chicago's summer time starts) is refused
beside the time field, never silently moved to 3:30."""

from __future__ import annotations

from sqlalchemy import select

from hiring.db import db
from hiring.interviews.models import Interview
from hiring.positions.models import Position


def test_a_start_in_the_spring_forward_gap_is_refused(app, client, login, make_application):
    scheduler = login(roles=["recruiter"], time_zone="America/Chicago")
    application = make_application()
    with app.app_context():
        stage_id = db.session.get(Position, application.position_id).current_plan.stages[1].id
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": "2027-03-14",
            "time": "02:30",
            "time_zone": "America/Chicago",
            "duration_minutes": 45,
            "interviewers": [scheduler.id],
        },
    )
    assert response.status_code in (200, 400)
    page = response.get_data(as_text=True)
    message = "02:30 does not exist on 14 Mar 2027 in Chicago"
    assert message in page
    around = page[: page.index(message)]
    assert around.rindex('name="time"') > around.rindex('name="date"')  # beside the time
    with app.app_context():
        assert db.session.scalars(select(Interview)).first() is None
