"""Gathering a debrief and a position's comparison in a fixed number of queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.candidates.models import Application, ApplicationStatus, Candidate
from hiring.db import db
from hiring.debriefs.formula import CompetencyScore, CompetencySpec, FormulaResult, combine
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency, RoleProfile, RoleProfileCompetency
from hiring.positions.models import Position
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardStatus,
)


def profile_specs(profile: RoleProfile) -> list[CompetencySpec]:
    return [
        CompetencySpec(
            link.competency.key, link.competency.name, link.weight, link.must_have, link.minimum
        )
        for link in profile.competency_links
    ]


def recommendation_conflict(recommendations: list[Recommendation]) -> bool:
    return any(r.is_hire for r in recommendations) and any(not r.is_hire for r in recommendations)


@dataclass
class Debrief:
    application: Application
    position: Position
    submitted: list[Scorecard]
    pending: list[Scorecard]
    formula: FormulaResult
    #: competency key -> {scorecard id -> rating (None = not assessed)}
    cells: dict[str, dict[int, ScorecardRating]]
    decisions: list[Decision]
    keys_by_competency_id: dict[int, str]

    @property
    def decision(self) -> Decision | None:
        return next((d for d in self.decisions if d.current), None)

    @property
    def recommendations(self) -> Counter[Recommendation]:
        return Counter(c.recommendation for c in self.submitted if c.recommendation)

    @property
    def recommendation_conflict(self) -> bool:
        return recommendation_conflict(
            [c.recommendation for c in self.submitted if c.recommendation]
        )

    @property
    def ordered_competencies(self) -> list[CompetencyScore]:
        """Flagged competencies first, then the profile's order."""
        scores = self.formula.competencies
        return sorted(scores, key=lambda s: (not s.disagreement, scores.index(s)))


def load_debrief(application_id: int) -> Debrief | None:
    application = db.session.scalars(
        select(Application)
        .where(Application.id == application_id)
        .options(
            joinedload(Application.candidate),
            joinedload(Application.position)
            .joinedload(Position.role_profile)
            .selectinload(RoleProfile.competency_links)
            .joinedload(RoleProfileCompetency.competency),
        )
    ).first()
    if application is None:
        return None
    position = application.position
    cards = list(
        db.session.scalars(
            select(Scorecard)
            .join(Interview)
            .where(
                Interview.application_id == application_id,
                Interview.status == InterviewStatus.SCHEDULED,
            )
            .options(
                joinedload(Scorecard.interviewer),
                joinedload(Scorecard.interview).joinedload(Interview.stage),
                selectinload(Scorecard.ratings).joinedload(ScorecardRating.competency),
            )
            .order_by(Interview.starts_at, Scorecard.id)
        )
    )
    submitted = [c for c in cards if c.status == ScorecardStatus.SUBMITTED]
    pending = [c for c in cards if c.status != ScorecardStatus.SUBMITTED]
    cells: dict[str, dict[int, ScorecardRating]] = defaultdict(dict)
    ratings: list[tuple[str, int | None]] = []
    for card in submitted:
        for rating in card.ratings:
            key = rating.competency.key
            cells[key][card.id] = rating
            ratings.append((key, None if rating.not_assessed else rating.rating))
    profile = position.role_profile
    decisions = list(
        db.session.scalars(
            select(Decision)
            .where(Decision.application_id == application_id)
            .options(joinedload(Decision.decided_by), joinedload(Decision.manager))
            .order_by(Decision.decided_at)
        )
    )
    return Debrief(
        application=application,
        position=position,
        submitted=submitted,
        pending=pending,
        formula=combine(profile_specs(profile), ratings, profile.minimum_score),
        cells=cells,
        decisions=decisions,
        keys_by_competency_id={
            link.competency_id: link.competency.key for link in profile.competency_links
        },
    )


# Comparison ----------------------------------------------------------------------------------


@dataclass
class CompareRow:
    application: Application
    formula: FormulaResult
    scorecards: int = 0
    recommendations: Counter[Recommendation] = field(default_factory=Counter)
    decision: Decision | None = None

    @property
    def conflict(self) -> bool:
        return recommendation_conflict(list(self.recommendations.elements()))

    @property
    def flags(self) -> int:
        return len(self.formula.flagged) + (1 if self.conflict else 0)

    def mean(self, key: str) -> float | None:
        return next((c.mean for c in self.formula.competencies if c.spec.key == key), None)


def comparison(position: Position) -> list[CompareRow]:
    """Every application of ``position`` with its numbers from submitted scorecards only.

    Ratings are aggregated per application and competency in SQL, so the rows fetched grow
    with candidates x competencies, not with individual scorecards.
    """
    profile = position.role_profile
    specs = profile_specs(profile)
    applications = list(
        db.session.scalars(
            select(Application)
            .where(Application.position_id == position.id)
            .options(joinedload(Application.candidate))
            .order_by(Application.applied_at)
        )
    )
    submitted = (
        select(Scorecard.id, Interview.application_id)
        .join(Interview)
        .where(
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            Interview.application_id.in_(
                select(Application.id).where(Application.position_id == position.id)
            ),
        )
        .subquery()
    )
    # Per application and competency: each distinct rating level with how often it occurs,
    # plus the not-assessed count; enough for exact means and spreads.
    level_rows = db.session.execute(
        select(
            submitted.c.application_id,
            Competency.key,
            ScorecardRating.rating,
            ScorecardRating.not_assessed,
            func.count(),
        )
        .join(submitted, submitted.c.id == ScorecardRating.scorecard_id)
        .join(Competency, Competency.id == ScorecardRating.competency_id)
        .group_by(
            submitted.c.application_id,
            Competency.key,
            ScorecardRating.rating,
            ScorecardRating.not_assessed,
        )
    ).all()
    card_rows = db.session.execute(
        select(submitted.c.application_id, Scorecard.recommendation, func.count())
        .join(Scorecard, Scorecard.id == submitted.c.id)
        .group_by(submitted.c.application_id, Scorecard.recommendation)
    ).all()
    decisions = {
        d.application_id: d
        for d in db.session.scalars(
            select(Decision)
            .join(Application)
            .where(Application.position_id == position.id, Decision.current.is_(True))
        )
    }
    ratings: dict[int, list[tuple[str, int | None]]] = defaultdict(list)
    for application_id, key, level, not_assessed, count in level_rows:
        ratings[application_id].extend([(key, None if not_assessed else level)] * count)
    rows: dict[int, CompareRow] = {}
    for application in applications:
        rows[application.id] = CompareRow(
            application,
            combine(specs, ratings.get(application.id, []), profile.minimum_score),
            decision=decisions.get(application.id),
        )
    for application_id, recommendation, count in card_rows:
        row = rows[application_id]
        row.scorecards += count
        if recommendation is not None:
            row.recommendations[recommendation] += count
    return list(rows.values())


SORTS = {
    "name": lambda r: r.application.candidate.name.lower(),
    "score": lambda r: (r.formula.score is None, -(r.formula.score or 0)),
    "stage": lambda r: (
        -(r.application.stage_index if r.application.stage_index is not None else -1)
    ),
    "scorecards": lambda r: -r.scorecards,
    "flags": lambda r: -r.flags,
    "status": lambda r: r.application.status.value,
}


def open_statuses() -> list[ApplicationStatus]:
    return list(ApplicationStatus)


__all__ = ["Candidate", "comparison", "load_debrief"]


def comparison_subset(rows: list[CompareRow], ids: list[int]) -> list[CompareRow]:
    by_id = {r.application.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def evidence_for(
    application_ids: list[int],
) -> dict[tuple[int, str], list[tuple[str, ScorecardRating]]]:
    """(application id, competency key) -> [(interviewer name, rating)], submitted cards only."""
    evidence: dict[tuple[int, str], list[tuple[str, ScorecardRating]]] = defaultdict(list)
    if not application_ids:
        return evidence
    cards = db.session.scalars(
        select(Scorecard)
        .join(Interview)
        .where(
            Interview.application_id.in_(application_ids),
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
        )
        .options(
            joinedload(Scorecard.interviewer),
            joinedload(Scorecard.interview),
            selectinload(Scorecard.ratings).joinedload(ScorecardRating.competency),
        )
    )
    for card in cards:
        for rating in card.ratings:
            evidence[(card.interview.application_id, rating.competency.key)].append(
                (card.interviewer.name, rating)
            )
    return evidence
