"""Two people deciding on the same candidate at the same moment: one decision stays current."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from hiring.applications.models import ApplicationEvent
from hiring.db import db
from hiring.debriefs import services
from hiring.debriefs.models import Decision, DecisionOutcome
from tests.builders import decide
from tests.debriefs.evidence import other_stages_cancelled


@pytest.fixture
def decided(app, client, login, panel):
    """Marcus Bell with a current "hold", and his hiring manager signed in."""
    other_stages_cancelled(app, panel)
    manager, *_rest, application, _interview = panel
    login(manager)
    decide(
        client,
        application.id,
        outcome="hold",
        rationale="References first.",
        override_reason="x",
    )
    return manager, application


def test_the_database_refuses_a_second_current_decision(app, decided):
    manager, application = decided
    with app.app_context():
        db.session.add(
            Decision(
                application_id=application.id,
                outcome=DecisionOutcome.REJECT,
                rationale="At the same moment.",
                formula_outcome="hire",
                decided_by_id=manager.id,
            )
        )
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_a_decision_that_lost_the_race_is_not_saved_and_says_so(app, client, decided, monkeypatch):
    _manager, application = decided
    # As if this request read "no decision yet" just before the other one committed.
    monkeypatch.setattr(services, "current_decision", lambda _application_id: None)
    with app.app_context():
        events = db.session.scalar(select(func.count(ApplicationEvent.id)))
    response = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "hire", "rationale": "Strong.", "start_date": "2027-01-11"},
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Someone else recorded a decision for this candidate a moment ago" in page
    with app.app_context():
        current = db.session.scalars(
            select(Decision).where(Decision.application_id == application.id, Decision.current)
        ).all()
        assert [d.outcome for d in current] == [DecisionOutcome.HOLD]
        assert db.session.scalar(select(func.count(ApplicationEvent.id))) == events
