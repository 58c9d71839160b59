"""Opening debriefs and recording decisions. Functions flush, never commit.

A decision changes the application's status only through the applications state machine
(``hiring.applications.services.record_decision``): hire, reject or hold as decided, and the
reversal of an earlier decision. This module writes the ``Decision`` rows and their audit.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.orm.attributes import set_committed_value

from hiring import timezones
from hiring.applications import services as applications
from hiring.applications.models import Application
from hiring.audit.services import record
from hiring.auth.models import Role, User
from hiring.calendar import start_date_problem
from hiring.db import db, utcnow
from hiring.debriefs.formula import FormulaResult, Outcome
from hiring.debriefs.headcount import headcount
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.debriefs.queries import Debrief
from hiring.domain import DomainError
from hiring.transaction import flush_or_conflict

#: What the person is told when another decision was recorded between their read and write.
DECIDED_MEANWHILE = (
    "Someone else recorded a decision for this candidate a moment ago, so yours was not "
    "saved. It is shown below; to change it, record a reversal."
)


def note_read(debriefs: Iterable[Debrief], viewer: User) -> None:
    """Reading a debrief, on its page or printed, opens it.

    The first time the hiring manager, a recruiter or an admin reads a debrief that has
    submitted scorecards, note when: scorecard amendments after that are marked post-debrief.
    An interviewer's reading notes nothing, nor does reading one whose numbers were hidden
    from the reader (``Debrief.hidden``: they still owe a card). Callers that print do so
    first and note after, so no write is pending while the PDF renders.

    Two people opening it at the same moment must both get the page, so this is a plain
    UPDATE that only fills an empty time (the first reader wins), not a change of the
    version-counted row: it never conflicts and never bumps the version a form was shown at.
    """
    for debrief in debriefs:
        application = debrief.application
        if debrief.hidden or not debrief.submitted or application.debrief_opened_at is not None:
            continue
        if viewer.has_role(Role.RECRUITER, Role.ADMIN) or (
            application.position.hiring_manager_id == viewer.id
        ):
            opened_at = utcnow()
            db.session.execute(
                update(Application)
                .where(Application.id == application.id, Application.debrief_opened_at.is_(None))
                .values(debrief_opened_at=opened_at)
                .execution_options(synchronize_session=False)
            )
            set_committed_value(application, "debrief_opened_at", opened_at)


def departs_from_formula(outcome: DecisionOutcome, formula: FormulaResult) -> bool:
    """Deciding against a firm recommendation (on "Not enough evidence" there is none to
    depart from: the decide-now reason says why the decision could not wait)."""
    if formula.outcome == Outcome.INSUFFICIENT:
        return False
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
    decide_now_reason: str = "",
) -> Decision:
    """Record the hiring manager's decision; a second decision must reverse the first.
    Before the role profile's minimum evidence is met it needs a decide-now reason."""
    current = current_decision(application.id)
    if current is not None and not reversal_reason.strip():
        raise DomainError(
            f"{application.candidate.name} already has a decision ({current.outcome.label}). "
            "To change it, record a reversal with a reason.",
            field="reversal_reason",
        )
    applications.check_decision(application, outcome.value, reversal=current is not None)
    if not rationale.strip():
        raise DomainError("Write the rationale for this decision.", field="rationale")
    thin = not formula.evidence_met
    if thin and not decide_now_reason.strip():
        raise DomainError(
            "The evidence is not complete yet ("
            + " ".join(formula.missing_evidence)
            + ") Deciding now needs a written reason.",
            field="decide_now_reason",
        )
    against = departs_from_formula(outcome, formula)
    if against and not override_reason.strip():
        raise DomainError(
            f"The formula recommends “{formula.outcome.label}”. Deciding otherwise needs a "
            "written override reason.",
            field="override_reason",
        )
    if outcome == DecisionOutcome.HIRE:
        if start_date is None:
            raise DomainError("Choose the new hire's start date.", field="start_date")
        if problem := start_date_problem(start_date, timezones.today()):
            raise DomainError(problem, field="start_date")
        manager = manager or application.position.hiring_manager
        if not manager.active:
            raise DomainError(f"{manager.name} is deactivated.", field="manager_id")
    else:
        start_date, manager = None, None
    decision = Decision(
        application_id=application.id,
        outcome=outcome,
        rationale=rationale.strip(),
        override_reason=override_reason.strip() if against else None,
        decide_now_reason=decide_now_reason.strip() if thin else None,
        formula_outcome=formula.outcome.value,
        formula_score=formula.score,
        decided_by_id=actor.id,
        start_date=start_date,
        manager_id=manager.id if manager else None,
    )
    reversal = reversal_reason.strip() if current is not None else None
    if current is not None:
        current.current = False
        db.session.flush()  # before the new current row goes in (one current per application)
        decision.reverses_id = current.id
        decision.reversal_reason = reversal
    previous_status = application.status
    db.session.add(decision)
    # The database allows one current decision per application: if another was committed
    # after we read "none", ours is refused here.
    flush_or_conflict(DECIDED_MEANWHILE)
    applications.record_decision(
        application,
        outcome.value,
        rationale=rationale.strip(),
        reversal_reason=reversal,
        actor=actor,
    )
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
            "decide_now_reason": decision.decide_now_reason,
            "missing_evidence": formula.missing_evidence if thin else None,
            "start_date": start_date.isoformat() if start_date else None,
            "manager": manager.email if manager else None,
        },
    )
    if outcome == DecisionOutcome.HIRE:
        _note_over_headcount(application, actor)
    return decision


def _note_over_headcount(application: Application, actor: User) -> None:
    """A hire past the position's headcount is allowed, and kept in the audit log."""
    position = application.position
    count = headcount(position)
    if count.over_by:
        record(
            "decision.over_headcount",
            application,
            actor=actor,
            object_type="applications",
            label=f"{application.candidate.name}: {position.title}",
            after={"headcount": count.headcount, "hires": len(count.hired), "hired": count.hired},
        )
