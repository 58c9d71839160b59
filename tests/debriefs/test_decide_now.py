"""Deciding before the role profile's minimum evidence is met: an explicit, audited
"decide now" reason, printed in the decision memo."""

from __future__ import annotations

from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.debriefs.queries import load_debrief
from hiring.packets.services import candidate_packet
from tests.debriefs.evidence import other_stages_cancelled

REASON = "Marcus has a competing offer expiring Friday; the final stage cannot be booked in time."


def test_the_debrief_says_what_is_missing(client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Formula: Not enough evidence" in page
    missing = page.split('id="missing-evidence"')[1].split("</div>")[0]
    assert "every must-have rated by 2 interviewers" in missing
    # The panel's behavioural stage is in; the plan's other stages are not.
    assert "<li>Screen: scorecards not all in.</li>" in missing
    assert "<li>Role Play: scorecards not all in.</li>" in missing
    assert "Behavioural" not in missing
    assert 'name="decide_now_reason"' in page


def test_thin_evidence_without_a_reason_is_refused_beside_the_field(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "hold", "rationale": "Waiting for the final stage."},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = page.split('name="decide_now_reason"')[0].rsplit("<label", 1)[1]
    after = page.split('name="decide_now_reason"')[1][:600]
    assert "Deciding now needs a written reason." in field + after
    with app.app_context():
        assert db.session.scalar(select(Decision)) is None


def test_a_decide_now_reason_is_stored_audited_and_printed_in_the_memo(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    login(manager)
    response = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hold",
            "rationale": "Hold pending references.",
            "decide_now_reason": REASON,
        },
    )
    assert response.status_code == 302
    with app.app_context():
        decision = db.session.scalar(select(Decision))
        assert decision.decide_now_reason == REASON
        assert decision.formula_outcome == "insufficient"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "decision.made"))
        assert event.after["decide_now_reason"] == REASON
        assert any("scorecards not all in" in m for m in event.after["missing_evidence"])
        debrief = load_debrief(application.id)
        assert debrief is not None
        html = candidate_packet(debrief).html
        assert "Decided before the evidence was complete" in html and REASON in html
        assert "Evidence still missing:" in html
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert REASON in page


def test_with_enough_evidence_no_reason_is_asked_or_kept(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    other_stages_cancelled(app, panel)
    login(manager)
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Formula: Hire" in page and 'id="missing-evidence"' not in page
    assert 'name="decide_now_reason"' not in page
    response = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hold",
            "rationale": "References.",
            "override_reason": "References first.",
            "decide_now_reason": "typed anyway",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Decision.decide_now_reason)) is None
