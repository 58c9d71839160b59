"""Adding applications and every change of their stage or status. Functions flush, never commit.

Every change goes through ``_apply``, which asks the state machine (``hiring.applications.states``)
first, then writes the status, the history event and the audit record in one place. The
debrief's decision (``hiring.debriefs``, later in the flow) calls ``record_decision`` here
rather than writing an application's status itself.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import select

from hiring.applications.models import Application, ApplicationEvent
from hiring.applications.stages import current_stage, stage_label, stage_names
from hiring.applications.states import Step, check
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.domain import DomainError, expect_version
from hiring.positions.models import Position, PositionStatus
from hiring.transaction import conflicts_as_domain_errors, flush_or_conflict

logger = logging.getLogger(__name__)

#: What the person is told when the database noticed that another change of the same
#: application was written between this request's read and its write.
CHANGED_AT_THE_SAME_MOMENT = (
    "Someone else changed this application at the same moment, so nothing was changed. "
    "Check its current stage and status, then try again."
)

#: Positions that take new candidates.
APPLY_STATUSES = (PositionStatus.OPEN, PositionStatus.DRAFT)


def _label(application: Application) -> str:
    return f"{application.candidate.name}: {application.position.title}"


def _state(application: Application) -> dict[str, Any]:
    return {
        "status": application.status.value,
        "stage": current_stage(application),
        "reason": application.status_reason,
    }


def already_applied(candidate: Candidate, position: Position) -> str:
    return f"{candidate.name} has already applied to {position.title}."


def has_applied(candidate: Candidate, position: Position) -> bool:
    """Whether ``candidate`` is already in ``position``'s pipeline (as this request sees it)."""
    existing = db.session.scalar(
        select(Application.id).where(
            Application.candidate_id == candidate.id, Application.position_id == position.id
        )
    )
    return existing is not None


def add_application(candidate: Candidate, position: Position, *, actor: User) -> Application:
    """Put a candidate into a position's pipeline (once per position), at "New"."""
    if position.status not in APPLY_STATUSES:
        raise DomainError(
            f"{position.title} is {position.status.label.lower()}; candidates can be added to "
            "open or draft positions only.",
            field="position_id",
        )
    if has_applied(candidate, position):
        raise DomainError(already_applied(candidate, position), field="position_id")
    application = Application(candidate=candidate, position=position, stage_index=None)
    db.session.add(application)
    # Someone may add the same application at the same moment: the unique constraint says so.
    flush_or_conflict(already_applied(candidate, position), field="position_id")
    application.events.append(ApplicationEvent(kind="created", actor_id=actor.id, to_stage=None))
    db.session.flush()
    record(
        "application.created",
        application,
        actor=actor,
        label=_label(application),
        after=_state(application),
    )
    return application


def _expect(application: Application, expected_version: int) -> None:
    expect_version(
        application,
        expected_version,
        f"{application.candidate.name}'s application was changed by someone else while you "
        "were looking at it, so nothing was changed. Check its current stage and status below, "
        "then try again.",
    )


def _apply(
    application: Application,
    step: Step,
    *,
    actor: User,
    reason: str = "",
    to_stage: int | None = None,
    reversal: bool = False,
    note: str = "",
) -> ApplicationEvent:
    """The one writer of an application's stage and status: check, change, log, audit."""
    transition = check(application, step, reversal=reversal)
    before = _state(application)
    from_stage = application.stage_index
    staged = not transition.decision
    # The row's version is checked when the change is written (here, or by an autoflush
    # while the event is added): another request's write in between is refused in our words.
    with conflicts_as_domain_errors(CHANGED_AT_THE_SAME_MOMENT):
        if step == Step.MOVE:
            application.stage_index = to_stage
        if transition.target is not None:
            application.status = transition.target
            application.status_reason = reason
        event = ApplicationEvent(
            kind=step.value,
            actor_id=actor.id,
            from_stage=from_stage if staged else None,
            to_stage=application.stage_index if staged else None,
            reason=note + reason,
        )
        application.events.append(event)
        db.session.flush()
    logger.info("application %s %s by user %s", application.id, step.value, actor.id)
    if transition.decision:
        return event
    record(
        f"application.{step.value}",
        application,
        actor=actor,
        label=_label(application),
        before=before,
        after=_state(application),
    )
    return event


def move_application(
    application: Application, to_stage: int | None, *, expected_version: int, actor: User
) -> ApplicationEvent:
    """Move an active application to a stage of the current plan (None: back to "New")."""
    _expect(application, expected_version)
    check(application, Step.MOVE)
    names = stage_names(application.position)
    if to_stage is not None and not 0 <= to_stage < len(names):
        raise DomainError("That stage is not in the position's interview plan.", field="stage")
    if to_stage == application.stage_index:
        raise DomainError(
            f"{application.candidate.name} is already at {stage_label(names, to_stage)}.",
            field="stage",
        )
    return _apply(application, Step.MOVE, actor=actor, to_stage=to_stage)


def step_application(
    application: Application, direction: int, *, expected_version: int, actor: User
) -> ApplicationEvent:
    """Move to the next (+1) or previous (-1) step: New, then each stage in order."""
    _expect(application, expected_version)
    check(application, Step.MOVE)
    names = stage_names(application.position)
    here = -1 if application.stage_index is None else application.stage_index
    target = here + (1 if direction > 0 else -1)
    if target < -1:
        raise DomainError(f"{application.candidate.name} is already at New.")
    if target >= len(names):
        raise DomainError(f"{application.candidate.name} is already at the last stage of the plan.")
    return move_application(
        application,
        None if target == -1 else target,
        expected_version=expected_version,
        actor=actor,
    )


def put_on_hold(
    application: Application, *, reason: str = "", expected_version: int, actor: User
) -> ApplicationEvent:
    _expect(application, expected_version)
    return _apply(application, Step.HOLD, actor=actor, reason=reason.strip())


def reactivate(application: Application, *, expected_version: int, actor: User) -> ApplicationEvent:
    """Back to active from on hold, rejected or withdrawn; the stage is kept.

    A hire is undone only by reversing the decision in the debrief, where the reason is
    recorded and the decision history kept.
    """
    _expect(application, expected_version)
    return _apply(application, Step.REACTIVATE, actor=actor)


def reject(
    application: Application, *, reason: str, expected_version: int, actor: User
) -> ApplicationEvent:
    """Close the application; the reason is required (it is what the debrief will ask)."""
    _expect(application, expected_version)
    check(application, Step.REJECT)
    if not reason.strip():
        raise DomainError("Give a reason for rejecting the candidate.", field="reason")
    return _apply(application, Step.REJECT, actor=actor, reason=reason.strip())


def withdraw(
    application: Application, *, reason: str = "", expected_version: int, actor: User
) -> ApplicationEvent:
    """The candidate withdrew; the reason is optional."""
    _expect(application, expected_version)
    return _apply(application, Step.WITHDRAW, actor=actor, reason=reason.strip())


#: A decision's outcome (``DecisionOutcome.value``) and the step it takes.
DECISION_STEPS = {"hire": Step.DECIDE_HIRE, "reject": Step.DECIDE_REJECT, "hold": Step.DECIDE_HOLD}


def check_decision(application: Application, outcome: str, *, reversal: bool) -> None:
    """Refuse a decision the application's status does not allow, before anything is written."""
    check(application, DECISION_STEPS[outcome], reversal=reversal)


def record_decision(
    application: Application,
    outcome: str,
    *,
    rationale: str,
    reversal_reason: str | None = None,
    actor: User,
) -> ApplicationEvent:
    """Hire, reject or hold as the debrief decided. ``reversal_reason`` is given (not None)
    when this decision reverses an earlier one: that may start from any status, and the
    reason leads the history entry."""
    reversal = reversal_reason is not None
    return _apply(
        application,
        DECISION_STEPS[outcome],
        actor=actor,
        reason=rationale,
        reversal=reversal,
        note=f"Reversed the earlier decision: {reversal_reason}. " if reversal else "",
    )
