"""The application state machine, service by service: every step from every status, either
taken (status, stage, history and audit written) or refused with its message (nothing
written), and a stale version refused as a conflict."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from hiring.applications import services
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.domain import Conflict, DomainError
from hiring.positions.models import Position, PositionStatus

ACTIVE, ON_HOLD, REJECTED, WITHDRAWN, HIRED = (
    ApplicationStatus.ACTIVE,
    ApplicationStatus.ON_HOLD,
    ApplicationStatus.REJECTED,
    ApplicationStatus.WITHDRAWN,
    ApplicationStatus.HIRED,
)


def _events(application_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(ApplicationEvent.kind)
            .where(ApplicationEvent.application_id == application_id)
            .order_by(ApplicationEvent.id)
        )
    )


@pytest.fixture
def at(app, add_application, staff):
    """``at(status, stage_index=1)``: an application in that state, loaded in an app context."""
    contexts = []

    def _at(status: ApplicationStatus, stage_index: int | None = 1):
        ref = add_application(stage_index=stage_index, status=status)
        context = app.app_context()
        context.push()
        contexts.append(context)
        application = db.session.get(Application, ref.id)
        return application, db.session.get(User, staff().id)

    yield _at
    for context in reversed(contexts):
        context.pop()


#: step -> (call, the statuses it may start from, the status after it, what a refusal says)
STEPS = {
    "move": (
        lambda a, actor: services.move_application(a, 2, expected_version=a.version, actor=actor),
        {ACTIVE},
        None,
        "reactivate it before you move it",
    ),
    "step": (
        lambda a, actor: services.step_application(a, 1, expected_version=a.version, actor=actor),
        {ACTIVE},
        None,
        "reactivate it before you move it",
    ),
    "hold": (
        lambda a, actor: services.put_on_hold(
            a, reason="Budget", expected_version=a.version, actor=actor
        ),
        {ACTIVE},
        ON_HOLD,
        "Only an active application can be put on hold.",
    ),
    "reactivate": (
        lambda a, actor: services.reactivate(a, expected_version=a.version, actor=actor),
        {ON_HOLD, REJECTED, WITHDRAWN},
        ACTIVE,
        None,  # depends on the status: checked below
    ),
    "reject": (
        lambda a, actor: services.reject(
            a, reason="No evidence", expected_version=a.version, actor=actor
        ),
        {ACTIVE, ON_HOLD},
        REJECTED,
        "application is already closed",
    ),
    "withdraw": (
        lambda a, actor: services.withdraw(a, reason="", expected_version=a.version, actor=actor),
        {ACTIVE, ON_HOLD},
        WITHDRAWN,
        "application is already closed",
    ),
}
CASES = [(step, status) for step in STEPS for status in ApplicationStatus]
KINDS = {"move": "moved", "step": "moved", "hold": "on_hold", "reactivate": "reactivated"}


@pytest.mark.parametrize(("step", "status"), CASES, ids=[f"{s}-from-{t}" for s, t in CASES])
def test_every_step_from_every_status(at, step, status):
    call, sources, target, refusal = STEPS[step]
    application, actor = at(status)
    before = (_events(application.id), db.session.scalar(select(func.count(AuditEvent.id))))
    if status in sources:
        event = call(application, actor)
        assert application.status == (target or status)
        kind = KINDS.get(step, step + "ed" if step != "withdraw" else "withdrawn")
        assert event.kind == kind
        assert _events(application.id) == [*before[0], kind]
        assert db.session.scalar(
            select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)
        ) == (f"application.{kind}")
        if step in ("move", "step"):
            assert application.stage_index == 2
        return
    with pytest.raises(DomainError) as refused:
        call(application, actor)
    message = str(refused.value)
    if step == "reactivate":
        expected = "was hired. To change that" if status == HIRED else "is already active."
        assert expected in message
    else:
        assert refusal in message
        if step in ("move", "step"):
            assert (
                "is on hold;" if status == ON_HOLD else f"is closed ({status.label.lower()})"
            ) in (message)
    assert application.status == status and application.stage_index == 1
    assert (_events(application.id), db.session.scalar(select(func.count(AuditEvent.id)))) == before


@pytest.mark.parametrize("step", list(STEPS))
def test_a_stale_version_is_a_conflict_and_changes_nothing(at, step):
    _call, sources, _target, _refusal = STEPS[step]
    application, actor = at(next(iter(sources)))
    status, stage, events = application.status, application.stage_index, _events(application.id)
    stale = application.version - 1
    with pytest.raises(Conflict, match="was changed by someone else while you were looking"):
        {
            "move": lambda: services.move_application(
                application, 2, expected_version=stale, actor=actor
            ),
            "step": lambda: services.step_application(
                application, 1, expected_version=stale, actor=actor
            ),
            "hold": lambda: services.put_on_hold(application, expected_version=stale, actor=actor),
            "reactivate": lambda: services.reactivate(
                application, expected_version=stale, actor=actor
            ),
            "reject": lambda: services.reject(
                application, reason="x", expected_version=stale, actor=actor
            ),
            "withdraw": lambda: services.withdraw(application, expected_version=stale, actor=actor),
        }[step]()
    assert (application.status, application.stage_index, _events(application.id)) == (
        status,
        stage,
        events,
    )


@pytest.mark.parametrize("step", list(STEPS))
def test_a_change_written_at_the_same_moment_is_a_conflict_with_its_own_message(at, step):
    """The page's version matched, but another request wrote the row before this flush:
    SQLAlchemy's stale-row check refuses it with the application's own wording."""
    call, sources, _target, _refusal = STEPS[step]
    application, actor = at(next(iter(sources)))
    with db.engine.begin() as other:  # another request, committed between our read and write
        other.execute(
            update(Application)
            .where(Application.id == application.id)
            .values(version=Application.version + 1)
        )
    with pytest.raises(Conflict) as refused:
        call(application, actor)
    assert refused.value.message == services.CHANGED_AT_THE_SAME_MOMENT
    assert refused.value.message == (
        "Someone else changed this application at the same moment, so nothing was changed. "
        "Check its current stage and status, then try again."
    )


def test_moves_are_refused_outside_the_plan_and_to_the_same_stage(at):
    application, actor = at(ACTIVE, stage_index=None)
    with pytest.raises(DomainError, match="is already at New") as same:
        services.move_application(
            application, None, expected_version=application.version, actor=actor
        )
    assert same.value.field == "stage"
    with pytest.raises(DomainError, match="not in the position's interview plan") as outside:
        services.move_application(application, 7, expected_version=application.version, actor=actor)
    assert outside.value.field == "stage"
    with pytest.raises(DomainError, match="is already at New"):
        services.step_application(
            application, -1, expected_version=application.version, actor=actor
        )
    services.move_application(application, 2, expected_version=application.version, actor=actor)
    with pytest.raises(DomainError, match="already at the last stage of the plan"):
        services.step_application(application, 1, expected_version=application.version, actor=actor)
    assert _events(application.id) == ["created", "moved"]


def test_a_rejection_needs_a_reason(at):
    application, actor = at(ACTIVE)
    with pytest.raises(DomainError, match="Give a reason for rejecting the candidate") as refused:
        services.reject(
            application, reason="   ", expected_version=application.version, actor=actor
        )
    assert refused.value.field == "reason"
    assert application.status == ACTIVE


DECISIONS = {"hire": HIRED, "reject": REJECTED, "hold": ON_HOLD}
DECIDE_CASES = [(o, s) for o in DECISIONS for s in ApplicationStatus]


@pytest.mark.parametrize(
    ("outcome", "status"), DECIDE_CASES, ids=[f"{o}-{s}" for o, s in DECIDE_CASES]
)
def test_decisions_from_every_status(at, outcome, status):
    """A first decision needs an application still in the running (or hired without one);
    a reversal may start anywhere. Either way the status follows the decision."""
    application, actor = at(status)
    if status in (REJECTED, WITHDRAWN):
        with pytest.raises(DomainError, match="reactivate it before deciding") as refused:
            services.check_decision(application, outcome, reversal=False)
        assert refused.value.field == "outcome"
        with pytest.raises(DomainError):
            services.record_decision(application, outcome, rationale="Why", actor=actor)
        assert application.status == status
    else:
        event = services.record_decision(application, outcome, rationale="Why", actor=actor)
        assert (application.status, application.status_reason) == (DECISIONS[outcome], "Why")
        assert (event.kind, event.reason) == (f"decision_{outcome}", "Why")
        db.session.rollback()
        application = db.session.get(Application, application.id)
    event = services.record_decision(
        application, outcome, rationale="Now", reversal_reason="New evidence", actor=actor
    )
    assert application.status == DECISIONS[outcome]
    assert event.reason == "Reversed the earlier decision: New evidence. Now"
    assert (event.from_stage, event.to_stage) == (None, None)
    # The debrief audits decisions itself; the state machine adds no application.* row for them.
    assert not db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action.like("application.decision%"))
    )


def test_adding_an_application(app, make_candidate, make_position, staff):
    candidate, position = make_candidate(name="Jordan Lee"), make_position(title="AE")
    latecomer = make_candidate()
    with app.app_context():
        actor = db.session.get(User, staff().id)
        person, opening = (
            db.session.get(Candidate, candidate.id),
            db.session.get(Position, position.id),
        )
        application = services.add_application(person, opening, actor=actor)
        assert (application.status, application.stage_index) == (ACTIVE, None)
        assert _events(application.id) == ["created"]
        with pytest.raises(DomainError, match="Jordan Lee has already applied to AE") as again:
            services.add_application(person, opening, actor=actor)
        assert again.value.field == "position_id"
        opening.status = PositionStatus.CLOSED
        with pytest.raises(DomainError, match="open or draft positions only"):
            services.add_application(db.session.get(Candidate, latecomer.id), opening, actor=actor)
