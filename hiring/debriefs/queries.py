"""Gathering one application's debrief in a fixed number of queries (a position's
comparison is ``hiring.debriefs.comparison``)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import ColumnElement, Select, and_, bindparam, exists, func, inspect, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application, ApplicationStatus
from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.formula import (
    CompetencyScore,
    CompetencySpec,
    EvidenceRule,
    FormulaResult,
    combine,
)
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import RoleProfile, RoleProfileCompetency
from hiring.positions.models import PlanRevision, PlanStage, Position
from hiring.scorecards.late_changes import LateChanges, late_changes
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardStatus,
)
from hiring.scorecards.permissions import can_see_others_ratings, owes_scorecard
from hiring.scorecards.queries import PANEL_CARD


def profile_specs(profile: RoleProfile) -> list[CompetencySpec]:
    return [
        CompetencySpec(
            link.competency.key, link.competency.name, link.weight, link.must_have, link.minimum
        )
        for link in profile.competency_links
    ]


def evidence_rule(profile: RoleProfile) -> EvidenceRule:
    return EvidenceRule(profile.evidence_raters_per_must_have, profile.evidence_all_stages)


def _scope(chosen: bool) -> list[ColumnElement[bool]]:
    """A position's applications (bound ``position_id``), or just the ``ids`` among them."""
    scope = [Application.position_id == bindparam("position_id")]
    if chosen:
        scope.append(Application.id.in_(bindparam("ids", expanding=True)))
    return scope


@cache
def _stage_evidence(chosen: bool) -> Select[int, int, InterviewStatus, int]:
    """Per application, stage place and interview status: how many panel cards are not
    submitted. Built once per scope (``pending_stages`` runs on list pages and homes)."""
    return (
        select(
            Interview.application_id,
            PlanStage.position,
            Interview.status,
            func.count(Scorecard.id).filter(Scorecard.status != ScorecardStatus.SUBMITTED),
        )
        .join(Application, Application.id == Interview.application_id)
        .join(PlanStage, PlanStage.id == Interview.stage_id)
        .outerjoin(Scorecard, and_(Scorecard.interview_id == Interview.id, PANEL_CARD))
        .where(*_scope(chosen))
        .group_by(Interview.application_id, PlanStage.position, Interview.status)
    )


@cache
def _position_applications() -> Select[int]:
    return select(Application.id).where(*_scope(False))


def pending_stages(
    position: Position, application_ids: Collection[int] | None = None
) -> dict[int, list[str]]:
    """Application id -> names of the current plan's stages still owing evidence, for every
    application of ``position`` (or just ``application_ids``), in one query. A stage is in
    when it has a scheduled interview and every card on its scheduled interviews is
    submitted, or when every interview booked for it was cancelled (stages matched by their
    place in the plan, so an older revision's stage is the same stage). A shadow's card is
    never waited for (``PANEL_CARD``)."""
    chosen = application_ids is not None
    params = {"position_id": position.id, "ids": sorted(application_ids or ())}
    booked: dict[int, dict[int, bool]] = defaultdict(dict)  # app -> place -> any scheduled
    owing: dict[int, set[int]] = defaultdict(set)
    rows = db.session.execute(_stage_evidence(chosen), params)
    for app_id, place, status, unsubmitted in rows:
        scheduled = status == InterviewStatus.SCHEDULED
        booked[app_id][place] = booked[app_id].get(place, False) or scheduled
        if scheduled and unsubmitted:
            owing[app_id].add(place)
    ids = (
        list(application_ids)
        if application_ids is not None
        else list(db.session.scalars(_position_applications(), params))
    )
    stages = _current_stages(position)
    return {
        app_id: [
            stage.name
            for stage in stages
            if stage.position not in booked[app_id]
            or (booked[app_id][stage.position] and stage.position in owing[app_id])
        ]
        for app_id in ids
    }


@dataclass(frozen=True)
class _StageName:
    position: int
    name: str


#: The names and places of a position's current plan's stages, built once with a bound
#: position id: a home page asks it for each position with a candidate to decide on.
_CURRENT_STAGES = (
    select(PlanStage.position, PlanStage.name)
    .join(PlanRevision, PlanRevision.id == PlanStage.revision_id)
    .where(
        PlanRevision.position_id == bindparam("position_id"),
        PlanRevision.number
        == select(func.max(PlanRevision.number))
        .where(PlanRevision.position_id == bindparam("position_id"))
        .scalar_subquery(),
    )
    .order_by(PlanStage.position)
)


def _current_stages(position: Position) -> list[PlanStage] | list[_StageName]:
    """The current plan's stages: the loaded ones when the caller loaded the position's
    revisions, else only their names and places (one query, not every revision whole)."""
    if "plan_revisions" not in inspect(position).unloaded:
        plan = position.current_plan
        return plan.stages if plan is not None else []
    rows = db.session.execute(_CURRENT_STAGES, {"position_id": position.id})
    return [_StageName(place, name) for place, name in rows]


@cache
def _decision_candidates() -> Select[int, Position]:
    """The open, undecided applications with a card in, of the positions a bound user hires
    for, as ids with their position; built once: every hiring manager's home asks it."""
    card_in = exists().where(
        Interview.application_id == Application.id,
        Interview.status == InterviewStatus.SCHEDULED,
        Scorecard.interview_id == Interview.id,
        Scorecard.status == ScorecardStatus.SUBMITTED,
        PANEL_CARD,
    )
    decided = exists().where(Decision.application_id == Application.id, Decision.current)
    return (
        select(Application.id, Position)
        .join(Position, Position.id == Application.position_id)
        .where(
            Position.hiring_manager_id == bindparam("user_id"),
            Application.status == ApplicationStatus.ACTIVE,
            card_in,
            ~decided,
        )
        .order_by(Application.applied_at, Application.id)
    )


@cache
def _ready_applications() -> Select[Application]:
    """The applications ready for a decision (bound ``ids``), with what the home shows."""
    return (
        select(Application)
        .where(Application.id.in_(bindparam("ids", expanding=True)))
        .options(joinedload(Application.candidate), joinedload(Application.position))
        .order_by(Application.applied_at, Application.id)
    )


def awaiting_decision(user: User) -> list[Application]:
    """The open applications of the positions ``user`` hires for that are ready for their
    decision: no decision yet, and the panel complete (no stage owing evidence, as
    ``pending_stages`` reads it) with at least one card in, and the debrief open to them
    (``owes_scorecard``, the rule behind ``permissions.can_decide``).

    One query finds the candidates, as ids; the two rules then run once per position with one
    (a fixed number of queries each), never once per application; one more loads the ready
    ones. A manager's open pipeline may hold dozens with a card in and none ready: only the
    ready are loaded whole.
    """
    by_position: dict[int, tuple[Position, list[int]]] = {}
    for app_id, position in db.session.execute(_decision_candidates(), {"user_id": user.id}):
        by_position.setdefault(position.id, (position, []))[1].append(app_id)
    ready: list[int] = []
    for position, ids in by_position.values():
        # Only this position's candidates: the rules' cost follows the open work, not the
        # position's whole history of applicants.
        owing, owed = pending_stages(position, ids), owes_scorecard(user.id, position.id, ids)
        ready += [i for i in ids if not owing.get(i) and i not in owed]
    return list(db.session.scalars(_ready_applications(), {"ids": ready}))


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
    #: The reader is on the panel and owes a card: no rating, formula or decision is loaded.
    hidden: bool = False
    #: Ratings and recommendations changed after the debrief opened (anchoring control).
    late: LateChanges = field(default_factory=LateChanges)

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


def load_debrief(application_id: int, viewer: User | None = None) -> Debrief | None:
    """The debrief as ``viewer`` may read it (``None``: everything, for the CLI): for a
    reader who still owes a scorecard (``can_see_others_ratings``) the ratings, formula and
    decisions are left out at the source, so no page or print can show them. Shadows' cards
    are never part of it (``PANEL_CARD``): not in, not waited for, not rated."""
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
                PANEL_CARD,
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
    hidden = viewer is not None and not can_see_others_ratings(viewer, application)
    cells: dict[str, dict[int, ScorecardRating]] = defaultdict(dict)
    ratings: list[tuple[str, int | None]] = []
    raters: dict[str, set[int]] = defaultdict(set)
    for card in [] if hidden else submitted:
        for rating in card.ratings:
            key = rating.competency.key
            cells[key][card.id] = rating
            ratings.append((key, None if rating.not_assessed else rating.rating))
            if not rating.not_assessed:
                raters[key].add(card.interviewer_id)
    profile = position.role_profile
    decisions = (
        []
        if hidden
        else list(
            db.session.scalars(
                select(Decision)
                .where(Decision.application_id == application_id)
                .options(joinedload(Decision.decided_by), joinedload(Decision.manager))
                .order_by(Decision.decided_at, Decision.id)
            )
        )
    )
    return Debrief(
        application=application,
        position=position,
        submitted=submitted,
        pending=pending,
        formula=combine(
            profile_specs(profile),
            ratings,
            profile.minimum_score,
            rule=evidence_rule(profile),
            pending_stages=pending_stages(position, [application_id])[application_id],
            raters={key: len(ids) for key, ids in raters.items()},
        ),
        cells=cells,
        decisions=decisions,
        keys_by_competency_id={
            link.competency_id: link.competency.key for link in profile.competency_links
        },
        hidden=hidden,
        late=LateChanges() if hidden else late_changes([application_id])[application_id],
    )
