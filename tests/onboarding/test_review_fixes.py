"""Regression tests for problems found in review: who a plan may be started for, and input
that used to end in a server error."""

from __future__ import annotations

import re

from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.library.models import RoleProfile
from hiring.onboarding.models import Goal, OnboardingPlan


def _new_plan(client, **data):
    base = {"title": "Plan", "start_date": "2027-01-11", "buddy_id": 0}
    return client.post("/onboarding/new", data=base | data)


def test_a_hiring_manager_plans_only_for_their_own_people(
    app, client, login, make_user, loaded_library
):
    boss = make_user(roles=["hiring_manager"], name="Dana Boss")
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    report = make_user(roles=["interviewer"], name="Ray Report", manager_id=manager.id)
    fresh = make_user(roles=["new_hire"], name="Fay Fresh")
    elsewhere = make_user(roles=["recruiter"], name="Riley Elsewhere", manager_id=boss.id)
    admin = make_user(roles=["admin"], name="Avery Admin")
    login(manager)
    page = client.get("/onboarding/new").get_data(as_text=True)
    choices = re.search(r'<select[^>]*name="new_hire_id".*?</select>', page, re.S).group(0)
    assert "Ray Report" in choices and "Fay Fresh" in choices
    assert "Riley Elsewhere" not in choices and "Avery Admin" not in choices
    for person in (elsewhere, admin):
        response = _new_plan(client, new_hire_id=person.id, manager_id=manager.id)
        assert response.status_code == 200 and "Not a valid choice" in response.get_data(
            as_text=True
        )
    # Nor may they hand one of their reports to somebody else's team.
    response = _new_plan(client, new_hire_id=report.id, manager_id=boss.id)
    assert "Not a valid choice" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(OnboardingPlan)) is None
        assert db.session.get(User, elsewhere.id).manager_id == boss.id
        assert db.session.get(User, admin.id).manager_id is None
    with app.app_context():
        profile_id = db.session.scalar(select(RoleProfile.id))
    created = _new_plan(
        client, new_hire_id=fresh.id, manager_id=manager.id, role_profile_id=profile_id
    )
    assert created.status_code == 302, created.get_data(as_text=True)[:300]
    with app.app_context():
        assert db.session.get(User, fresh.id).manager_id == manager.id


def test_numbers_that_are_not_numbers_are_refused(app, client, login, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    login(manager)
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        version, goal_id = plan.version, db.session.scalar(select(Goal.id))
    for odd in ("nan", "inf", "-inf"):
        client.post(
            f"/onboarding/plans/{plan_id}/goals",
            data={
                "version": version,
                "outcome": "X",
                "metric": "Y",
                "target": odd,
                "due_date": "2027-03-01",
            },
        )
        client.post(
            f"/onboarding/plans/{plan_id}/goals/{goal_id}/actuals",
            data={"value": odd, "recorded_on": "2027-02-01"},
        )
    page = client.get(f"/onboarding/plans/{plan_id}")
    assert page.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Goal).where(Goal.outcome == "X")) is None
        assert db.session.get(Goal, goal_id).actuals == []


def test_start_dates_far_in_the_future_are_refused(app, client, login, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    login(manager)
    page = client.get("/onboarding/new?start_date=9999-12-20")
    assert page.status_code == 200 and "Choose a start date between" in page.get_data(as_text=True)
    with app.app_context():
        version = db.session.get(OnboardingPlan, plan_id).version
    moved = client.post(
        f"/onboarding/plans/{plan_id}/start",
        data={"version": version, "start_date": "9999-12-20"},
        follow_redirects=True,
    )
    assert moved.status_code == 200 and "Choose a start date between" in moved.get_data(
        as_text=True
    )
    huge = client.get("/onboarding/new?role_profile_id=99999999999999999999")
    assert huge.status_code == 200


def test_a_hire_starting_in_the_year_9999_is_refused(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hire",
            "rationale": "Strong.",
            "start_date": "9999-12-30",
            "manager_id": "99999999999999999999",
            "decide_now_reason": "Only the behavioural stage is in.",
        },
    )
    assert response.status_code == 400
    assert "Choose a start date between" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Decision)) is None


def test_no_role_profile_explains_what_to_do(app, client, login, make_user):
    login(roles=["hiring_manager"])
    with app.app_context():
        assert db.session.scalar(select(RoleProfile)) is None
    page = client.get("/onboarding/new")
    assert page.status_code == 200
    assert "No role profile to plan from yet" in page.get_data(as_text=True)


def test_an_account_refusal_shows_beside_the_field_the_hire_page_has(
    app, client, login, make_user, hired
):
    """The hire's account is created under the decision's manager; a deactivated one is said
    beside the manager choice (the page planning from a decision has no new-hire choice)."""
    manager, _application, decision_id = hired
    with app.app_context():
        db.session.get(User, manager.id).active = False
        db.session.commit()
    admin = login(roles=["admin"], name="Avery Admin")
    response = client.post(
        f"/onboarding/new?decision={decision_id}",
        data={"title": "Plan", "start_date": "2027-01-11", "manager_id": admin.id, "buddy_id": 0},
    )
    page = response.get_data(as_text=True)
    manager_field = re.search(r'name="manager_id".*?</div>', page, re.S)
    assert manager_field and f"{manager.name} is deactivated." in manager_field.group(0)
    with app.app_context():
        assert db.session.scalar(select(OnboardingPlan)) is None
