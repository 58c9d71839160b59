"""Interviewer drift (issue 17, item 5): how each interviewer rates live, beside the panel.

Practice measures an interviewer against reference answers; drift measures them against the
other people who met the same candidates, on real cards. Per interviewer (and per competency):
how many candidates they shared with another rater, their leniency or severity (the mean
deviation from the other raters of the same candidate and competency, computed by
``statistics.rater_leniency``, the same figure the calibration page shows), and how often
they were within one level of the others' mean. Past a minimum of shared candidates, a
rater who drifts is offered a practice set to recalibrate.

Only submitted cards of held interviews count, never a shadow's card (kept out of every
comparison, issue 17 item 4) nor a "not assessed" answer (not a low score). All interviewers
are read in one statement, whatever their number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import aliased

from hiring.analytics.statistics import Leniency, Rating, rater_leniency
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency
from hiring.scorecards.models import Scorecard, ScorecardRating, ScorecardStatus

#: Drift is shown, and a recalibration suggested, from this many shared candidates. Lower than
#: the calibration page's 10 (domain.md 4.3's bar for flagging a rater to others) because what
#: it leads to is cheap and private: the interviewer is invited to a practice set, which costs
#: a quarter of an hour if the figure was noise, while waiting for 10 candidates can take a
#: quarter's hiring. Below 5 a single odd candidate would decide the figure.
MIN_SHARED_CANDIDATES = 5
#: How far back "live" looks: the last year's cards, the same span as a qualification's
#: default lapse. Drift is about how someone rates now (an interviewer who recalibrated should
#: not carry old habits for ever), and it keeps the rows read from growing with all history.
WINDOW = timedelta(days=365)

#: Levels of mean deviation from the panel from which recalibration is suggested: domain.md
#: 4.3's 0.5. It is not scaled down to the shipped four-level scales (the calibration page's
#: 0.375) on purpose: drift speaks from as few as 5 shared candidates, where a figure is
#: noisier, so it asks for the larger deviation before it speaks.
LENIENCY_LIMIT = 0.5

#: Share of ratings within one level of the others' mean below which recalibration is
#: suggested. The practice pass mark is 80% within one level of the reference (issue 17,
#: item 4); the others' mean is itself noisy, unlike a reference rating, so live agreement
#: runs lower than practice agreement for a rater who rates well, and 70% leaves room for that.
AGREEMENT_LIMIT = 0.7


@dataclass(frozen=True)
class Measure:
    """One interviewer's figures over a set of ratings (all competencies, or one)."""

    #: Candidates (applications) on which they and at least one other rater rated the same
    #: competency.
    shared_candidates: int
    #: (candidate, competency) cells compared; a rater's ratings of one cell are averaged.
    comparisons: int
    #: Mean of (their rating - the others' mean): positive lenient, negative severe; None
    #: without a comparison.
    leniency: float | None
    #: Share of the compared cells within one level of the others' mean; None without one.
    agreement: float | None

    @classmethod
    def of(cls, entry: Leniency | None) -> Measure:
        if entry is None or not entry.comparisons:
            return cls(0, 0, None, None)
        return cls(
            entry.shared_candidates,
            entry.comparisons,
            entry.mean_deviation,
            entry.within_one / entry.comparisons,
        )

    @property
    def enough(self) -> bool:
        return self.shared_candidates >= MIN_SHARED_CANDIDATES

    @property
    def drifting(self) -> bool:
        """Past the minimum, and off the panel by the mean or too rarely within one level."""
        if not self.enough or self.leniency is None or self.agreement is None:
            return False
        return abs(self.leniency) >= LENIENCY_LIMIT or self.agreement < AGREEMENT_LIMIT

    @property
    def leniency_text(self) -> str:
        """ "0.6 levels above the rest of the panel", "level with the rest of the panel"."""
        if self.leniency is None or round(self.leniency, 1) == 0:
            return "level with the rest of the panel"
        where = "above" if self.leniency > 0 else "below"
        return f"{abs(self.leniency):.1f} levels {where} the rest of the panel"

    @property
    def agreement_text(self) -> str:
        return "—" if self.agreement is None else f"{self.agreement:.0%}"

    @property
    def minimum_text(self) -> str:
        return f"{self.shared_candidates} of {MIN_SHARED_CANDIDATES}"


@dataclass(frozen=True, kw_only=True)
class CompetencyDrift(Measure):
    key: str
    name: str


@dataclass(frozen=True, kw_only=True)
class Drift(Measure):
    user_id: int
    #: Every competency they shared a candidate on, by name; each has its own ``enough``.
    competencies: tuple[CompetencyDrift, ...] = ()

    @property
    def suggest_recalibration(self) -> bool:
        return self.drifting

    @property
    def minimum(self) -> int:
        return MIN_SHARED_CANDIDATES

    @property
    def summary(self) -> str:
        """What the figures say, in a sentence a sales manager reads at a glance."""
        if not self.enough:
            return f"Not enough shared candidates yet ({self.minimum_text})."
        candidates = "candidate" if self.shared_candidates == 1 else "candidates"
        return (
            f"Rates {self.leniency_text} on average, over {self.shared_candidates} shared"
            f" {candidates}; within one level of the panel {self.agreement_text} of the time."
        )

    @property
    def reasons(self) -> list[str]:
        """Why recalibration is suggested, in words (empty when it is not)."""
        if not self.suggest_recalibration or self.leniency is None or self.agreement is None:
            return []
        reasons = []
        if abs(self.leniency) >= LENIENCY_LIMIT:
            kind, where = ("leniently", "above") if self.leniency > 0 else ("severely", "below")
            reasons.append(
                f"rates {kind}, {LENIENCY_LIMIT:g} levels or more {where} the panel on average"
            )
        if self.agreement < AGREEMENT_LIMIT:
            reasons.append(
                f"within one level of the panel less than {AGREEMENT_LIMIT:.0%} of the time"
            )
        return reasons

    @property
    def competencies_enough(self) -> list[CompetencyDrift]:
        """The competencies with enough shared candidates to show on their own."""
        return [c for c in self.competencies if c.enough]


def _ratings(user_ids: Collection[int] | None) -> tuple[list[Rating], dict[str, str]]:
    """Every rating on a real submitted card of a held interview, on the candidates that any of
    ``user_ids`` rated (their co-raters are whom they are compared with), with each
    competency's name (that of its newest version seen), from the last ``WINDOW``. One
    statement."""
    since = utcnow() - WINDOW
    statement = (
        select(
            Scorecard.interviewer_id,
            Interview.application_id,
            Competency.key,
            Competency.name,
            ScorecardRating.rating,
        )
        .join(Scorecard, Scorecard.id == ScorecardRating.scorecard_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Competency, Competency.id == ScorecardRating.competency_id)
        .where(
            Scorecard.status == ScorecardStatus.SUBMITTED,
            Scorecard.shadow.is_(False),
            Scorecard.submitted_at >= since,
            Interview.status == InterviewStatus.SCHEDULED,
            ScorecardRating.not_assessed.is_(False),
            ScorecardRating.rating.is_not(None),
        )
        .order_by(Competency.id)
    )
    if user_ids is not None:
        own_card, own_interview = aliased(Scorecard), aliased(Interview)
        statement = statement.where(
            Interview.application_id.in_(
                select(own_interview.application_id)
                .join(own_card, own_card.interview_id == own_interview.id)
                .where(
                    own_card.interviewer_id.in_(list(user_ids)),
                    own_card.status == ScorecardStatus.SUBMITTED,
                    own_card.shadow.is_(False),
                    own_card.submitted_at >= since,
                )
            )
        )
    ratings: list[Rating] = []
    names: dict[str, str] = {}
    for rater, application_id, key, name, level in db.session.execute(statement):
        names[key] = name
        if level is not None:  # always: the statement asks for ratings; this tells mypy
            ratings.append(Rating(rater, application_id, key, level))
    return ratings, names


def _by_rater(ratings: list[Rating]) -> dict[int, Leniency]:
    return {int(e.rater): e for e in rater_leniency(ratings)}


def interviewer_drift(user_ids: Collection[int] | None = None) -> dict[int, Drift]:
    """Drift of each of ``user_ids`` (every one, with no shared candidate as n = 0), or of
    every interviewer with a rating on a real card when None."""
    ratings, names = _ratings(user_ids)
    overall = _by_rater(ratings)
    per_key: dict[str, list[Rating]] = defaultdict(list)
    for r in ratings:
        per_key[str(r.competency)].append(r)
    by_key = {key: _by_rater(rows) for key, rows in per_key.items()}
    wanted = overall.keys() if user_ids is None else user_ids
    result = {}
    for user_id in wanted:
        competencies = [
            CompetencyDrift(**vars(Measure.of(entries.get(user_id))), key=key, name=names[key])
            for key, entries in by_key.items()
        ]
        result[user_id] = Drift(
            **vars(Measure.of(overall.get(user_id))),
            user_id=user_id,
            competencies=tuple(
                sorted(
                    (c for c in competencies if c.comparisons),
                    key=lambda c: (c.name.casefold(), c.key),
                )
            ),
        )
    return result
