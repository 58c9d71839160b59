"""Interviewer calibration (domain.md 4.3): how each interviewer rates beside the others.

Per interviewer: their rating distribution beside the panel's, leniency or severity (mean
deviation from the other raters of the same candidate and competency), the share of "not
assessed", the median hours from interview end to submitted card, and how often their
recommendation matched the decision. A leniency figure is shown, and flagged, only once it
rests on enough shared candidates: below that it is noise, and a page says so in words.

Interviewers are listed by name, never ranked: this is for a conversation, not a league table.
Computed in Python from the rows of ``ratings.load_ratings``; the texts the page and the CSV
show are built here once.
"""

from __future__ import annotations

import statistics as stats
from collections import Counter, defaultdict
from dataclasses import dataclass

from hiring.analytics.ratings import Card, Ratings
from hiring.analytics.statistics import (
    MIN_SHARED_CANDIDATES,
    Leniency,
    Rating,
    leniency_threshold,
    rater_leniency,
)
from hiring.debriefs.models import DecisionOutcome


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def points_text(value: float) -> str:
    """0.5 -> "0.5", 0.375 -> "0.375": a threshold without trailing zeros."""
    return f"{value:g}"


def percent_text(part: int, whole: int) -> str:
    value = share(part, whole)
    return "—" if value is None else f"{value:.0%}"


@dataclass(frozen=True)
class Distribution:
    """How often each level was given."""

    counts: dict[int, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, level: int) -> float:
        return share(self.counts.get(level, 0), self.total) or 0.0

    def text(self, level: int) -> str:
        return percent_text(self.counts.get(level, 0), self.total)


@dataclass(frozen=True)
class InterviewerCalibration:
    id: int
    name: str
    cards: int
    distribution: Distribution
    not_assessed: int
    leniency: Leniency
    median_hours: float | None
    #: Cards with a recommendation on a candidate decided hire or reject (holds do not count).
    decided: int
    matched: int
    minimum: int
    #: Points of mean deviation from which a rater is flagged, for the page's scale.
    threshold: float

    @property
    def enough_shared(self) -> bool:
        return self.leniency.shared_candidates >= self.minimum

    @property
    def leniency_text(self) -> str:
        """The mean deviation in points, in words (no leading sign, which a spreadsheet
        would read as a formula), or why there is none yet."""
        deviation = self.leniency.mean_deviation
        if deviation is None or not self.enough_shared:
            return (
                f"not enough shared candidates yet ({self.leniency.shared_candidates}"
                f" of {self.minimum})"
            )
        if round(deviation, 2) == 0:
            return "level with the others"
        return f"{abs(deviation):.2f} points {'above' if deviation > 0 else 'below'} the others"

    @property
    def flag_text(self) -> str:
        """A flag only past the minimum of shared candidates (``rater_leniency`` decides)."""
        if self.leniency.flag is None:
            return ""
        return (
            f"{self.leniency.flag.capitalize()}: worth a calibration conversation"
            f" ({points_text(self.threshold)} points or more)"
        )

    @property
    def not_assessed_text(self) -> str:
        return percent_text(self.not_assessed, self.not_assessed + self.distribution.total)

    @property
    def hours_text(self) -> str:
        return "—" if self.median_hours is None else f"{self.median_hours:.1f} h"

    @property
    def matched_text(self) -> str:
        if not self.decided:
            return "no decisions yet"
        return f"{self.matched} of {self.decided} ({percent_text(self.matched, self.decided)})"


@dataclass(frozen=True)
class Calibration:
    interviewers: list[InterviewerCalibration]
    panel: Distribution
    levels: list[int]
    not_assessed: int
    minimum: int
    threshold: float
    scale_points: int

    @property
    def threshold_text(self) -> str:
        return points_text(self.threshold)

    def find(self, interviewer_id: int) -> InterviewerCalibration | None:
        return next((i for i in self.interviewers if i.id == interviewer_id), None)


def _matches(cards: list[Card]) -> tuple[int, int]:
    """(decided, matched): a hire recommendation matches a hire, a no matches a reject.

    Only cards from the stage the decision was taken at count: a "yes" at an early stage
    means "advance", not "hire", and comparing it with the final decision would call an
    interviewer wrong for a later stage's evidence. Candidates turned down without a
    decision (rejected mid-funnel) have nothing to compare with and do not count.
    """
    decided = [
        c
        for c in cards
        if c.recommendation is not None
        and c.decision in (DecisionOutcome.HIRE, DecisionOutcome.REJECT)
        and c.stage_id == c.decision_stage_id
    ]
    matched = sum(
        1
        for c in decided
        if c.recommendation is not None
        and c.recommendation.is_hire == (c.decision == DecisionOutcome.HIRE)
    )
    return len(decided), matched


def calibration(data: Ratings, *, minimum: int = MIN_SHARED_CANDIDATES) -> Calibration:
    """Every interviewer with a submitted card in ``data``, by name.

    The leniency threshold follows the rating scale (domain.md 4.3's 0.5 points is for five
    levels); where positions on different scales are mixed, the largest scale's, so a rater is
    not flagged on the smaller scale's lower bar.
    """
    rated = data.rated
    top = max((c.scale_points for c in data.cards), default=4)
    threshold = leniency_threshold(top)
    leniency = {
        entry.rater: entry
        for entry in rater_leniency(
            [
                Rating(r.card.interviewer_id, r.card.application_id, r.competency_key, r.rating)
                for r in rated
                if r.rating is not None
            ],
            threshold=threshold,
            min_shared=minimum,
        )
    }
    cards: dict[int, list[Card]] = defaultdict(list)
    for card in data.cards:
        cards[card.interviewer_id].append(card)
    levels: dict[int, Counter[int]] = defaultdict(Counter)
    not_assessed: Counter[int] = Counter()
    for r in data.rows:
        if r.rating is None:
            not_assessed[r.card.interviewer_id] += 1
        else:
            levels[r.card.interviewer_id][r.rating] += 1
    people = []
    for rater, own in cards.items():
        hours = [h for h in (c.hours_to_submit for c in own) if h is not None]
        decided, matched = _matches(own)
        people.append(
            InterviewerCalibration(
                id=rater,
                name=own[0].interviewer_name,
                cards=len(own),
                distribution=Distribution(dict(levels[rater])),
                not_assessed=not_assessed[rater],
                leniency=leniency.get(rater, Leniency(rater, None, 0, 0, None)),
                median_hours=stats.median(hours) if hours else None,
                decided=decided,
                matched=matched,
                minimum=minimum,
                threshold=threshold,
            )
        )
    return Calibration(
        interviewers=sorted(people, key=lambda p: (p.name.casefold(), p.id)),
        panel=Distribution(dict(Counter(r.rating for r in rated if r.rating is not None))),
        levels=list(range(1, top + 1)),
        not_assessed=data.not_assessed,
        minimum=minimum,
        threshold=threshold,
        scale_points=top,
    )
