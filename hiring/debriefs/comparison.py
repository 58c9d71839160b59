"""A position's candidates side by side, from submitted scorecards only, in a fixed number of
queries: the rows of the comparison page (only those it shows; ``hiring.debriefs.ranking``
sorts, filters and pages them in SQL), its CSV, and the finalists of the position packet."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application, ApplicationStatus
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.debriefs.formula import Aggregate, FormulaResult, combine_aggregates
from hiring.debriefs.models import Decision
from hiring.debriefs.queries import (
    evidence_rule,
    pending_stages,
    profile_specs,
    recommendation_conflict,
)
from hiring.interviews.models import Interview, InterviewStatus
from hiring.positions.models import Position
from hiring.scorecards.late_changes import LateChanges, late_changes
from hiring.scorecards.models import Recommendation, Scorecard, ScorecardRating, ScorecardStatus
from hiring.scorecards.permissions import owes_scorecard
from hiring.scorecards.queries import PANEL_CARD


@dataclass(frozen=True)
class CandidateName:
    name: str


@dataclass(frozen=True)
class CompareApplication:
    """The few application fields the comparison shows (lighter than ORM objects)."""

    id: int
    stage_index: int | None
    status: ApplicationStatus
    candidate: CandidateName


@dataclass
class CompareRow:
    application: CompareApplication
    formula: FormulaResult
    scorecards: int = 0
    recommendations: Counter[Recommendation] = field(default_factory=Counter)
    decision: Decision | None = None
    #: The viewer is on this candidate's panel and still owes a scorecard
    #: (``hiring.scorecards.permissions``): numbers stay hidden.
    hidden: bool = False
    #: Ratings and recommendations changed after the debrief opened (anchoring control).
    late: LateChanges = field(default_factory=LateChanges)

    @property
    def conflict(self) -> bool:
        return recommendation_conflict(list(self.recommendations.elements()))

    @property
    def flags(self) -> int:
        return len(self.formula.flagged) + (1 if self.conflict else 0)

    def mean(self, key: str) -> float | None:
        return next((c.mean for c in self.formula.competencies if c.spec.key == key), None)


def comparison(position: Position, viewer_id: int | None = None) -> list[CompareRow]:
    """Every application of ``position`` with its numbers from submitted scorecards only, in
    the order they applied (the packets' finalists; the page builds only what it shows)."""
    return list(rows_for(position, viewer_id).values())


def rows_for(
    position: Position,
    viewer_id: int | None = None,
    ids: Collection[int] | None = None,
    *,
    owed: set[int] | None = None,
) -> dict[int, CompareRow]:
    """Application id -> its comparison row, for the applications ``ids`` of ``position``
    (default: all of them), in the order they applied, in a fixed number of queries.

    Ratings are aggregated per application, competency and level in SQL, so what is
    fetched grows with candidates x competencies, never with individual scorecards. With a
    ``viewer_id``, the numbers of candidates that viewer still owes a card for are withheld
    (``owed``: ``owes_scorecard`` for them, when the caller has it already).
    """
    if ids is not None and not ids:
        return {}
    profile = position.role_profile
    specs = profile_specs(profile)
    scope = [Application.position_id == position.id]
    if ids is not None:
        scope.append(Application.id.in_(sorted(ids)))
    applications = db.session.execute(
        select(Application.id, Application.stage_index, Application.status, Candidate.name)
        .join(Candidate)
        .where(*scope)
        .order_by(Application.applied_at, Application.id)
    ).all()
    # Driven from the position's applications (indexed), down to their submitted cards.
    in_position = (
        *scope,
        Interview.status == InterviewStatus.SCHEDULED,
        Scorecard.status == ScorecardStatus.SUBMITTED,
        PANEL_CARD,
    )
    keys = {link.competency_id: link.competency.key for link in profile.competency_links}
    aggregate_rows = db.session.execute(
        select(
            Interview.application_id,
            ScorecardRating.competency_id,
            func.count(ScorecardRating.rating),
            func.coalesce(func.sum(ScorecardRating.rating), 0),
            func.min(ScorecardRating.rating),
            func.max(ScorecardRating.rating),
            func.sum(case((ScorecardRating.not_assessed, 1), else_=0)),
        )
        .select_from(Application)
        .join(Interview, Interview.application_id == Application.id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .join(ScorecardRating, ScorecardRating.scorecard_id == Scorecard.id)
        .where(*in_position)
        .group_by(Interview.application_id, ScorecardRating.competency_id)
    ).all()
    card_rows = db.session.execute(
        select(Interview.application_id, Scorecard.recommendation, func.count())
        .select_from(Application)
        .join(Interview, Interview.application_id == Application.id)
        .join(Scorecard, Scorecard.interview_id == Interview.id)
        .where(*in_position)
        .group_by(Interview.application_id, Scorecard.recommendation)
        # Ordered: a tie in the counts reads in this order (``Counter.most_common`` keeps
        # insertion order), and PostgreSQL groups in no set order, so a packet printed twice
        # differed and was rendered again.
        .order_by(Interview.application_id, Scorecard.recommendation)
    ).all()
    decisions = {
        d.application_id: d
        for d in db.session.scalars(
            select(Decision).join(Application).where(*scope, Decision.current.is_(True))
        )
    }
    aggregates: dict[int, dict[str, Aggregate]] = defaultdict(dict)
    for app_id, competency_id, n, total, lo, hi, not_assessed in aggregate_rows:
        key = keys.get(competency_id)
        if key is not None:  # ratings outside the pinned profile do not count
            aggregates[app_id][key] = Aggregate(n, float(total), lo, hi, int(not_assessed or 0))
    # Only what exists can be withheld: a candidate nobody has scored yet reads as such,
    # not as "hidden until you submit", even to a panel member who will score them later.
    scored = {app_id for app_id, *_ in card_rows} | set(decisions)
    if viewer_id is not None and owed is None:
        owed = owes_scorecard(viewer_id, position.id)
    withheld = (owed or set()) & scored if viewer_id is not None else set()
    rows: dict[int, CompareRow] = {}
    rule = evidence_rule(profile)
    stages_owing = pending_stages(position, None if ids is None else list(ids))
    changed = late_changes(position_id=position.id) if ids is None else late_changes(list(ids))
    for app_id, stage_index, status, name in applications:
        hidden = app_id in withheld
        rows[app_id] = CompareRow(
            CompareApplication(app_id, stage_index, status, CandidateName(name)),
            combine_aggregates(
                specs,
                {} if hidden else aggregates.get(app_id, {}),
                profile.minimum_score,
                rule,
                stages_owing.get(app_id, []),
            ),
            decision=decisions.get(app_id),
            hidden=hidden,
            late=LateChanges() if hidden else changed.get(app_id, LateChanges()),
        )
    for application_id, recommendation, count in card_rows:
        row = rows[application_id]
        if row.hidden:
            continue
        row.scorecards += count
        if recommendation is not None:
            row.recommendations[recommendation] += count
    return rows


def by_score(row: CompareRow) -> tuple[bool, float]:
    """Best score first, candidates without one last."""
    return (row.formula.score is None, -(row.formula.score or 0))


#: How many candidates the comparison page shows side by side.
SIDE_BY_SIDE = 4

Evidence = dict[tuple[int, str], list[tuple[str, ScorecardRating]]]


@dataclass
class SideBySide:
    """The candidates picked for the side-by-side view, and their evidence when two or more
    are there to compare."""

    rows: list[CompareRow]
    evidence: Evidence

    @property
    def ids(self) -> list[int]:
        return [r.application.id for r in self.rows]


def picked(rows: Iterable[CompareRow], ids: list[int]) -> SideBySide:
    """The first ``SIDE_BY_SIDE`` ``ids`` among ``rows``, in the order picked. Independence:
    a candidate the viewer still owes a scorecard for (a hidden row) is never shown."""
    by_id = {r.application.id: r for r in rows}
    chosen = [by_id[i] for i in ids[:SIDE_BY_SIDE] if i in by_id and not by_id[i].hidden]
    chosen_ids = [r.application.id for r in chosen]
    return SideBySide(chosen, evidence_for(chosen_ids) if len(chosen) >= 2 else {})


def evidence_for(application_ids: list[int]) -> Evidence:
    """(application id, competency key) -> [(interviewer name, rating)], submitted panel
    cards only (``PANEL_CARD``)."""
    evidence: Evidence = defaultdict(list)
    if not application_ids:
        return evidence
    cards = db.session.scalars(
        select(Scorecard)
        .join(Interview)
        .where(
            Interview.application_id.in_(application_ids),
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
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


def finalists(
    rows: list[CompareRow], *, last_stage: int | None, picked: list[int] | None = None
) -> list[CompareRow]:
    """The candidates whose memos go into the position packet, best score first.

    ``picked`` (from the comparison page) wins; otherwise the finalists are the candidates
    still in the running or hired, with submitted scorecards, who reached the plan's final
    stage or already have a hire or hold decision. Rows hidden from the viewer never count.
    """
    visible = [r for r in rows if not r.hidden and r.scorecards]
    if picked:
        wanted = set(picked)
        chosen = [r for r in visible if r.application.id in wanted]
    else:
        chosen = [
            r
            for r in visible
            if r.application.status.is_open or r.application.status == ApplicationStatus.HIRED
            if (last_stage is not None and r.application.stage_index == last_stage)
            or (r.decision is not None and r.decision.outcome.value in ("hire", "hold"))
        ]
    chosen.sort(key=by_score)
    return chosen
