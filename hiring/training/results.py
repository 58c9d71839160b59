"""An interviewer's practice record: accuracy, bias and spread per competency over every
answer they rated, and where each practice set stands. Bounded queries."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from hiring.auth.models import User
from hiring.db import db
from hiring.library.models import ReferenceAnswer
from hiring.training.models import PracticeAttempt, PracticeRating


@dataclass(frozen=True)
class Accuracy:
    """An interviewer's practice record on one competency, over every answer they rated."""

    competency_key: str
    rated: int
    #: Mean absolute difference from the reference, in levels (0 is perfect).
    mean_absolute: float | None
    #: Signed mean difference: above zero lenient, below it severe.
    bias: float | None
    #: Standard deviation of the signed differences: how steady the rater is (lower is steadier).
    spread: float | None
    within_one_share: float | None
    not_assessed: int


def accuracy(user: User) -> list[Accuracy]:
    """Per competency, over every practice rating the user ever gave (one query)."""
    rows = db.session.execute(
        select(ReferenceAnswer.competency_key, PracticeRating.rating, ReferenceAnswer.rating)
        .join(PracticeRating.reference_answer)
        .join(PracticeRating.attempt)
        .where(PracticeAttempt.user_id == user.id)
        .order_by(ReferenceAnswer.competency_key)
    ).all()
    grouped: dict[str, list[tuple[int | None, int]]] = {}
    for key, given, reference in rows:
        grouped.setdefault(key, []).append((given, reference))
    return [_accuracy(key, pairs) for key, pairs in grouped.items()]


def _accuracy(key: str, pairs: Sequence[tuple[int | None, int]]) -> Accuracy:
    differences = [given - reference for given, reference in pairs if given is not None]
    missing = len(pairs) - len(differences)
    if not differences:
        return Accuracy(key, len(pairs), None, None, None, 0.0, missing)
    return Accuracy(
        competency_key=key,
        rated=len(pairs),
        mean_absolute=statistics.fmean(abs(d) for d in differences),
        bias=statistics.fmean(differences),
        spread=statistics.pstdev(differences) if len(differences) > 1 else None,
        # Not assessed is a miss: the reference always rates the answer.
        within_one_share=sum(abs(d) <= 1 for d in differences) / len(pairs),
        not_assessed=missing,
    )


@dataclass(frozen=True)
class SetProgress:
    rated: int
    total: int
    finished: bool
    #: competency key -> passed, for a finished attempt
    passed: dict[str, bool]


def progress(user: User) -> dict[str, SetProgress]:
    """Per practice set, the user's latest attempt: how far, and what it passed (two
    queries whatever the history)."""
    latest_ids = (
        select(func.max(PracticeAttempt.id))
        .where(PracticeAttempt.user_id == user.id)
        .group_by(PracticeAttempt.set_key)
    )
    attempts = db.session.scalars(
        select(PracticeAttempt)
        .where(PracticeAttempt.id.in_(latest_ids))
        .options(selectinload(PracticeAttempt.ratings), selectinload(PracticeAttempt.results))
    ).all()
    return {
        a.set_key: SetProgress(
            rated=len(a.ratings),
            total=len(a.answer_ids),
            finished=a.finished_at is not None,
            passed={r.competency_key: r.passed for r in a.results},
        )
        for a in attempts
    }
