"""Goals get an owner (SMART's "assignable"): the manager picks the new hire, themselves or the
buddy; each goal shows its owner; a development goal links to the rep's coaching chart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.library.schema import ItemOwner, Phase
from hiring.onboarding.models import Goal, OnboardingPlan
from tests import builders


@pytest.fixture
def team(app, loaded_library):
    """Morgan manages Noah (on a plan with or without a buddy: ``builders.rep_plan``)."""
    with app.app_context():
        return builders.coaching_team()


def _add(client, app, plan_id, **extra):
    with app.app_context():
        version = db.session.get(OnboardingPlan, plan_id).version
    return client.post(
        f"/onboarding/plans/{plan_id}/goals",
        data={
            "version": version,
            "outcome": "Ten discovery calls",
            "metric": "Calls run",
            "target": "10",
            "unit": "calls",
            "due_date": "2027-02-10",
            **extra,
        },
    )


def _owners(app):
    with app.app_context():
        added = select(Goal).where(Goal.outcome == "Ten discovery calls").order_by(Goal.id)
        return [g.owner for g in db.session.scalars(added)]


def test_the_manager_picks_the_owner_and_each_goal_shows_it(app, client, login, team):
    with app.app_context():
        buddy = builders.user(name="Jamie Buddy")
        plan_id = builders.rep_plan(team.rep, buddy=buddy)
    login(team.manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    form = page.split('id="add-goal"', 1)[1].split("</form>", 1)[0]
    assert '<select name="owner">' in form
    assert '<option value="new_hire" selected>Noah Kim (new hire)</option>' in form
    assert "Morgan Patel (manager)" in form and "Jamie Buddy (buddy)" in form

    assert _add(client, app, plan_id, owner="buddy").status_code == 302
    assert _add(client, app, plan_id).status_code == 302  # no owner sent: the new hire
    assert _owners(app) == [ItemOwner.BUDDY, ItemOwner.NEW_HIRE]
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "Owner: Jamie Buddy (buddy)" in page and "Owner: Noah Kim (new hire)" in page
    with app.app_context():
        event = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "onboarding.goal_added")
        ).first()
        assert event.after["owner"] == "buddy"


def test_no_buddy_no_buddy_owner_and_an_unknown_owner_is_refused(app, client, login, team):
    with app.app_context():
        plan_id = builders.rep_plan(team.rep)
    login(team.manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "(buddy)</option>" not in page.split('id="add-goal"', 1)[1]
    refused = _add(client, app, plan_id, owner="buddy")
    assert refused.status_code == 400
    assert "This plan names no buddy yet: choose another owner." in refused.get_data(as_text=True)
    refused = _add(client, app, plan_id, owner="ceo")
    assert refused.status_code == 400
    assert "Choose whose goal it is." in refused.get_data(as_text=True)
    assert _owners(app) == []


def test_a_development_goal_links_to_the_coaching_chart_for_those_who_read_it(
    app, client, login, team
):
    with app.app_context():
        buddy = builders.user(name="Jamie Buddy")
        plan_id = builders.rep_plan(team.rep, buddy=buddy)
        plan = db.session.get(OnboardingPlan, plan_id)
        plan.goals.append(
            Goal(
                phase=Phase.CONTRIBUTE,
                outcome="Strengthen discovery",
                due_date=plan.start_date,
                competency_key="discovery",
            )
        )
        db.session.commit()
    link = f'href="/coaching/people/{team.rep.id}#competency-discovery"'
    for reader, words in ((team.manager, "Noah&#39;s progress"), (team.rep, "Your progress")):
        builders.switch_to(client, reader)
        page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
        assert link in page and words in page, reader
    builders.switch_to(client, buddy)  # the buddy reads the plan, not the coaching page
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "Strengthen discovery" in page and link not in page
