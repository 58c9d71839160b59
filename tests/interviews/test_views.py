"""Scheduling interviews, invitations, my interviews and the pinned kit."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from icalendar import Calendar
from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.mail.models import OutboxMessage
from hiring.positions.models import PlanRevision, Position
from hiring.scorecards.models import Scorecard


def test_recruiter_schedules_an_interview_in_a_time_zone(
    app, client, login, make_user, make_application, qualify
):
    recruiter = login(roles=["recruiter"], name="Riley Brooks")
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    qualify(jamie, sam)
    application = make_application(name="Casey Nguyen")
    page = client.get(f"/interviews/schedule/{application.id}").get_data(as_text=True)
    assert "Schedule an interview" in page and "1. Screen" in page
    with app.app_context():
        stage = db.session.get(Position, application.position_id).current_plan.stages[1]
        stage_id = stage.id
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": "2026-07-14",
            "time": "14:30",
            "time_zone": "America/Chicago",
            "duration_minutes": 60,
            "location": "",
            "video_link": "https://meet.example/abc",
            "interviewers": [jamie.id, sam.id],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        # 14:30 in Chicago in July (CDT, UTC-5) is 19:30 UTC.
        assert interview.starts_at == datetime(2026, 7, 14, 19, 30, tzinfo=UTC)
        assert interview.time_zone == "America/Chicago"
        assert interview.stage_id == stage_id
        cards = db.session.scalars(select(Scorecard).order_by(Scorecard.interviewer_id)).all()
        assert [(c.interviewer_id, c.status.value) for c in cards] == [
            (jamie.id, "draft"),
            (sam.id, "draft"),
        ]
        assert db.session.get(PlanRevision, stage.revision_id).locked_at is not None
        application_row = db.session.get(Application, application.id)
        assert application_row.stage_index == 1
        kinds = [e.kind for e in db.session.scalars(select(ApplicationEvent))]
        assert kinds == ["moved", "interview_scheduled"]
        messages = db.session.scalars(
            select(OutboxMessage).order_by(OutboxMessage.to_address)
        ).all()
        assert [m.to_address for m in messages] == sorted([jamie.email, sam.email])
        assert f"/interviews/{interview.id}/kit" in messages[0].body_text
        assert "Tue 14 Jul 2026, 14:30 CDT" in messages[0].subject
    assert recruiter


def test_schedule_validation(client, login, make_application, app):
    login(roles=["recruiter"])
    application = make_application()
    with app.app_context():
        stage_id = db.session.get(Position, application.position_id).current_plan.stages[0].id
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": "2026-07-14",
            "time": "",
            "time_zone": "UTC",
            "duration_minutes": 5,
            "video_link": "meet.example/abc",
        },
    )
    page = response.get_data(as_text=True)
    assert "Choose the start time, like 14:30." in page
    assert "Between 10 and 480 minutes." in page
    assert "Assign at least one interviewer." in page


def test_closed_applications_cannot_be_scheduled(app, client, login, make_user, make_application):
    login(roles=["recruiter"])
    person = make_user(roles=["interviewer"])
    application = make_application()
    with app.app_context():
        row = db.session.get(Application, application.id)
        row.status = "rejected"
        db.session.commit()
        stage_id = row.position.current_plan.stages[0].id
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": "2026-07-14",
            "time": "10:00",
            "time_zone": "UTC",
            "duration_minutes": 30,
            "interviewers": [person.id],
        },
    )
    assert "This application is rejected; reactivate it first." in response.get_data(as_text=True)


def test_only_staff_of_the_position_schedule(client, login, make_application):
    application = make_application()
    for roles in (["interviewer"], ["new_hire"], ["hiring_manager"]):
        login(roles=roles)
        assert client.get(f"/interviews/schedule/{application.id}").status_code == 403
        client.post("/logout")


def test_invite_ics_links_to_the_kit(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    interview = schedule([jamie], starts_in=timedelta(days=3))
    login(jamie)
    response = client.get(f"/interviews/{interview.id}/invite.ics")
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["summary"]).startswith("Interview: Casey Candidate")
    assert f"http://localhost/interviews/{interview.id}/kit" in str(event["description"])
    assert event.decoded("dtstart").tzinfo is not None
    assert str(event.decoded("dtstart").tzinfo) == "America/Chicago"
    assert [
        str(a)
        for a in (
            event.get("attendee")
            if isinstance(event.get("attendee"), list)
            else [event.get("attendee")]
        )
    ] == [f"mailto:{jamie.email}"]
    assert calendar.walk("VTIMEZONE"), "the invitation carries its time zone definition"


def test_interview_pages_only_for_assigned_interviewers_and_staff(
    client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    stranger = make_user(roles=["interviewer"])
    interview = schedule([jamie])
    login(stranger)
    for url in (
        f"/interviews/{interview.id}",
        f"/interviews/{interview.id}/kit",
        f"/interviews/{interview.id}/invite.ics",
    ):
        assert client.get(url).status_code == 403, url
    assert client.get(f"/interviews/{interview.id}/scorecard").status_code == 404
    assert client.get("/interviews/99999").status_code == 404


def test_interview_pages_read_no_card_contents(client, login, panel, count_queries):
    """Beside an interview each card is one line (who, status, recommendation): its ratings,
    notes and amendments are never read, and the interviewers come with the cards."""
    login(panel.manager)
    pages = (f"/interviews/{panel.interview.id}", f"/applications/{panel.application.id}")
    for url in pages:
        client.get(url)
        with count_queries() as queries:
            page = client.get(url).get_data(as_text=True)
        assert "Jamie Ortiz" in page and "Sam Rivera" in page, url
        for table in ("scorecard_ratings", "scorecard_notes", "scorecard_amendments"):
            assert not any(f"FROM {table}" in s for s in queries.statements), (url, table)
        reads = [s for s in queries.statements if re.search(r"FROM scorecards\b", s)]
        assert len(reads) == 1, (url, reads)


def test_my_interviews_lists_due_overdue_first_then_upcoming(
    client, login, make_user, schedule, count_queries
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    schedule([jamie], starts_in=timedelta(hours=-3))  # due, not overdue
    schedule([jamie], starts_in=timedelta(days=-3))  # overdue
    schedule([jamie], starts_in=timedelta(days=2))  # upcoming
    login(jamie)
    with count_queries() as few:
        page = client.get("/interviews/mine").get_data(as_text=True)
    assert "Scorecards due (2)" in page and "Upcoming (1)" in page
    assert page.index("Overdue") < page.index("Fill scorecard")
    for _ in range(5):
        schedule([jamie], starts_in=timedelta(days=-1, hours=-2))
        schedule([jamie], starts_in=timedelta(days=4))
    with count_queries() as many:
        page = client.get("/interviews/mine").get_data(as_text=True)
    assert "Scorecards due (7)" in page
    assert many.count == few.count, many


def test_the_kit_is_the_revision_the_interview_used(app, client, login, make_user, schedule):
    jamie = make_user(roles=["interviewer"])
    interview = schedule([jamie], stage=0)
    with app.app_context():
        position = db.session.get(Position, interview.position_id)
        first_question = position.current_plan.stages[0].questions[0].question.text
        # The plan changes after the interview was booked: a new revision, new first question.
        from hiring.auth.models import User
        from hiring.positions import plan_edits
        from hiring.positions import plans as plan_services

        actor = db.session.get(User, position.hiring_manager_id)
        edit = plan_services.PlanEdit(
            position, expected_version=position.current_plan.version, actor=actor
        )
        plan_edits.move_question(edit, edit.source.stages[0].questions[0].id, 1)
        db.session.commit()
        assert db.session.get(Position, interview.position_id).current_plan.number == 2
    login(jamie)
    page = client.get(f"/interviews/{interview.id}/kit").get_data(as_text=True)
    assert "plan revision 1" in page
    kit_questions = page.split('class="card kit-question"')[1:]
    assert first_question in kit_questions[0]


def test_cancelling_records_the_reason_and_keeps_submitted_cards(
    app, client, login, make_user, schedule
):
    jamie = make_user(roles=["interviewer"])
    recruiter = make_user(roles=["recruiter"])
    first = schedule([jamie], starts_in=timedelta(days=2))
    second = schedule([jamie], starts_in=timedelta(days=3))
    login(recruiter)
    too_long = client.post(
        f"/interviews/{first.id}/cancel", data={"reason": "x" * 301}, follow_redirects=True
    )
    assert "The reason can be at most 300 characters." in too_long.get_data(as_text=True)
    done = client.post(
        f"/interviews/{first.id}/cancel", data={"reason": "Candidate ill"}, follow_redirects=True
    )
    assert "Interview cancelled." in done.get_data(as_text=True)
    with app.app_context():
        card = db.session.scalar(select(Scorecard).where(Scorecard.interview_id == second.id))
        card.status = "submitted"
        db.session.commit()
        reasons = [e.reason for e in db.session.scalars(select(ApplicationEvent))]
        assert "Candidate ill" in reasons and "x" * 301 not in reasons
    kept = client.post(f"/interviews/{second.id}/cancel", data={}, follow_redirects=True)
    assert "A scorecard for this interview is already submitted; it stays." in kept.get_data(
        as_text=True
    )
    with app.app_context():
        assert db.session.get(Interview, second.id).status.value == "scheduled"
        assert db.session.get(Interview, first.id).status.value == "cancelled"
