"""A refused entry on the plan page: the message beside the field, nothing stored, and every
word typed shown again (status 400) so nothing has to be retyped."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import func, select

from hiring.db import db
from hiring.library.schema import ItemOwner
from hiring.onboarding.models import CheckIn, Goal, OnboardingPlan, PlanItem


def _version(app, plan_id):
    with app.app_context():
        return db.session.get(OnboardingPlan, plan_id).version


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_a_too_long_item_title_is_refused_not_cut(app, client, login, plan_refs):
    login(plan_refs.manager)
    before = _count(app, PlanItem)
    title = "Shadow the enterprise team " + "x" * 200
    response = client.post(
        f"/onboarding/plans/{plan_refs.plan_id}/items",
        data={
            "version": _version(app, plan_refs.plan_id),
            "title": title,
            "description": "Two calls <b>live</b>",
            "kind": "shadowing",
            "owner": "buddy",
            "due_date": "2027-01-20",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The title can be at most 200 characters." in page
    assert f'value="{title}"' in page and "Two calls &lt;b&gt;live&lt;/b&gt;" in page
    assert '<option value="buddy" selected>' in page
    assert _count(app, PlanItem) == before


def test_a_refused_check_in_comment_is_shown_again(app, client, login, plan_refs):
    login(plan_refs.new_hire)
    comment = "The CRM <still> confuses me. " * 150  # over 4,000 characters
    response = client.post(
        f"/onboarding/plans/{plan_refs.plan_id}/checkins/30/rate",
        data={"rating": "at_risk", "comment": comment},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "The comment can be at most 4,000 characters." in page
    assert html.escape(comment, quote=False) in page
    assert 'value="at_risk" checked' in page
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn).where(CheckIn.milestone == 30))
        assert checkin.new_hire_rating is None and checkin.new_hire_comment == ""
    missing = client.post(
        f"/onboarding/plans/{plan_refs.plan_id}/checkins/30/rate", data={"comment": "Fine"}
    )
    assert missing.status_code == 400
    assert "Choose on track, at risk or off track." in missing.get_data(as_text=True)


def test_a_refused_goal_and_actual_keep_what_was_typed(app, client, login, plan_refs):
    login(plan_refs.manager)
    url = f"/onboarding/plans/{plan_refs.plan_id}"
    response = client.post(
        f"{url}/goals",
        data={
            "version": _version(app, plan_refs.plan_id),
            "outcome": "Ten discovery calls",
            "metric": "Calls run",
            "target": "inf",
            "unit": "calls",
            "due_date": "2027-02-10",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter an ordinary number." in page and 'value="Ten discovery calls"' in page
    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id))
    response = client.post(
        f"{url}/goals/{goal_id}/actuals",
        data={"value": "3", "recorded_on": "2027-02-01", "note": "n" * 301},
    )
    assert response.status_code == 400
    assert "The note can be at most 300 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Goal, goal_id).actuals == []
        assert db.session.scalar(select(func.count()).select_from(Goal)) == 1


def test_an_edit_from_a_stale_page_says_so_and_keeps_the_words(app, client, login, plan_refs):
    login(plan_refs.manager)
    url = f"/onboarding/plans/{plan_refs.plan_id}"
    stale = _version(app, plan_refs.plan_id)
    client.post(
        f"{url}/goals",
        data={
            "version": stale,
            "outcome": "First",
            "metric": "m",
            "target": "1",
            "due_date": "2027-02-10",
        },
    )
    response = client.post(
        f"{url}/items",
        data={
            "version": stale,
            "title": "Meet the CFO",
            "kind": "connection",
            "owner": "new_hire",
            "due_date": "2027-01-20",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "so “add Meet the CFO” was not applied" in page and 'value="Meet the CFO"' in page
    assert f'name="version" value="{_version(app, plan_refs.plan_id)}"' in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"note": "n" * 4001}, "The note can be at most 4,000 characters."),
        (
            {"evidence_url": "https://drive.example/" + "x" * 500},
            "The evidence link can be at most 500 characters.",
        ),
    ],
)
def test_a_too_long_note_or_evidence_link_leaves_the_item_open(
    app, client, login, plan_refs, data, message
):
    login(plan_refs.new_hire)
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_refs.plan_id)
        item_id = next(i.id for i in plan.items if i.owner == ItemOwner.NEW_HIRE)
    response = client.post(f"/onboarding/plans/{plan_refs.plan_id}/items/{item_id}/done", data=data)
    assert response.status_code == 302 and response.location.endswith(f"#item-{item_id}")
    assert message in client.get(response.location).get_data(as_text=True)
    with app.app_context():
        item = db.session.get(PlanItem, item_id)
        assert not item.done and item.completion_note == "" and item.evidence_url == ""
