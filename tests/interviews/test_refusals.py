"""Refusals of the interview pages: a too-long entry is said beside its field, shown again as
typed, and nothing is booked or cancelled."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from hiring.db import db
from hiring.interviews.models import Interview
from hiring.positions.models import Position
from tests import builders


@pytest.mark.parametrize(
    ("field", "limit", "message"),
    [
        ("location", 300, "The location can be at most 300 characters."),
        ("video_link", 500, "The video link can be at most 500 characters."),
    ],
)
def test_a_too_long_location_or_video_link_books_nothing(
    app, client, login, make_user, make_application, field, limit, message
):
    login(roles=["recruiter"])
    jamie = make_user(roles=["interviewer"])
    application = make_application()
    with app.app_context():
        stage_id = db.session.get(Position, application.position_id).current_plan.stages[0].id
    typed = "https://meet.example/" + "x" * limit
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": "2026-07-14",
            "time": "14:30",
            "time_zone": "UTC",
            "duration_minutes": 45,
            "interviewers": [jamie.id],
            field: typed,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page and html.escape(typed) in page
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Interview)) == 0


def test_a_too_long_cancel_reason_comes_back_beside_the_field(
    app, client, login, make_user, schedule
):
    interview = schedule([make_user(roles=["interviewer"])])
    login(roles=["recruiter"])
    reason = "Candidate <withdrew> " + "x" * 300
    response = client.post(f"/interviews/{interview.id}/cancel", data={"reason": reason})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="reason-error">The reason can be at most 300 characters.' in page
    assert f'value="{html.escape(reason)}"' in page
    with app.app_context():
        assert db.session.get(Interview, interview.id).status.value == "scheduled"


def test_a_cancelled_interview_offers_neither_cancelling_nor_its_scorecard(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    with app.app_context():
        application_id = db.session.get(Interview, interview.id).application_id
    pages = (f"/interviews/{interview.id}", f"/applications/{application_id}")
    jamies = app.test_client()
    builders.log_in(jamies, jamie)
    assert all("your scorecard" in jamies.get(url).text for url in pages)
    login(roles=["recruiter"])
    assert "Cancel interview" in client.get(f"/interviews/{interview.id}").text
    client.post(f"/interviews/{interview.id}/cancel", data={"reason": "Candidate ill"})
    assert "Cancel interview" not in client.get(f"/interviews/{interview.id}").text
    again = client.post(f"/interviews/{interview.id}/cancel", data={}, follow_redirects=True)
    assert again.status_code == 200  # cancelling twice is no error
    assert not any("your scorecard" in jamies.get(url).text for url in pages)
