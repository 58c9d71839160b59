"""Hiring past a position's headcount is allowed, with a warning before and after and an
audit entry."""

from __future__ import annotations

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from tests.builders import decide, earlier_hire
from tests.debriefs.evidence import other_stages_cancelled


def _hire(client, application_id):
    decide(
        client,
        application_id,
        outcome="hire",
        rationale="Strong discovery.",
        start_date="2027-01-11",
        decide_now_reason="Hired on the behavioural stage alone.",
    )


def test_a_hire_past_the_headcount_is_warned_about_and_audited(app, client, login, panel):
    other_stages_cancelled(app, panel)
    with app.app_context():
        earlier_hire(panel.position.id, "Ada Early", panel.manager)  # headcount 1: full
    login(panel.manager)
    url = f"/applications/{panel.application.id}/debrief"
    page = client.get(url).get_data(as_text=True)
    assert 'id="headcount-warning"' in page
    assert "Account Executive has a headcount of 1 and 1 hire recorded (Ada Early)." in page
    _hire(client, panel.application.id)
    shown = client.get(url).get_data(as_text=True)
    assert "Decision recorded." in shown
    assert (
        "Account Executive has a headcount of 1 and 2 hires recorded (Ada Early, Marcus Bell). "
        "This hire goes beyond the headcount; it is noted in the audit log." in shown
    )
    assert 'id="headcount-warning"' not in shown  # his own hire is not "another" one
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "decision.over_headcount")
        )
        assert event is not None and event.object_id == panel.application.id
        assert event.after == {"headcount": 1, "hires": 2, "hired": ["Ada Early", "Marcus Bell"]}


def test_a_hire_within_the_headcount_says_nothing_about_it(app, client, login, panel):
    other_stages_cancelled(app, panel)
    login(panel.manager)
    url = f"/applications/{panel.application.id}/debrief"
    assert "headcount-warning" not in client.get(url).get_data(as_text=True)
    _hire(client, panel.application.id)
    assert "beyond the headcount" not in client.get(url).get_data(as_text=True)
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
        assert "decision.made" in actions and "decision.over_headcount" not in actions
