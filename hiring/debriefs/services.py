"""Opening debriefs and recording decisions. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.audit.services import record
from hiring.auth.models import Role, User
from hiring.calendar import start_date_problem
from hiring.db import db, utcnow
from hiring.debriefs.formula import FormulaResult, Outcome
from hiring.debriefs.models import Decision, DecisionOutcome


class DecisionError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def mark_opened(application: Application, viewer: User) -> bool:
    """The first time the hiring manager or a recruiter opens the debrief, note when:
    scorecard amendments after that are marked post-debrief."""
    if application.debrief_opened_at is not None:
        return False
    if viewer.has_role(Role.RECRUITER, Role.ADMIN) or (
        application.position.hiring_manager_id == viewer.id
    ):
        application.debrief_opened_at = utcnow()
        db.session.flush()
        return True
    return False


def departs_from_formula(outcome: DecisionOutcome, formula: FormulaResult) -> bool:
    if formula.outcome == Outcome.HIRE:
        return outcome != DecisionOutcome.HIRE
    return outcome == DecisionOutcome.HIRE


def current_decision(application_id: int) -> Decision | None:
    return db.session.scalars(
        select(Decision).where(Decision.application_id == application_id, Decision.current)
    ).first()


def decide(
    application: Application,
    *,
    outcome: DecisionOutcome,
    rationale: str,
    override_reason: str,
    start_date: date | None,
    manager: User | None,
    formula: FormulaResult,
    actor: User,
    reversal_reason: str = "",
) -> Decision:
    """Record the hiring manager's decision; a second decision must reverse the first."""
    current = current_decision(application.id)
    if current is not None and not reversal_reason.strip():
        raise DecisionError(
            f"{application.candidate.name} already has a decision ({current.outcome.label}). "
            "To change it, record a reversal with a reason.",
            field="reversal_reason",
        )
    if current is None and application.status in (
        ApplicationStatus.REJECTED,
        ApplicationStatus.WITHDRAWN,
    ):
        raise DecisionError(
            f"This application is {application.status.label.lower()}; reactivate it before "
            "deciding.",
            field="outcome",
        )
    if not rationale.strip():
        raise DecisionError("Write the rationale for this decision.", field="rationale")
    against = departs_from_formula(outcome, formula)
    if against and not override_reason.strip():
        raise DecisionError(
            f"The formula recommends “{formula.outcome.label}”. Deciding otherwise needs a "
            "written override reason.",
            field="override_reason",
        )
    if outcome == DecisionOutcome.HIRE:
        if start_date is None:
            raise DecisionError("Choose the new hire's start date.", field="start_date")
        if problem := start_date_problem(start_date, utcnow().date()):
            raise DecisionError(problem, field="start_date")
        manager = manager or application.position.hiring_manager
        if not manager.active:
            raise DecisionError(f"{manager.name} is deactivated.", field="manager_id")
    else:
        start_date, manager = None, None
    decision = Decision(
        application_id=application.id,
        outcome=outcome,
        rationale=rationale.strip(),
        override_reason=override_reason.strip() if against else None,
        formula_outcome=formula.outcome.value,
        formula_score=formula.score,
        decided_by_id=actor.id,
        start_date=start_date,
        manager_id=manager.id if manager else None,
    )
    if current is not None:
        current.current = False
        db.session.flush()  # before the new current row goes in (one current per application)
        decision.reverses_id = current.id
        decision.reversal_reason = reversal_reason.strip()
    db.session.add(decision)
    previous_status = application.status
    application.status = {
        DecisionOutcome.HIRE: ApplicationStatus.HIRED,
        DecisionOutcome.REJECT: ApplicationStatus.REJECTED,
        DecisionOutcome.HOLD: ApplicationStatus.ON_HOLD,
    }[outcome]
    application.status_reason = rationale.strip()
    application.events.append(
        ApplicationEvent(
            actor_id=actor.id,
            kind=f"decision_{outcome.value}",
            reason=(
                f"Reversed the earlier decision: {reversal_reason.strip()}. " if current else ""
            )
            + rationale.strip(),
        )
    )
    db.session.flush()
    record(
        "decision.reversed" if current else "decision.made",
        application,
        actor=actor,
        object_type="applications",
        label=f"{application.candidate.name}: {application.position.title}",
        before={
            "status": previous_status.value,
            "decision": current.outcome.value if current else None,
        },
        after={
            "decision": outcome.value,
            "formula": formula.outcome.value,
            "score": round(formula.score, 2) if formula.score is not None else None,
            "override_reason": decision.override_reason,
            "start_date": start_date.isoformat() if start_date else None,
            "manager": manager.email if manager else None,
        },
    )
    return decision
