"""The decision service without the web: its refusals, and that the application's status and
history change only through the applications state machine."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.debriefs import queries, services
from hiring.debriefs.formula import FormulaResult, Outcome
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.domain import Conflict, DomainError

HIRE = FormulaResult(competencies=[], bar=2.8, score=3.2, outcome=Outcome.HIRE)


@pytest.fixture
def deciding(app, make_user, make_position, make_application):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    ref = make_application(position=make_position(manager=manager), name="Marcus Bell")
    with app.app_context():
        yield db.session.get(Application, ref.id), db.session.get(User, manager.id)


def _decide(application, actor, outcome=DecisionOutcome.HOLD, **overrides):
    values = {
        "outcome": outcome,
        "rationale": "References first.",
        "override_reason": "Not yet.",
        "start_date": None,
        "manager": None,
        "formula": HIRE,
        "actor": actor,
    }
    values.update(overrides)
    return services.decide(application, **values)


def _kinds(application):
    return list(
        db.session.scalars(
            select(ApplicationEvent.kind)
            .where(ApplicationEvent.application_id == application.id)
            .order_by(ApplicationEvent.id)
        )
    )


def test_refusals_name_their_field(deciding):
    application, manager = deciding
    start = (utcnow() + timedelta(days=40)).date()
    for overrides, field in (
        ({"rationale": "  "}, "rationale"),
        ({"override_reason": ""}, "override_reason"),
        ({"outcome": DecisionOutcome.HIRE, "start_date": None}, "start_date"),
        (
            {"outcome": DecisionOutcome.HIRE, "start_date": start.replace(year=start.year + 3)},
            "start_date",
        ),
    ):
        with pytest.raises(DomainError) as refused:
            _decide(application, manager, **overrides)
        assert refused.value.field == field
    assert application.status == ApplicationStatus.ACTIVE and _kinds(application) == []


def test_a_closed_application_is_reactivated_before_a_first_decision(deciding):
    application, manager = deciding
    application.status = ApplicationStatus.WITHDRAWN
    with pytest.raises(DomainError, match="withdrawn; reactivate it before deciding") as refused:
        _decide(application, manager)
    assert refused.value.field == "outcome"
    assert db.session.scalar(select(Decision.id)) is None


def test_a_decision_goes_through_the_state_machine_and_a_second_one_reverses_it(deciding):
    application, manager = deciding
    first = _decide(application, manager)
    assert application.status == ApplicationStatus.ON_HOLD
    assert application.status_reason == "References first."
    with pytest.raises(DomainError, match="already has a decision") as refused:
        _decide(application, manager, outcome=DecisionOutcome.REJECT, override_reason="x")
    assert refused.value.field == "reversal_reason"
    second = _decide(
        application,
        manager,
        outcome=DecisionOutcome.REJECT,
        rationale="Weak closing.",
        override_reason="Evidence.",
        reversal_reason="References came back",
    )
    assert (second.reverses_id, first.current, second.current) == (first.id, False, True)
    assert application.status == ApplicationStatus.REJECTED
    assert _kinds(application) == ["decision_hold", "decision_reject"]
    last = db.session.scalars(select(ApplicationEvent).order_by(ApplicationEvent.id.desc())).first()
    assert last.reason == "Reversed the earlier decision: References came back. Weak closing."


def test_two_current_decisions_at_once_are_a_conflict(deciding, monkeypatch):
    application, manager = deciding
    _decide(application, manager)
    monkeypatch.setattr(services, "current_decision", lambda _application_id: None)
    with pytest.raises(Conflict, match="Someone else recorded a decision for this candidate"):
        _decide(application, manager, outcome=DecisionOutcome.REJECT, override_reason="x")


def test_reading_a_debrief_opens_it_for_the_manager_and_recruiters_only(
    app, client, panel, make_user
):
    recruiter = make_user(roles=["recruiter"])
    with app.app_context():
        debrief = queries.load_debrief(panel.application.id)
        assert debrief is not None and debrief.submitted
        application = debrief.application
        services.note_read([debrief], db.session.get(User, panel.jamie.id))
        assert application.debrief_opened_at is None  # an interviewer's reading notes nothing
        services.note_read([debrief], db.session.get(User, panel.manager.id))
        opened = application.debrief_opened_at
        assert opened is not None
        services.note_read([debrief], db.session.get(User, recruiter.id))
        assert application.debrief_opened_at == opened  # the first reading counts


def test_a_debrief_without_submitted_cards_is_not_opened_by_reading(app, deciding):
    application, manager = deciding
    debrief = queries.load_debrief(application.id)
    assert debrief is not None and not debrief.submitted
    services.note_read([debrief], manager)
    assert application.debrief_opened_at is None
