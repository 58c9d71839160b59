"""How many hires a position has against its headcount.

Hiring past the headcount is allowed (a second excellent finalist, a backfill agreed in the
corridor), but never silently: the decision form warns before it is recorded, the flash says
so after, and the audit log keeps a ``decision.over_headcount`` entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.positions.models import Position
from hiring.wording import counted


@dataclass(frozen=True)
class Headcount:
    headcount: int
    #: Candidates whose current decision on this position is a hire, in the order decided.
    hired: list[str]

    @property
    def over_by(self) -> int:
        return max(len(self.hired) - self.headcount, 0)

    @property
    def full(self) -> bool:
        """One more hire would go past the headcount."""
        return len(self.hired) >= self.headcount

    def warning(self, position_title: str) -> str:
        """The sentence shown when hires reach or pass the headcount."""
        count = len(self.hired)
        return (
            f"{position_title} has a headcount of {self.headcount} and "
            f"{counted(count, 'hire')} recorded ({', '.join(self.hired)})."
        )


def headcount(position: Position, *, excluding_application: int | None = None) -> Headcount:
    """The position's headcount and its current hires, leaving out one application (the one
    being decided, so re-recording its own hire is not counted twice)."""
    query = (
        select(Candidate.name)
        .select_from(Decision)
        .join(Application, Application.id == Decision.application_id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .where(
            Application.position_id == position.id,
            Decision.current,
            Decision.outcome == DecisionOutcome.HIRE,
        )
        .order_by(Decision.decided_at, Decision.id)
    )
    if excluding_application is not None:
        query = query.where(Application.id != excluding_application)
    return Headcount(position.headcount, list(db.session.scalars(query)))
