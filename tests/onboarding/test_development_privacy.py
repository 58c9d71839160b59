"""Development goals in private: the new hire and the buddy read a developmental wording; the
numbers behind it (means, bars, spreads) and the interview evidence stay with the manager."""

from __future__ import annotations

from sqlalchemy import select

from hiring.db import db
from hiring.onboarding.development import DEVELOPMENTAL_WHY
from hiring.onboarding.models import Goal, OnboardingPlan
from tests.builders import accept_invitation, log_in

NUMBERS = ("disagreed by", "panel mean", "bar of", "levels")


def _page_for(app, email: str, plan_id: int) -> str:
    with app.app_context():
        accept_invitation(email, "a long enough password")
    reader = app.test_client()
    reader.post("/login", data={"email": email, "password": "a long enough password"})
    return reader.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)


def test_only_the_manager_reads_why_in_numbers(app, client, hired, make_user):
    manager, _application, decision_id = hired
    buddy = make_user(name="Bea Buddy", roles=["interviewer"])
    client.post(
        f"/onboarding/new?decision={decision_id}",
        data={
            "title": "Plan",
            "start_date": "2027-01-11",
            "manager_id": manager.id,
            "buddy_id": buddy.id,
        },
    )
    with app.app_context():
        plan = db.session.scalar(select(OnboardingPlan))
        goal = next(g for g in plan.goals if g.is_development)
        plan_id, new_hire_email = plan.id, plan.new_hire.email
        # Discovery was rated 4 and 2: chosen for the disagreement, which is a number.
        assert goal.interview_summary == "The interviews found interviewers disagreed by 2 levels."
        assert DEVELOPMENTAL_WHY in goal.coaching_actions
        assert not any(word in " ".join(goal.coaching_actions) for word in NUMBERS)

    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "The interviews found interviewers disagreed by 2 levels." in page

    for reader in (new_hire_email, buddy.email):
        page = _page_for(app, reader, plan_id)
        assert "Strengthen Discovery" in page and DEVELOPMENTAL_WHY in page, reader
        assert not [word for word in NUMBERS if word in page], reader
        assert "Interview evidence" not in page, reader


def test_the_manager_can_still_reword_without_losing_the_numbers(app, client, hired):
    manager, _application, decision_id = hired
    client.post(
        f"/onboarding/new?decision={decision_id}",
        data={"title": "Plan", "start_date": "2027-01-11", "manager_id": manager.id, "buddy_id": 0},
    )
    with app.app_context():
        plan = db.session.scalar(select(OnboardingPlan))
        goal = next(g for g in plan.goals if g.is_development)
        plan_id, goal_id, version = plan.id, goal.id, plan.version
    client.post(
        f"/onboarding/plans/{plan_id}/goals/{goal_id}/wording",
        data={"version": version, "outcome": "Sharper discovery", "actions": "Record one call"},
    )
    with app.app_context():
        assert db.session.get(Goal, goal_id).interview_summary.startswith("The interviews found")
