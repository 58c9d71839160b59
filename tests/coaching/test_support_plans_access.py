"""Who reaches a support plan: the rep, the manager, the skip-level and HR (admins) read a
started plan; only the direct manager writes it; a draft is the manager's alone; peers, the
buddy of the rep's onboarding plan, other managers and interviewers see nothing. The page
costs the same number of queries however many check-ins it holds. A check-in rated at risk
or off track (or a missed goal) offers the manager "Open a support plan"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.coaching.models import SupportCheckIn, SupportPlan, SupportStatus
from hiring.db import db
from hiring.onboarding.models import CheckIn, Goal, Progress
from tests import builders

READERS = ["rep", "manager", "skip_level", "admin"]
OUTSIDERS = ["peer", "buddy", "other_manager", "interviewer"]


@pytest.fixture
def buddy(app, team, loaded_library):
    """Someone who is buddy on the rep's onboarding plan: no business in a support plan."""
    with app.app_context():
        person = builders.user(roles=["interviewer"], name="Bea Buddy")
        builders.rep_onboarding_plan(team, buddy=person)
        return person


def _who(team, buddy, name):
    return buddy if name == "buddy" else getattr(team, name)


@pytest.fixture
def started(app, team):
    with app.app_context():
        return builders.support_plan(team)


@pytest.mark.parametrize("name", READERS)
def test_readers_see_a_started_plan_and_its_packet_link(client, login, team, buddy, started, name):
    login(_who(team, buddy, name))
    page = client.get(f"/coaching/support-plans/{started}")
    assert page.status_code == 200
    assert f"/coaching/support-plans/{started}/packet.pdf" in page.get_data(as_text=True)


@pytest.mark.parametrize("name", OUTSIDERS)
def test_outsiders_are_refused_the_page_the_packet_and_every_change(
    client, login, team, buddy, started, name
):
    login(_who(team, buddy, name))
    base = f"/coaching/support-plans/{started}"
    assert client.get(base).status_code == 403
    assert client.get(f"{base}/packet.pdf").status_code == 403
    for action in ("edit", "expectations", "start", "acknowledge", "checkins", "outcome"):
        assert client.post(f"{base}/{action}").status_code == 403, action
    assert client.get(f"/coaching/people/{team.rep.id}/support-plans/new").status_code == 403


@pytest.mark.parametrize("name", ["rep", "skip_level", "admin"])
def test_only_the_direct_manager_writes(client, login, team, buddy, started, name):
    login(_who(team, buddy, name))
    base = f"/coaching/support-plans/{started}"
    for action in ("edit", "expectations", "start", "checkins", "outcome"):
        assert client.post(f"{base}/{action}").status_code == 403, action
    assert client.get(f"/coaching/people/{team.rep.id}/support-plans/new").status_code == 403
    page = client.get(base).get_data(as_text=True)
    assert "Record this week" not in page and "Record the outcome" not in page


@pytest.mark.parametrize("name", ["rep", "skip_level", "admin", *OUTSIDERS])
def test_a_draft_is_the_managers_alone(app, client, login, team, buddy, name):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(_who(team, buddy, name))
    assert client.get(f"/coaching/support-plans/{plan_id}").status_code == 403
    assert client.get(f"/coaching/support-plans/{plan_id}/packet.pdf").status_code == 403
    login(team.manager)
    assert client.get(f"/coaching/support-plans/{plan_id}").status_code == 200


def test_a_missing_plan_is_not_found(client, login, team):
    login(team.manager)
    assert client.get("/coaching/support-plans/999").status_code == 404


def test_the_page_costs_the_same_with_3_or_12_check_ins(app, client, login, team, count_queries):
    with app.app_context():
        plan_id = builders.support_plan(team, days=90)
        builders.move_support_window(
            plan_id, starts_on=builders.utcnow().date() - timedelta(days=85), days=90
        )

        def add(n):
            plan = db.session.get(SupportPlan, plan_id)
            for week in range(len(plan.checkins), n):
                plan.checkins.append(
                    SupportCheckIn(
                        held_on=plan.starts_on + timedelta(days=7 * week),
                        progress=Progress.AT_RISK,
                        notes=f"Week {week + 1}",
                        recorded_by_id=team.manager.id,
                    )
                )
            db.session.commit()

        add(3)
    for reader in (team.manager, team.rep):
        login(reader)
        client.get(f"/coaching/support-plans/{plan_id}")  # warm
        with count_queries() as few:
            assert client.get(f"/coaching/support-plans/{plan_id}").status_code == 200
        with app.app_context():
            add(12)
        with count_queries() as many:
            page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
        assert "Week 12" in page
        assert many.count == few.count, reader.name
        with app.app_context():  # back to 3 for the next reader
            plan = db.session.get(SupportPlan, plan_id)
            del plan.checkins[3:]
            db.session.commit()


def test_a_worrying_check_in_offers_the_manager_a_plan(app, client, login, team, loaded_library):
    with app.app_context():
        plan_id = builders.rep_onboarding_plan(
            team, start=builders.utcnow().date() - timedelta(days=62)
        )
        checkin = db.session.scalar(
            select(CheckIn).where(CheckIn.plan_id == plan_id, CheckIn.milestone == 60)
        )
        checkin.manager_rating = Progress.OFF_TRACK
        db.session.commit()
        checkin_id = checkin.id
    link = f"/coaching/people/{team.rep.id}/support-plans/new?checkin={checkin_id}"
    login(team.manager)
    assert link in client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    coaching = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "the day-60 check-in was rated at risk or off track" in coaching
    assert link in coaching
    page = client.get(link).get_data(as_text=True)
    assert "Offered because the day-60 check-in was rated at risk or off track" in page
    start = builders.utcnow().date()
    response = client.post(link, data={
        "diagnosis": "skill_gap", "diagnosis_note": "Stalls at discovery", "training": "Workshop",
        "starts_on": start.isoformat(), "ends_on": (start + timedelta(days=60)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.scalar(select(SupportPlan))
        assert plan.checkin_id == checkin_id and plan.status == SupportStatus.DRAFT
    # The rep never sees the offer (nor a link to the manager's draft).
    login(team.rep)
    assert link not in client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "support-plan-banner" not in client.get(f"/coaching/people/{team.rep.id}").get_data(
        as_text=True
    )


def test_a_worry_a_later_check_in_recovered_from_offers_nothing(
    app, client, login, team, loaded_library
):
    with app.app_context():
        plan_id = builders.rep_onboarding_plan(
            team, start=builders.utcnow().date() - timedelta(days=95)
        )
        checkins = {
            c.milestone: c
            for c in db.session.scalars(select(CheckIn).where(CheckIn.plan_id == plan_id))
        }
        checkins[60].manager_rating = Progress.AT_RISK
        checkins[90].manager_rating = Progress.ON_TRACK
        db.session.commit()
        day60 = checkins[60].id
    login(team.manager)
    coaching = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    # (The plan's goals, past due without figures, may still offer one; the check-in does not.)
    assert f"checkin={day60}" not in coaching and "check-in was rated" not in coaching


def test_the_new_hires_own_rating_offers_nothing_until_both_are_in(
    app, client, login, team, loaded_library
):
    with app.app_context():
        plan_id = builders.rep_onboarding_plan(
            team, start=builders.utcnow().date() - timedelta(days=62)
        )
        checkin = db.session.scalar(
            select(CheckIn).where(CheckIn.plan_id == plan_id, CheckIn.milestone == 30)
        )
        checkin.new_hire_rating = Progress.AT_RISK
        db.session.commit()
        checkin_id = checkin.id
    login(team.manager)
    assert "support-plans/new" not in client.get(f"/onboarding/plans/{plan_id}").get_data(
        as_text=True
    )
    with app.app_context():
        db.session.get(CheckIn, checkin_id).manager_rating = Progress.ON_TRACK
        db.session.commit()
    assert "support-plans/new?checkin=" in client.get(f"/onboarding/plans/{plan_id}").get_data(
        as_text=True
    )


def test_a_missed_goal_offers_a_plan(app, client, login, team, loaded_library):
    with app.app_context():
        plan_id = builders.rep_onboarding_plan(
            team, start=builders.utcnow().date() - timedelta(days=62)
        )
        goal = db.session.scalar(
            select(Goal)
            .where(Goal.plan_id == plan_id, Goal.competency_key.is_(None), Goal.target.is_not(None))
            .order_by(Goal.due_date)
        )
        goal.due_date = builders.utcnow().date() - timedelta(days=3)
        db.session.commit()
        goal_id, outcome = goal.id, goal.outcome
    login(team.manager)
    coaching = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert f"support-plans/new?goal={goal_id}" in coaching and "missed its target" in coaching
    page = client.get(f"/coaching/people/{team.rep.id}/support-plans/new?goal={goal_id}")
    assert outcome in page.get_data(as_text=True)


def test_a_manager_may_open_one_without_a_trigger_and_only_one_at_a_time(app, client, login, team):
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert f"/coaching/people/{team.rep.id}/support-plans/new" in page
    with app.app_context():
        builders.support_plan(team)
    start = builders.utcnow().date()
    response = client.post(f"/coaching/people/{team.rep.id}/support-plans/new", data={
        "diagnosis": "skill_gap", "diagnosis_note": "Again", "training": "Workshop",
        "starts_on": start.isoformat(), "ends_on": (start + timedelta(days=60)).isoformat(),
    })  # fmt: skip
    assert response.status_code == 400
    assert "already has an open support plan" in response.get_data(as_text=True)
