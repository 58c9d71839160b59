"""Mechanical combination of a panel's ratings against the pre-set hiring bar.

Structured-interview research favours a formula over discussion (Campion et al., E15):
the weighted mean of competency means, every must-have at its minimum, compared with the
bar the role profile set before the first interview. *Not assessed* is excluded from every
mean and counted separately; it is never a low score. The result sits beside the
interviewers' own recommendations, never instead of them.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import fmean

#: Raters this many levels apart on one competency are flagged for discussion.
DISAGREEMENT_LEVELS = 2


class Outcome(enum.StrEnum):
    HIRE = "hire"
    REJECT = "reject"
    #: A must-have has no rating at all: the formula cannot recommend either way.
    INSUFFICIENT = "insufficient"

    @property
    def label(self) -> str:
        return {
            "hire": "Hire",
            "reject": "Do not hire",
            "insufficient": "Not enough evidence",
        }[self.value]


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name: str
    weight: float
    must_have: bool = False
    minimum: float | None = None


@dataclass
class CompetencyScore:
    spec: CompetencySpec
    ratings: list[int] = field(default_factory=list)
    not_assessed: int = 0

    @property
    def mean(self) -> float | None:
        return fmean(self.ratings) if self.ratings else None

    @property
    def spread(self) -> int | None:
        """max - min of the ratings (None without ratings)."""
        return max(self.ratings) - min(self.ratings) if self.ratings else None

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_LEVELS

    @property
    def below_minimum(self) -> bool:
        spec = self.spec
        return bool(
            spec.must_have
            and spec.minimum is not None
            and self.mean is not None
            and self.mean < spec.minimum
        )

    @property
    def missing_must_have(self) -> bool:
        return self.spec.must_have and not self.ratings


@dataclass
class FormulaResult:
    competencies: list[CompetencyScore]
    bar: float
    #: Weighted mean of competency means (None when nothing was rated).
    score: float | None
    outcome: Outcome

    @property
    def failed_must_haves(self) -> list[CompetencyScore]:
        return [c for c in self.competencies if c.below_minimum]

    @property
    def missing_must_haves(self) -> list[CompetencyScore]:
        return [c for c in self.competencies if c.missing_must_have]

    @property
    def excluded(self) -> list[CompetencyScore]:
        """Competencies left out of the score because nobody rated them."""
        return [c for c in self.competencies if c.mean is None]

    @property
    def flagged(self) -> list[CompetencyScore]:
        return [c for c in self.competencies if c.disagreement]

    @property
    def reasons(self) -> list[str]:
        """Why the formula came out as it did, in plain words."""
        reasons = []
        for c in self.missing_must_haves:
            reasons.append(f"{c.spec.name} is a must-have and nobody assessed it.")
        for c in self.failed_must_haves:
            reasons.append(
                f"{c.spec.name} is a must-have: panel mean {c.mean:.2f} is below the "
                f"minimum of {c.spec.minimum:g}."
            )
        if self.score is not None:
            relation = "meets" if self.score >= self.bar else "is below"
            reasons.append(f"Weighted score {self.score:.2f} {relation} the bar of {self.bar:g}.")
        return reasons


def combine(
    specs: Sequence[CompetencySpec],
    ratings: Iterable[tuple[str, int | None]],
    bar: float,
) -> FormulaResult:
    """Score ``ratings`` ((competency key, level or None for not assessed), one per rater and
    competency) against ``specs`` and the hiring ``bar``."""
    scores = {spec.key: CompetencyScore(spec) for spec in specs}
    for key, level in ratings:
        score = scores.get(key)
        if score is None:
            continue  # a competency outside the profile does not count toward the bar
        if level is None:
            score.not_assessed += 1
        else:
            score.ratings.append(level)
    rated = [s for s in scores.values() if s.mean is not None and s.spec.weight > 0]
    total_weight = sum(s.spec.weight for s in rated)
    weighted = (
        sum(s.spec.weight * (s.mean or 0.0) for s in rated) / total_weight if total_weight else None
    )
    result = FormulaResult(list(scores.values()), bar, weighted, Outcome.REJECT)
    if result.missing_must_haves or weighted is None:
        result.outcome = Outcome.INSUFFICIENT
    elif not result.failed_must_haves and weighted >= bar:
        result.outcome = Outcome.HIRE
    return result
