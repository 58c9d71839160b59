"""The submitted scorecards an analytics page reads, as plain rows: two aggregate statements
(cards, then their ratings) whatever the number of candidates, so the agreement and calibration
pages compute in Python from the same data and keep a constant query count.

Only submitted panel cards (never a shadow's: ``PANEL_CARD``) of interviews that took place
(not cancelled) count, on the positions of the ``Scope``, in its period on the interview's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import aliased

from hiring.analytics.scope import Scope
from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency, RoleProfile
from hiring.positions.models import Position
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardStatus,
)
from hiring.scorecards.queries import PANEL_CARD, panel_card


@dataclass(frozen=True)
class Card:
    """One submitted scorecard with what the pages need around it."""

    id: int
    application_id: int
    candidate_id: int
    position_id: int
    position_title: str
    role_key: str
    role_name: str
    #: Levels of the position's role profile scale (4 or 5).
    scale_points: int
    interviewer_id: int
    interviewer_name: str
    recommendation: Recommendation | None
    #: The application's current decision, if any.
    decision: DecisionOutcome | None
    #: The stage of this card's interview, and the stage the decision was taken at (that of
    #: the application's last held interview before the decision), None without a decision.
    stage_id: int
    decision_stage_id: int | None
    starts_at: datetime
    ends_at: datetime
    submitted_at: datetime | None

    @property
    def hours_to_submit(self) -> float | None:
        """Hours from the interview's end to the card's submission (None if unknown)."""
        if self.submitted_at is None:
            return None
        return (self.submitted_at - self.ends_at).total_seconds() / 3600


@dataclass(frozen=True)
class RatingRow:
    """One competency rating on a submitted card; ``rating`` None is "not assessed"."""

    card: Card
    competency_id: int
    competency_key: str
    competency_name: str
    rating: int | None


@dataclass(frozen=True)
class Ratings:
    cards: list[Card]
    rows: list[RatingRow]

    @property
    def rated(self) -> list[RatingRow]:
        """Ratings on the scale: what every agreement statistic reads."""
        return [r for r in self.rows if r.rating is not None]

    @property
    def not_assessed(self) -> int:
        """How many "not assessed" answers the statistics left out (domain.md 4.2)."""
        return sum(1 for r in self.rows if r.rating is None)


def _decision_stage() -> Any:
    """The stage of the application's last held interview starting before its current
    decision: the stage whose recommendations the decision answered (a correlated subquery,
    so the cards stay one statement)."""
    held = aliased(Interview)
    return (
        select(held.stage_id)
        .where(
            held.application_id == Application.id,
            held.status == InterviewStatus.SCHEDULED,
            held.starts_at < Decision.decided_at,
        )
        .order_by(held.starts_at.desc(), held.id.desc())
        .limit(1)
        .correlate(Application, Decision)
        .scalar_subquery()
    )


def _cards_statement(scope: Scope, interviewer_id: int | None) -> Select[*tuple[Any, ...]]:
    statement = (
        select(
            Scorecard.id,
            Interview.application_id,
            Application.candidate_id,
            Position.id.label("position_id"),
            Position.title,
            RoleProfile.key.label("role_key"),
            RoleProfile.name.label("role_name"),
            RoleProfile.scale,
            Scorecard.interviewer_id,
            User.name.label("interviewer_name"),
            Scorecard.recommendation,
            Decision.outcome,
            Interview.stage_id,
            _decision_stage().label("decision_stage_id"),
            Interview.starts_at,
            Interview.duration_minutes,
            Scorecard.submitted_at,
        )
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Position, Position.id == Application.position_id)
        .join(RoleProfile, RoleProfile.id == Position.role_profile_id)
        .join(User, User.id == Scorecard.interviewer_id)
        .outerjoin(
            Decision, and_(Decision.application_id == Application.id, Decision.current.is_(True))
        )
        .where(
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
            Interview.status == InterviewStatus.SCHEDULED,
            scope.positions(),
            scope.between(Interview.starts_at.expression),
        )
    )
    if interviewer_id is not None:
        # The candidates this interviewer rated, with everyone's cards on them: their
        # co-raters are whom leniency compares them with, and the panel they sat on.
        own_card, own_interview = aliased(Scorecard), aliased(Interview)
        statement = statement.where(
            Interview.application_id.in_(
                select(own_interview.application_id)
                .join(own_card, own_card.interview_id == own_interview.id)
                .where(
                    own_card.interviewer_id == interviewer_id,
                    own_card.status == ScorecardStatus.SUBMITTED,
                    panel_card(own_card),
                )
            )
        )
    return statement


def load_ratings(scope: Scope, *, interviewer_id: int | None = None) -> Ratings:
    """Every submitted card in ``scope`` and its ratings, in two statements; with
    ``interviewer_id``, only on the candidates that interviewer rated."""
    cards: dict[int, Card] = {}
    for row in db.session.execute(_cards_statement(scope, interviewer_id).order_by(Scorecard.id)):
        cards[row.id] = Card(
            id=row.id,
            application_id=row.application_id,
            candidate_id=row.candidate_id,
            position_id=row.position_id,
            position_title=row.title,
            role_key=row.role_key,
            role_name=row.role_name,
            scale_points=len(row.scale.levels),
            interviewer_id=row.interviewer_id,
            interviewer_name=row.interviewer_name,
            recommendation=row.recommendation,
            decision=row.outcome,
            stage_id=row.stage_id,
            decision_stage_id=row.decision_stage_id,
            starts_at=row.starts_at,
            ends_at=row.starts_at + timedelta(minutes=row.duration_minutes),
            submitted_at=row.submitted_at,
        )
    card_ids = (
        _cards_statement(scope, interviewer_id).with_only_columns(Scorecard.id).scalar_subquery()
    )
    rows = [
        RatingRow(cards[card_id], competency_id, key, name, None if not_assessed else rating)
        for card_id, competency_id, key, name, rating, not_assessed in db.session.execute(
            select(
                ScorecardRating.scorecard_id,
                ScorecardRating.competency_id,
                Competency.key,
                Competency.name,
                ScorecardRating.rating,
                ScorecardRating.not_assessed,
            )
            .join(Competency, Competency.id == ScorecardRating.competency_id)
            .where(ScorecardRating.scorecard_id.in_(card_ids))
            .order_by(ScorecardRating.scorecard_id, Competency.key)
        )
        if card_id in cards
    ]
    return Ratings(list(cards.values()), rows)


def rated_on_positions(scope: Scope, interviewer_id: int) -> bool:
    """Whether ``interviewer_id`` submitted any card on the scope's positions (any period):
    who a hiring manager may look up."""
    statement = (
        select(Scorecard.id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(Application, Application.id == Interview.application_id)
        .join(Position, Position.id == Application.position_id)
        .where(
            Scorecard.interviewer_id == interviewer_id,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
            scope.positions(),
        )
        .limit(1)
    )
    return db.session.scalar(statement) is not None
