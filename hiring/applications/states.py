"""The application state machine: every status change an application may make, in one table.

Each ``Step`` names the statuses it may start from and the status it leads to (``None``: the
status stays, as for a move between stages). ``check`` is the one gate: every service that
changes an application (``hiring.applications.services``, and through it the debrief's
decisions) asks it first, so a refusal reads the same wherever it comes from. Pages ask
``allows`` (through ``permissions.can_take``) so they offer only the steps ``check`` permits.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

from hiring.applications.models import Application, ApplicationStatus
from hiring.domain import DomainError

ACTIVE = ApplicationStatus.ACTIVE
ON_HOLD = ApplicationStatus.ON_HOLD
REJECTED = ApplicationStatus.REJECTED
WITHDRAWN = ApplicationStatus.WITHDRAWN
HIRED = ApplicationStatus.HIRED
OPEN = frozenset({ACTIVE, ON_HOLD})
EVERY = frozenset(ApplicationStatus)


class Step(enum.StrEnum):
    """What can happen to an application; the value is its history event kind."""

    MOVE = "moved"
    HOLD = "on_hold"
    REACTIVATE = "reactivated"
    REJECT = "rejected"
    WITHDRAW = "withdrawn"
    DECIDE_HIRE = "decision_hire"
    DECIDE_REJECT = "decision_reject"
    DECIDE_HOLD = "decision_hold"


def _closed_or_held(doing: str) -> Callable[[Application], str]:
    def message(application: Application) -> str:
        who = application.candidate.name
        if application.status == ON_HOLD:
            return f"{who}'s application is on hold; reactivate it before you {doing} it."
        return (
            f"{who}'s application is closed ({application.status.label.lower()}); "
            f"reactivate it before you {doing} it."
        )

    return message


def _already_closed(application: Application) -> str:
    return (
        f"{application.candidate.name}'s application is already closed "
        f"({application.status.label.lower()})."
    )


def _not_reactivatable(application: Application) -> str:
    who = application.candidate.name
    if application.status == HIRED:
        return (
            f"{who} was hired. To change that, reverse the decision in the debrief, with a reason."
        )
    return f"{who}'s application is already active."


def _undecidable(application: Application) -> str:
    return f"This application is {application.status.label.lower()}; reactivate it before deciding."


@dataclass(frozen=True)
class Transition:
    sources: frozenset[ApplicationStatus]
    #: The status after the step; None keeps the current one.
    target: ApplicationStatus | None
    refusal: Callable[[Application], str]
    #: The form field a refusal belongs beside, if any.
    field: str | None = None
    #: A decision is audited by the debrief (``decision.made``/``decision.reversed``, with the
    #: formula and the start date) and its history entry has no stage; the rest audit here.
    decision: bool = False


#: THE table. A first decision needs an application still in the running (a hire recorded
#: without a decision, as old data may have, counts); a reversal of a recorded decision
#: (``reversal=True`` in ``check``) may start from any status.
TRANSITIONS: dict[Step, Transition] = {
    Step.MOVE: Transition(frozenset({ACTIVE}), None, _closed_or_held("move")),
    Step.HOLD: Transition(
        frozenset({ACTIVE}), ON_HOLD, lambda _a: "Only an active application can be put on hold."
    ),
    Step.REACTIVATE: Transition(
        frozenset({ON_HOLD, REJECTED, WITHDRAWN}), ACTIVE, _not_reactivatable
    ),
    Step.REJECT: Transition(OPEN, REJECTED, _already_closed),
    Step.WITHDRAW: Transition(OPEN, WITHDRAWN, _already_closed),
    Step.DECIDE_HIRE: Transition(OPEN | {HIRED}, HIRED, _undecidable, "outcome", decision=True),
    Step.DECIDE_REJECT: Transition(
        OPEN | {HIRED}, REJECTED, _undecidable, "outcome", decision=True
    ),
    Step.DECIDE_HOLD: Transition(OPEN | {HIRED}, ON_HOLD, _undecidable, "outcome", decision=True),
}


def allows(application: Application, step: Step, *, reversal: bool = False) -> bool:
    """Whether the current status lets ``step`` start (pages ask it to offer only what
    ``check`` would let through)."""
    return reversal or status_allows(application.status, step)


def status_allows(status: ApplicationStatus, step: Step) -> bool:
    """Whether an application in ``status`` may take ``step`` (a list reading statuses alone)."""
    return status in TRANSITIONS[step].sources


def check(application: Application, step: Step, *, reversal: bool = False) -> Transition:
    """The transition for ``step``, or ``DomainError`` when the current status forbids it."""
    transition = TRANSITIONS[step]
    if not allows(application, step, reversal=reversal):
        raise DomainError(transition.refusal(application), field=transition.field)
    return transition
