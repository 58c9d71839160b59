"""What the review of support plans found: a plan started with its window already under way,
nobody told it started, a draft nobody could discard, and an extension that could end in the
past or be recorded on day one."""

from __future__ import annotations

from datetime import date, timedelta

from hiring.coaching.models import SupportPlan, SupportStatus
from hiring.db import db, utcnow
from hiring.timezones import local_date
from tests import builders


def _today() -> date:
    """Today for the people of the team (the pages' today), not the server's UTC date."""
    return local_date(utcnow(), builders.READER_ZONE)


def _plan(app, plan_id):
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        if plan is not None:
            db.session.expunge(plan)
        return plan


def _backdated_draft(app, team, days_ago=20):
    """A draft written weeks ago and left: its window began ``days_ago`` days back."""
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
        builders.move_support_window(plan_id, starts_on=_today() - timedelta(days=days_ago))
    return plan_id


# --- 1. the whole window lies ahead at start -----------------------------------------------


def test_a_draft_whose_window_began_is_not_started(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    login(team.manager)
    client.post(
        f"/coaching/support-plans/{plan_id}/start", data={"version": _plan(app, plan_id).version}
    )
    assert _plan(app, plan_id).status == SupportStatus.DRAFT
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "before today: a plan starts with its whole window ahead" in page
    assert "Move the window to start today" in page and "it keeps its 60 days" in page


def test_moving_the_window_keeps_its_length_and_the_expectations_inside(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    login(team.manager)
    before = _plan(app, plan_id)
    response = client.post(
        f"/coaching/support-plans/{plan_id}/move-to-today", data={"version": before.version}
    )
    assert response.status_code == 302
    with app.app_context():
        plan = db.session.get(SupportPlan, plan_id)
        assert plan.starts_on == _today() and (plan.ends_on - plan.starts_on).days == 60
        assert all(e.due_on == plan.ends_on for e in plan.expectations)
        version = plan.version
    page = client.get(f"/coaching/support-plans/{plan_id}").get_data(as_text=True)
    assert "Move the window to start today" not in page
    client.post(f"/coaching/support-plans/{plan_id}/start", data={"version": version})
    assert _plan(app, plan_id).status == SupportStatus.ACTIVE


def test_moving_is_refused_when_the_window_has_not_begun(app, client, login, team):
    with app.app_context():
        plan_id = builders.support_plan(team, started=False)
    login(team.manager)
    before = _plan(app, plan_id)
    client.post(
        f"/coaching/support-plans/{plan_id}/move-to-today", data={"version": before.version}
    )
    assert _plan(app, plan_id).starts_on == before.starts_on >= _today()


def test_only_the_manager_moves_the_window(app, client, login, team):
    plan_id = _backdated_draft(app, team)
    for name in ("rep", "skip_level", "admin", "peer", "other_manager", "interviewer"):
        login(getattr(team, name))
        url = f"/coaching/support-plans/{plan_id}/move-to-today"
        assert client.post(url).status_code == 403, name
    assert _plan(app, plan_id).starts_on < _today()
