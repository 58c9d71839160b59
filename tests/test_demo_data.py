"""The demo reads like a real sales team: every piece of evidence is that interviewer's own
notes on that candidate, never a stock or anchor sentence; the debrief shows the panel's
disagreements side by side; KPI actuals that count things are whole numbers."""

from __future__ import annotations

import re
from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from freezegun import freeze_time
from sqlalchemy import func, select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.coaching.models import (
    ActionItem,
    CallRole,
    MeetingStatus,
    MotivatorProfile,
    OneOnOne,
    RideAlong,
    SupportPlan,
    SupportStatus,
)
from hiring.db import db, utcnow
from hiring.demo import DemoDataError
from hiring.demo_coaching import series_days
from hiring.demo_new_hire import record_actuals
from hiring.library.models import Competency, Question
from hiring.onboarding.models import Goal, GoalActual, OnboardingPlan
from hiring.scorecards.models import (
    Scorecard,
    ScorecardNote,
    ScorecardRating,
    ScorecardStatus,
)

#: Goals that are measures rather than counts (hiring/demo_data/new_hire.toml).
MEASURED_UNITS = {"percent", "times quota"}


@pytest.fixture
def seeded(demo_app: Flask) -> Flask:
    return demo_app


@pytest.fixture
def client(demo_client: FlaskClient) -> FlaskClient:
    return demo_client


def test_every_piece_of_evidence_is_distinct_and_none_is_an_anchor(seeded: Flask) -> None:
    with seeded.app_context():
        rated = select(ScorecardRating).where(ScorecardRating.not_assessed.is_(False))
        ratings = db.session.scalars(rated).all()
        evidence = [r.evidence for r in ratings]
        assert len(evidence) > 50
        assert all(text.strip() for text in evidence)
        assert len(set(evidence)) == len(evidence)
        anchors = {
            text for c in db.session.scalars(select(Competency)) for text in c.anchors.values()
        }
        anchors |= {text for q in db.session.scalars(select(Question)) for text in q.anchors}
        assert len(anchors) > 40
        assert not anchors & set(evidence)
        summaries = db.session.scalars(
            select(Scorecard.summary).where(Scorecard.status == ScorecardStatus.SUBMITTED)
        ).all()
        assert all(summaries) and len(set(summaries)) == len(summaries)
        notes = db.session.scalars(select(ScorecardNote)).all()
        assert notes and len({(n.situation, n.action) for n in notes}) == len(notes)


def _application_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(Application.id).join(Candidate).where(Candidate.name == name)
        )
    assert found is not None
    return found


def _sign_in(client: FlaskClient, email: str) -> None:
    response = client.post("/login", data={"email": email, "password": "demo"})
    assert response.status_code == 302


def test_the_debrief_shows_a_split_panel_with_each_interviewers_reasons(
    seeded: Flask, client: FlaskClient
) -> None:
    """Marcus Bell's role-play split the panel on discovery: Priya scored the call he ran
    (he pitched at minute four), Jamie the retry and a real example. Sam's amended card says
    why it changed. (Morgan, who owes the deal review, may not see it yet: the recruiter reads.)"""
    _sign_in(client, "recruiter@example.com")
    page = client.get(f"/applications/{_application_id(seeded, 'Marcus Bell')}/debrief")
    text = page.get_data(as_text=True).replace("&#39;", "'")
    assert page.status_code == 200
    assert "from minute four he described the scheduling module" in text
    assert "Retry was the strongest discovery of the loop" in text
    assert "Amended after re-reading my notes" in text
    assert "Specific, recent example with numbers" not in text


def test_count_kpis_have_whole_number_actuals(seeded: Flask, client: FlaskClient) -> None:
    with seeded.app_context():
        rows = db.session.execute(
            select(Goal.unit, GoalActual.value).join(GoalActual, GoalActual.goal_id == Goal.id)
        ).all()
        plan_id = db.session.scalar(select(func.min(OnboardingPlan.id)))
    counted = [value for unit, value in rows if unit not in MEASURED_UNITS]
    assert counted and all(value == int(value) for value in counted)
    _sign_in(client, "newhire@example.com")
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "6 calls so far" in page
    assert not re.search(r"\b0?\.\d+ (calls|opportunities|proposals|deals) so far", page)


def test_the_demo_refuses_a_fraction_of_a_counted_kpi(seeded: Flask) -> None:
    with seeded.app_context():
        plan = db.session.scalars(
            select(OnboardingPlan)
            .join(User, User.id == OnboardingPlan.new_hire_id)
            .where(User.email == "newhire@example.com")
        ).one()
        spec = {"actuals": {"Close the first deal": [[0, 0.3]]}, "measured_units": ["percent"]}
        with pytest.raises(DemoDataError, match=r"0\.3 is not a count"):
            record_actuals(plan, spec, by=plan.new_hire)


def _user_id(app: Flask, email: str) -> int:
    with app.app_context():
        found = db.session.scalar(select(User.id).where(User.email == email))
    assert found is not None
    return found


def test_noahs_coaching_tells_four_months_of_one_on_ones_and_ride_alongs(
    seeded: Flask, client: FlaskClient
) -> None:
    """Noah, about four months in: sixteen 1:1s held on his weekly cadence (one cancelled,
    the next one scheduled with his topic first), a demonstration call and an observe-only
    ride-along debriefed after his own assessment, a third planned, and his motivators twice."""
    noah = _user_id(seeded, "newhire@example.com")
    with seeded.app_context():
        meetings = db.session.scalars(select(OneOnOne).where(OneOnOne.rep_id == noah)).all()
        held = [m for m in meetings if m.status == MeetingStatus.HELD]
        assert len(held) == 16
        assert all(m.held_at is not None and m.held_at < utcnow() for m in held)
        assert all(m.deal_coaching or m.skill_coaching for m in held)
        assert all(m.topics and m.topics[0].author_id == noah for m in held)
        assert sum(m.status == MeetingStatus.CANCELLED for m in meetings) == 1
        upcoming = [m for m in meetings if m.status == MeetingStatus.SCHEDULED]
        assert len(upcoming) == 1 and upcoming[0].topics[0].author_id == noah
        rides = db.session.scalars(
            select(RideAlong).where(RideAlong.rep_id == noah).order_by(RideAlong.scheduled_at)
        ).all()
        assert [r.status for r in rides] == [MeetingStatus.HELD] * 2 + [MeetingStatus.SCHEDULED]
        assert [r.manager_role for r in rides[:2]] == [CallRole.DEMONSTRATE, CallRole.OBSERVE]
        assert all(r.rep_assessed_at and r.rep_assessed_at < r.debriefed_at for r in rides[:2])
        assert not rides[0].ratings and [x.score for x in rides[1].ratings] == [3]
        actions = db.session.scalars(select(ActionItem).where(ActionItem.rep_id == noah)).all()
        still_open = [a for a in actions if not a.done]
        assert len(actions) > 15 and len(still_open) == 3
        assert sum(a.due_on < utcnow().date() for a in still_open) == 1
        assert any(a.ride_along_id for a in actions)
        assert (
            len(
                db.session.scalars(
                    select(MotivatorProfile).where(MotivatorProfile.rep_id == noah)
                ).all()
            )
            == 2
        )

    _sign_in(client, "manager@example.com")
    page = client.get(f"/coaching/people/{noah}").get_data(as_text=True)
    assert "18 in all" in page  # 16 held, 1 cancelled, the next one
    assert "3 ride-alongs" in page and "Mentoring" in page
    assert "Find the worry behind the question before answering it" in page
    assert "Mastery" in page and "Earlier rankings (1)" in page
    assert "Update the Halvorsen deal map" in page and "Overdue" in page


def test_noahs_check_ins_were_at_risk_at_day_60_and_recovered_by_day_90(
    seeded: Flask, client: FlaskClient
) -> None:
    with seeded.app_context():
        plan = db.session.scalars(
            select(OnboardingPlan)
            .join(User, User.id == OnboardingPlan.new_hire_id)
            .where(User.email == "newhire@example.com")
        ).one()
        ratings = {c.milestone: c for c in plan.checkins}
        assert all(ratings[m].signed_off_at for m in (30, 60, 90))
        assert ratings[60].manager_rating and ratings[60].manager_rating.value == "at_risk"
        assert ratings[90].manager_rating and ratings[90].manager_rating.value == "on_track"
        assert ratings[120].new_hire_rating and ratings[120].manager_rating is None
        assert {r.competency_key: r.score for r in ratings[90].competency_ratings}[
            "objection_handling"
        ] == 3
        scored = [i for i in plan.items if i.competency_key]
        assert scored and all(i.score and i.assessor_id for i in scored)
        assert 100 < (utcnow().date() - plan.start_date).days < 125
        plan_id = plan.id
    _sign_in(client, "newhire@example.com")
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "Ramp" in page


def test_lenas_support_plan_runs_with_three_check_ins_both_acknowledged(
    seeded: Flask, client: FlaskClient
) -> None:
    lena = _user_id(seeded, "lena.park@example.com")
    with seeded.app_context():
        plan = db.session.scalars(select(SupportPlan).where(SupportPlan.rep_id == lena)).one()
        assert plan.status == SupportStatus.ACTIVE and plan.checkin is not None
        assert plan.checkin.milestone == 60
        assert plan.checkin.manager_rating and plan.checkin.manager_rating.value == "off_track"
        assert plan.checkin.new_hire_rating and plan.checkin.new_hire_rating.value == "off_track"
        assert len(plan.expectations) == 3 and len(plan.checkins) == 3
        assert plan.hr_informed_at and plan.manager_acknowledged_at and plan.rep_acknowledged_at
        assert 18 <= (utcnow().date() - plan.starts_on).days <= 28
        assert (plan.ends_on - plan.starts_on).days == 60
        plan_id = plan.id
    _sign_in(client, "lena.park@example.com")
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert page.count("Recorded by Morgan Patel") == 3
    assert "Morgan Patel: acknowledged" in page and "Lena Park: acknowledged" in page
    assert "I agree with the plan" in page
    coaching = client.get(f"/coaching/people/{lena}").get_data(as_text=True)
    assert "Support plan" in coaching and "Coaching" in coaching


def test_morgans_home_shows_the_coaching_rhythm_with_both_reps(
    seeded: Flask, client: FlaskClient
) -> None:
    noah = _user_id(seeded, "newhire@example.com")
    lena = _user_id(seeded, "lena.park@example.com")
    _sign_in(client, "manager@example.com")
    page = client.get("/").get_data(as_text=True)
    assert "Your coaching this month" in page
    for rep in (noah, lena):
        row = page.split(f'id="rhythm-rep-{rep}"', 1)[1].split("</tr>", 1)[0]
        assert "every week" in row
    lena_row = page.split(f'id="rhythm-rep-{lena}"', 1)[1].split("</tr>", 1)[0]
    assert "1 open" in lena_row


def test_jamie_is_partway_through_training_and_the_veterans_are_qualified(
    seeded: Flask, client: FlaskClient
) -> None:
    from hiring.training.models import PracticeAttempt, QualificationStage
    from hiring.training.qualification import qualifications

    jamie = _user_id(seeded, "interviewer@example.com")
    sam = _user_id(seeded, "sam.rivera@example.com")
    keys = ["discovery_qualification", "closing_deal_control", "objection_handling"]
    with seeded.app_context():
        found = qualifications([jamie, sam], keys)
        runs = db.session.scalars(
            select(PracticeAttempt).where(PracticeAttempt.user_id == jamie)
        ).all()
        assert sorted((r.set_key, r.finished_at is not None) for r in runs) == [
            ("closing_deal_control", False),
            ("discovery_qualification", True),
        ]
    assert found[(jamie, "discovery_qualification")].stage == QualificationStage.PRACTISED
    assert found[(jamie, "closing_deal_control")].stage == QualificationStage.IN_TRAINING
    assert all(found[(sam, key)].qualified for key in keys)
    _sign_in(client, "interviewer@example.com")
    page = client.get("/training/").get_data(as_text=True)
    assert "In progress: 3 of 8 rated" in page and "Discovery &amp; qualification: passed" in page


@pytest.mark.parametrize(
    ("now", "last"),
    [
        ("2026-11-30 15:59", date(2026, 11, 23)),  # before Monday's 1:1
        ("2026-11-30 16:10", date(2026, 11, 23)),  # during it: not held yet
        ("2026-11-30 16:30", date(2026, 11, 30)),  # just over
    ],
)
def test_the_story_fills_only_one_on_ones_that_have_ended(now: str, last: date) -> None:
    """Seeded while a 1:1 was going on, the demo used to call it held, with its end still
    to come (a weekly cadence on Mondays, 10:00-10:30 in Chicago: 16:00-16:30 UTC)."""
    cadence = {"weekday": 0, "time": "10:00", "time_zone": "America/Chicago", "minutes": 30}
    with freeze_time(now):
        days = series_days(cadence, 3)
    assert days[-1] == last
    assert days == [date.fromordinal(last.toordinal() - 7 * i) for i in (2, 1, 0)]
