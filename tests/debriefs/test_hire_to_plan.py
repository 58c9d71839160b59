"""A hire decision leads straight on to the new hire's onboarding plan: the message after
recording it and the debrief's decision card link to the plan form, prefilled from the
decision, and to the plan once it exists."""

from __future__ import annotations

from sqlalchemy import select

from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.onboarding.models import OnboardingPlan
from tests.builders import decide, log_in


def test_recording_a_hire_offers_to_create_the_plan(app, client, panel):
    log_in(client, panel.manager)
    decide(
        client,
        panel.application.id,
        outcome="hire",
        rationale="Strong discovery.",
        start_date="2027-01-11",
        decide_now_reason="Hired on the behavioural stage alone.",
    )
    with app.app_context():
        decision_id = db.session.scalar(select(Decision.id))
    new_plan = f"/onboarding/new?decision={decision_id}"
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    # The flash (a link, not escaped text) and the decision card both lead to the plan form.
    assert f'Decision recorded. Next: <a href="{new_plan}">Create the onboarding plan</a>.' in page
    assert f'<a href="{new_plan}" role="button" class="small" id="onboarding-plan-link">' in page

    form = client.get(new_plan).get_data(as_text=True)
    assert "For Marcus Bell, hired as Account Executive." in form
    assert 'value="2027-01-11"' in form
    response = client.post(
        new_plan,
        data={
            "title": "Marcus Bell: Account Executive 30/60/90",
            "start_date": "2027-01-11",
            "manager_id": panel.manager.id,
            "buddy_id": 0,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        plan_id = db.session.scalar(select(OnboardingPlan.id))
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert f'href="/onboarding/plans/{plan_id}"' in page and "Open the onboarding plan" in page
    assert "Create the onboarding plan" not in page


def test_other_decisions_lead_nowhere_else(client, panel):
    log_in(client, panel.manager)
    decide(
        client,
        panel.application.id,
        outcome="reject",
        rationale="Discovery too thin.",
        decide_now_reason="Clear enough already.",
    )
    page = client.get(f"/applications/{panel.application.id}/debrief").get_data(as_text=True)
    assert '<p class="flash flash-success">Decision recorded.</p>' in page
    assert "onboarding-plan-link" not in page and "/onboarding/new" not in page
