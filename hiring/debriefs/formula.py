"""Mechanical combination of a panel's ratings against the pre-set hiring bar.

Structured-interview research favours a formula over discussion (Campion et al., E15):
the weighted mean of competency means, every must-have at its minimum, compared with the
bar the role profile set before the first interview. *Not assessed* is excluded from every
mean and counted separately; it is never a low score. The result sits beside the
interviewers' own recommendations, never instead of them.

It speaks only on enough evidence (``EvidenceRule``, set by the role profile): every
must-have rated by enough independent interviewers and every planned stage's cards in (or
the stage cancelled). Short of that the outcome is *Not enough evidence* and
``FormulaResult.missing_evidence`` says what is still missing, with one exception: a
must-have that enough interviewers rated below its minimum has failed, and the outcome is
*Do not hire* whatever else is still unrated (more evidence elsewhere cannot rescue it).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

#: Raters this many levels apart on one competency are flagged for discussion.
DISAGREEMENT_LEVELS = 2


class Outcome(enum.StrEnum):
    HIRE = "hire"
    REJECT = "reject"
    #: The role profile's minimum evidence is not met (and no must-have has failed on
    #: enough of it): the formula cannot recommend either way.
    INSUFFICIENT = "insufficient"

    @property
    def label(self) -> str:
        return {
            "hire": "Hire",
            "reject": "Do not hire",
            "insufficient": "Not enough evidence",
        }[self.value]


@dataclass(frozen=True)
class EvidenceRule:
    """The minimum evidence before the formula speaks (the role profile's ``[evidence]``)."""

    raters_per_must_have: int = 2
    all_stages: bool = True


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name: str
    weight: float
    must_have: bool = False
    minimum: float | None = None


@dataclass
class CompetencyScore:
    """The panel's ratings of one competency, kept as running totals (not a list), so a
    comparison of hundreds of candidates can be fed aggregates straight from SQL."""

    spec: CompetencySpec
    n: int = 0  # ratings on the scale (not assessed excluded)
    total: float = 0.0
    lo: int | None = None
    hi: int | None = None
    not_assessed: int = 0
    #: Distinct interviewers who rated it, when the caller knows them (one interviewer on two
    #: stages is one rater); otherwise every rating counts as one rater.
    raters: int | None = None

    @property
    def rater_count(self) -> int:
        return self.n if self.raters is None else self.raters

    def add(self, level: int | None, count: int = 1) -> None:
        if level is None:
            self.not_assessed += count
            return
        self.n += count
        self.total += level * count
        self.lo = level if self.lo is None else min(self.lo, level)
        self.hi = level if self.hi is None else max(self.hi, level)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def spread(self) -> int | None:
        """max - min of the ratings (None without ratings)."""
        return self.hi - self.lo if self.hi is not None and self.lo is not None else None

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
        return self.spec.must_have and not self.n


@dataclass
class FormulaResult:
    competencies: list[CompetencyScore]
    bar: float
    #: Weighted mean of competency means (None when nothing was rated).
    score: float | None
    outcome: Outcome
    rule: EvidenceRule = field(default_factory=EvidenceRule)
    #: Names of planned stages whose cards are not all in (and which were not cancelled).
    pending_stages: list[str] = field(default_factory=list)

    @property
    def thin_must_haves(self) -> list[CompetencyScore]:
        """Must-haves rated by fewer interviewers than the rule asks for."""
        wanted = self.rule.raters_per_must_have
        return [c for c in self.competencies if c.spec.must_have and c.rater_count < wanted]

    @property
    def missing_evidence(self) -> list[str]:
        """What is still missing before the formula may recommend, in plain words."""
        wanted = self.rule.raters_per_must_have
        missing = [
            f"{c.spec.name} (must-have): rated by {c.rater_count} of the {wanted} "
            "interviewers needed."
            for c in self.thin_must_haves
        ]
        if self.rule.all_stages:
            missing += [f"{name}: scorecards not all in." for name in self.pending_stages]
        if self.score is None and not missing:
            missing.append("No competency has a rating yet.")
        return missing

    @property
    def evidence_met(self) -> bool:
        return not self.missing_evidence

    @property
    def firm_failures(self) -> list[CompetencyScore]:
        """Must-haves below their minimum on enough raters: the candidate has failed them."""
        wanted = self.rule.raters_per_must_have
        return [c for c in self.failed_must_haves if c.rater_count >= wanted]

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
    rule: EvidenceRule | None = None,
    pending_stages: Sequence[str] = (),
    raters: dict[str, int] | None = None,
) -> FormulaResult:
    """Score ``ratings`` ((competency key, level or None for not assessed), one per rater and
    competency) against ``specs`` and the hiring ``bar``, on the evidence ``rule`` (default:
    ``EvidenceRule()``); ``pending_stages`` names planned stages still owing cards, and
    ``raters`` (competency key -> distinct interviewers) overrides counting each rating as
    one rater."""
    result = combine_counts(specs, ((key, level, 1) for key, level in ratings), bar)
    for score in result.competencies:
        if raters is not None:
            score.raters = raters.get(score.spec.key, 0)
    return _decide(result, rule or EvidenceRule(), pending_stages)


def combine_counts(
    specs: Sequence[CompetencySpec],
    counts: Iterable[tuple[str, int | None, int]],
    bar: float,
    rule: EvidenceRule | None = None,
) -> FormulaResult:
    """As ``combine``, from (competency key, level or None, how many raters gave it)."""
    scores = {spec.key: CompetencyScore(spec) for spec in specs}
    for key, level, count in counts:
        score = scores.get(key)
        if score is not None:  # a competency outside the profile does not count
            score.add(level, count)
    return _result(scores, bar, rule or EvidenceRule())


@dataclass(frozen=True)
class Aggregate:
    """SQL aggregates of one competency's ratings: count, sum, min, max, not-assessed."""

    n: int
    total: float
    lo: int | None
    hi: int | None
    not_assessed: int


def combine_aggregates(
    specs: Sequence[CompetencySpec],
    aggregates: dict[str, Aggregate],
    bar: float,
    rule: EvidenceRule | None = None,
    pending_stages: Sequence[str] = (),
) -> FormulaResult:
    """As ``combine``, from per-competency aggregates computed by the database."""
    scores = {}
    for spec in specs:
        agg = aggregates.get(spec.key)
        score = CompetencyScore(spec)
        if agg is not None:
            score.n, score.total, score.not_assessed = agg.n, agg.total, agg.not_assessed
            score.lo, score.hi = (agg.lo, agg.hi) if agg.n else (None, None)
        scores[spec.key] = score
    return _result(scores, bar, rule or EvidenceRule(), pending_stages)


def _result(
    scores: dict[str, CompetencyScore],
    bar: float,
    rule: EvidenceRule,
    pending_stages: Sequence[str] = (),
) -> FormulaResult:
    rated = [s for s in scores.values() if s.n and s.spec.weight > 0]
    total_weight = sum(s.spec.weight for s in rated)
    weighted = (
        sum(s.spec.weight * (s.mean or 0.0) for s in rated) / total_weight if total_weight else None
    )
    return _decide(
        FormulaResult(list(scores.values()), bar, weighted, Outcome.REJECT), rule, pending_stages
    )


def _decide(
    result: FormulaResult, rule: EvidenceRule, pending_stages: Sequence[str]
) -> FormulaResult:
    """A failed must-have first, then the minimum evidence, then the bar."""
    result.rule, result.pending_stages = rule, list(pending_stages)
    if result.firm_failures:
        result.outcome = Outcome.REJECT
    elif not result.evidence_met or result.score is None:
        result.outcome = Outcome.INSUFFICIENT
    elif not result.failed_must_haves and result.score >= result.bar:
        result.outcome = Outcome.HIRE
    else:
        result.outcome = Outcome.REJECT
    return result
