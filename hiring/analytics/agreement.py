"""Whether interviewers agree: per position and per role profile, competency by competency and
over all competencies, Krippendorff's ordinal alpha and the ICC form the design calls for, and
hire/no-hire agreement on recommendations.

Everything is computed in Python from the rows of ``ratings.load_ratings`` (two statements), so
the page, its CSV and any report read the same figures. The texts shown (figures, readings) are
built here once, so the page and the CSV cannot drift apart.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, replace
from operator import attrgetter

from hiring.analytics.icc import IccChoice, choose_icc, icc_reading
from hiring.analytics.ratings import Card, RatingRow, Ratings
from hiring.analytics.results import Estimate, NotEnoughData, Result
from hiring.analytics.statistics import (
    MIN_RATERS_PER_SUBJECT,
    MIN_SUBJECTS,
    RecommendationAgreement,
    alpha_band,
    krippendorff_alpha,
    recommendation_agreement,
)

#: Taylor & Small (2002): structured interviews with anchored scales reach about .77-.79.
BENCHMARK = (0.77, 0.79)
ALL_COMPETENCIES = "All competencies"


def figure(result: Result) -> str:
    """ "0.62 (0.19 to 0.86)", "0.62" without an interval, or the not-enough-data sentence."""
    if isinstance(result, NotEnoughData):
        return result.words
    text = f"{result.value:.2f}"
    if result.ci95 is not None:
        text += f" ({result.ci95[0]:.2f} to {result.ci95[1]:.2f})"
    return text


def percent(result: Result) -> str:
    if isinstance(result, NotEnoughData):
        return result.words
    return f"{result.value:.0%}"


def alpha_reading(result: Result) -> str:
    """Krippendorff's (2004) words for alpha, and for its interval when that says otherwise."""
    if isinstance(result, NotEnoughData):
        return result.words
    words = alpha_band(result.value)
    if result.ci95 is not None:
        low, high = (alpha_band(v) for v in result.ci95)
        if low != high:
            words += f" (the interval runs from {low} to {high})"
    return words


def benchmark_sentence(result: Result) -> str:
    """How ``result`` compares with Taylor & Small's (2002) .77-.79, judged by its interval."""
    if isinstance(result, NotEnoughData):
        return "Not enough data yet to compare with the benchmark."
    low, high = result.ci95 if result.ci95 is not None else (result.value, result.value)
    if high < BENCHMARK[0]:
        where = "below"
    elif low > BENCHMARK[1]:
        where = "above"
    else:
        where = "in line with (the interval includes)"
    return (
        f"Alpha {result.value:.2f} is {where} the .77 to .79 that structured interviews with"
        " anchored rating scales reach (Taylor & Small 2002)."
    )


@dataclass(frozen=True)
class AgreementRow:
    """One competency (or all of them) in one position or role profile."""

    competency: str
    candidates: int
    ratings: int
    alpha: Result
    icc: IccChoice

    @property
    def alpha_text(self) -> str:
        return figure(self.alpha)

    @property
    def alpha_words(self) -> str:
        return alpha_reading(self.alpha)

    @property
    def icc_single_text(self) -> str:
        return figure(self.icc.single)

    @property
    def icc_average_text(self) -> str:
        return figure(self.icc.average)

    @property
    def icc_words(self) -> str:
        return icc_reading(self.icc.single)

    @property
    def enough(self) -> bool:
        return isinstance(self.alpha, Estimate)

    @property
    def icc_enough(self) -> bool:
        return isinstance(self.icc.single, Estimate)


@dataclass(frozen=True)
class Group:
    """A position or a role profile over the period."""

    kind: str  # "Position" or "Role profile"
    name: str
    rows: list[AgreementRow]
    recommendations: RecommendationAgreement
    #: Candidates with at least one recommendation.
    recommended: int

    @property
    def overall(self) -> AgreementRow:
        return self.rows[-1]

    @property
    def icc_notes(self) -> list[tuple[str, str]]:
        """Which ICC form each row uses and why, one note per distinct reason: (the rows,
        the reason). Each competency chooses its own form, so one sentence cannot speak for
        the table."""
        rows: dict[str, list[str]] = defaultdict(list)
        for row in self.rows:
            rows[row.icc.why].append(row.competency)
        return [(", ".join(names), why) for why, names in rows.items()]

    @property
    def benchmark(self) -> str:
        return benchmark_sentence(self.overall.alpha)

    @property
    def recommendation_percent(self) -> str:
        return percent(self.recommendations.percent)

    @property
    def recommendation_alpha(self) -> str:
        return figure(self.recommendations.alpha)

    @property
    def percent_enough(self) -> bool:
        return isinstance(self.recommendations.percent, Estimate)

    @property
    def alpha_enough(self) -> bool:
        return isinstance(self.recommendations.alpha, Estimate)


@dataclass(frozen=True)
class Agreement:
    positions: list[Group]
    roles: list[Group]
    #: "Not assessed" answers left out of every statistic (domain.md 4.2 asks to say how many).
    not_assessed: int
    minimum: int

    @property
    def groups(self) -> list[Group]:
        return self.positions + self.roles


def _table(rows: Iterable[RatingRow], unit: str) -> tuple[list[int], list[list[float | None]]]:
    """Units (rows) by raters (columns, the same person in the same column), None where that
    rater did not rate that unit, with each unit's candidate (application). A rater's ratings of
    one unit across stages are averaged, so one person meeting a candidate twice is not two
    raters agreeing with each other."""
    cells: dict[Hashable, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    candidates: dict[Hashable, int] = {}
    for r in rows:
        key: Hashable = (
            r.card.application_id
            if unit == "candidate"
            else (r.card.application_id, r.competency_key)
        )
        if r.rating is not None:
            cells[key][r.card.interviewer_id].append(float(r.rating))
            candidates[key] = r.card.application_id
    raters = sorted({rater for by_rater in cells.values() for rater in by_rater})
    table = [
        [math.fsum(by_rater[rater]) / len(by_rater[rater]) if rater in by_rater else None
         for rater in raters]
        for by_rater in cells.values()
    ]  # fmt: skip
    return [candidates[key] for key in cells], table


def _row(name: str, rows: list[RatingRow], unit: str, minimum: int) -> AgreementRow:
    """One table row. Over all competencies the units are (candidate, competency) pairs, but
    the minimum counts distinct candidates and alpha's bootstrap resamples whole candidates:
    a candidate's competencies are not independent draws."""
    clusters, table = _table(rows, unit)
    icc = choose_icc(table, min_subjects=minimum)
    paired = len({c for c, units in zip(clusters, table, strict=True) if _pairable(units)})
    if paired < minimum and not isinstance(icc.single, NotEnoughData):
        short = NotEnoughData(f"candidates with {MIN_RATERS_PER_SUBJECT}+ ratings", minimum, paired)
        icc = replace(icc, single=short, average=short)
    return AgreementRow(
        competency=name,
        candidates=len({r.card.application_id for r in rows}),
        ratings=len(rows),
        alpha=krippendorff_alpha(table, "ordinal", min_units=minimum, clusters=clusters),
        icc=icc,
    )


def _pairable(unit: list[float | None]) -> bool:
    return sum(v is not None for v in unit) >= MIN_RATERS_PER_SUBJECT


def _recommendations(cards: list[Card], minimum: int) -> tuple[RecommendationAgreement, int]:
    """Each interviewer's latest recommendation per candidate (hire: yes or strong yes)."""
    latest: dict[int, dict[int, bool]] = defaultdict(dict)
    for card in sorted(cards, key=lambda c: (c.starts_at, c.id)):
        if card.recommendation is not None:
            latest[card.application_id][card.interviewer_id] = card.recommendation.is_hire
    lists = [list(by_rater.values()) for by_rater in latest.values()]
    return recommendation_agreement(lists, min_candidates=minimum), len(lists)


def _group(kind: str, name: str, cards: list[Card], rows: list[RatingRow], minimum: int) -> Group:
    by_competency: dict[str, list[RatingRow]] = defaultdict(list)
    names: dict[str, str] = {}
    for r in rows:
        by_competency[r.competency_key].append(r)
        names.setdefault(r.competency_key, r.competency_name)
    table = [
        _row(names[key], by_competency[key], "candidate", minimum)
        for key in sorted(by_competency, key=lambda k: names[k])
    ]
    table.append(_row(ALL_COMPETENCIES, rows, "candidate and competency", minimum))
    recommendations, recommended = _recommendations(cards, minimum)
    return Group(kind, name, table, recommendations, recommended)


def agreement(data: Ratings, *, minimum: int = MIN_SUBJECTS) -> Agreement:
    """Every position and role profile in ``data`` with any submitted card, by name."""
    rated = data.rated
    groups: list[list[Group]] = []
    for kind, key, label in (
        ("Position", attrgetter("position_id"), attrgetter("position_title")),
        ("Role profile", attrgetter("role_key"), attrgetter("role_name")),
    ):
        cards: dict[Hashable, list[Card]] = defaultdict(list)
        rows: dict[Hashable, list[RatingRow]] = defaultdict(list)
        names: dict[Hashable, str] = {}
        for card in data.cards:
            cards[key(card)].append(card)
            names.setdefault(key(card), label(card))
        for r in rated:
            rows[key(r.card)].append(r)
        groups.append(
            sorted(
                (_group(kind, names[k], cards[k], rows[k], minimum) for k in cards),
                key=lambda g: g.name,
            )
        )
    return Agreement(groups[0], groups[1], data.not_assessed, minimum)
