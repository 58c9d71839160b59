"""An interview may last up to eight hours (the scheduling form's cap): one still running is
upcoming, never a scorecard due, however long ago it started (#14 review)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.interviews.models import LONGEST_INTERVIEW_MINUTES, InterviewInterviewer
from hiring.interviews.services import schedule_interview
from hiring.positions.models import Position
from hiring.scorecards.mine import my_interview_page, my_interviews
from tests import builders

HOUR = timedelta(hours=1)


def test_a_six_hour_interview_is_due_only_once_it_has_ended(
    app, client, login, make_user, make_application
):
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    running = make_application(name="Still Running")
    ended = make_application(name="Long Over")
    with app.app_context():
        now_running = builders.interview(running, [jamie], starts_in=-5 * HOUR, minutes=360)
        over = builders.interview(ended, [jamie], starts_in=-7 * HOUR, minutes=360)
        me = db.session.get(User, jamie.id)
        mine = my_interviews(me)
        assert [i.interview.id for i in mine.due] == [over.id] and mine.due_count == 1
        assert [i.interview.id for i in mine.upcoming] == [now_running.id]
        due_page, total = my_interview_page(me, "due", 1, 10)
        assert [i.interview.id for i in due_page] == [over.id] and total == 1
    login(jamie)
    page = client.get("/interviews/mine").get_data(as_text=True)
    assert "Scorecards due (1)" in page and "Upcoming (1)" in page
    due = client.get("/interviews/mine/due").get_data(as_text=True)
    assert "Long Over" in due and "Still Running" not in due


def test_no_interview_is_booked_longer_than_the_longest(app, make_user, make_application):
    jamie = make_user(roles=["interviewer"])
    application = make_application()
    with app.app_context():
        position = db.session.get(Position, application.position_id)
        person = db.session.get(User, jamie.id)
        with pytest.raises(DomainError, match="at most 480 minutes"):
            schedule_interview(
                db.session.get(Application, application.id),
                position.current_plan.stages[1],
                starts_at=utcnow() + 24 * HOUR,
                time_zone="America/Chicago",
                duration_minutes=LONGEST_INTERVIEW_MINUTES + 1,
                location="",
                video_link="",
                interviewers=[person],
                actor=person,
            )


def test_my_interviews_reads_its_lists_and_only_the_names_their_rows_show(
    app, make_user, make_application, count_queries
):
    """Counts, the ids of each list, those interviews with their candidate's, position's and
    stage's names as columns, then the panels' names: four statements whatever the history,
    and no candidate, position, stage or colleague loaded as an object (loading them cost
    several times the rows' query on a full page)."""
    jamie, sam = make_user(roles=["interviewer"]), make_user(roles=["interviewer"])
    shadow = make_user(roles=["interviewer"], name="Ada Shadow")
    with app.app_context():
        for hours in (-30, -5, 20, 40):
            booked = builders.interview(make_application(), [jamie, sam], starts_in=hours * HOUR)
        db.session.add(InterviewInterviewer(interview_id=booked.id, user_id=shadow.id, shadow=True))
        db.session.commit()
        db.session.expunge_all()
        me = db.session.get(User, jamie.id)
        with count_queries() as ran:
            mine = my_interviews(me)
        rows = [*mine.due, *mine.upcoming]
        assert len(ran.statements) == 4
        assert {tuple(row.panel) for row in rows} == {tuple(sorted((jamie.name, sam.name)))}
        assert [row.shadows for row in rows].count(["Ada Shadow"]) == 1
        assert all(row.candidate_name and row.position_title and row.stage_name for row in rows)
        loaded = {type(thing).__name__ for thing in db.session.identity_map.values()}
        assert loaded.isdisjoint({"Candidate", "Position", "PlanStage", "Application"}), loaded
        assert mine.due_count == 2 and mine.upcoming_count == 2
