"""The hiring funnel: how many applicants reach each interview stage, how long they stay, how
fast decisions and scorecards come, per position and per candidate source.

Which applications: those that arrived (``applied_at``) in the page's period, for the
positions in its scope, so each funnel follows one cohort from applying to its outcome.

Four statements, whatever the number of applications: the positions with their current stage
names, the applications (with the highest stage each reached and its current decision), their
stage moves and closings, and their interviews with the cards submitted on them. The counting
and the medians happen here, in Python.

A little over 350 lines on purpose: the statements, the counting and the table rows that the
page and its CSVs share read best together, and splitting them would scatter one definition.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median

from sqlalchemy import Select, and_, func, select

from hiring.analytics.charts import BarChart, bar_chart, percent
from hiring.analytics.scope import Scope
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.interviews.models import Interview, InterviewStatus
from hiring.positions.models import PlanRevision, PlanStage, Position
from hiring.scorecards.models import Scorecard, ScorecardStatus
from hiring.scorecards.queries import PANEL_CARD

#: History entries that take an application out of the stage it is in.
LEAVING = frozenset({"moved", "rejected", "withdrawn", "decision_hire", "decision_reject"})
NO_SOURCE = "Not recorded"
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Step:
    """One bar of a funnel: how many got this far, and what share of the step before."""

    name: str
    reached: int
    passed: int | None
    #: Median days spent in this stage by those who left it (None: nobody has yet), and how many.
    median_days: float | None = None
    stays: int = 0


@dataclass(frozen=True)
class Funnel:
    """One position's (or one source's) cohort of applications."""

    name: str
    applicants: int
    steps: list[Step]
    hired: int
    not_hired: int
    rejected: int
    withdrawn: int
    still_open: int
    median_days_to_decision: float | None
    decisions: int
    median_latency_hours: float | None
    cards: int
    interviews: int

    @property
    def interviews_per_hire(self) -> float | None:
        return self.interviews / self.hired if self.hired else None

    @property
    def chart(self) -> BarChart:
        return bar_chart([(s.name, s.reached) for s in self.steps])


@dataclass(frozen=True)
class FunnelReport:
    positions: list[Funnel]
    sources: list[Funnel]


@dataclass(frozen=True)
class _App:
    id: int
    position_id: int
    source: str
    status: ApplicationStatus
    #: The furthest stage (0-based) the application ever reached; None: still at "New".
    furthest: int | None
    applied_at: datetime
    outcome: DecisionOutcome | None
    decided_at: datetime | None


@dataclass
class _Facts:
    """What the statements returned, by application."""

    apps: list[_App]
    stays: dict[int, list[tuple[int, float]]]
    latencies: dict[int, list[float]]
    interviews: dict[int, int]


def _stage_names(scope: Scope) -> dict[int, tuple[str, list[str]]]:
    """Position id -> (title, its current plan's stage names in order)."""
    latest = (
        select(func.max(PlanRevision.number))
        .where(PlanRevision.position_id == Position.id)
        .correlate(Position)
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Position.id, Position.title, PlanStage.name)
        .outerjoin(
            PlanRevision,
            and_(PlanRevision.position_id == Position.id, PlanRevision.number == latest),
        )
        .outerjoin(PlanStage, PlanStage.revision_id == PlanRevision.id)
        .where(scope.positions())
        .order_by(Position.title, Position.id, PlanStage.position)
    )
    names: dict[int, tuple[str, list[str]]] = {}
    for position_id, title, stage in rows:
        stages = names.setdefault(position_id, (title, []))[1]
        if stage is not None:
            stages.append(stage)
    return names


def _cohort(scope: Scope) -> Select[int]:
    """The ids of the scope's applications, for ``in_`` conditions."""
    return (
        select(Application.id)
        .join(Position, Position.id == Application.position_id)
        .where(scope.positions(), scope.between(Application.applied_at.expression))
    )


def _applications(scope: Scope) -> list[_App]:
    furthest = (
        select(ApplicationEvent.application_id, func.max(ApplicationEvent.to_stage).label("top"))
        .where(ApplicationEvent.kind == "moved")
        .group_by(ApplicationEvent.application_id)
        .subquery()
    )
    rows = db.session.execute(
        select(
            Application.id,
            Application.position_id,
            Candidate.source,
            Application.status,
            Application.stage_index,
            furthest.c.top,
            Application.applied_at,
            Decision.outcome,
            Decision.decided_at,
        )
        .join(Candidate, Candidate.id == Application.candidate_id)
        .join(Position, Position.id == Application.position_id)
        .outerjoin(furthest, furthest.c.application_id == Application.id)
        .outerjoin(Decision, and_(Decision.application_id == Application.id, Decision.current))
        .where(scope.positions(), scope.between(Application.applied_at.expression))
        .order_by(Application.id)
    )
    apps = []
    for app_id, position_id, source, status, stage, top, applied, outcome, decided in rows:
        reached = [s for s in (stage, top) if s is not None]
        apps.append(
            _App(
                app_id,
                position_id,
                source.strip() or NO_SOURCE,
                status,
                max(reached) if reached else None,
                applied,
                outcome,
                decided,
            )
        )
    return apps


def _stays(scope: Scope) -> dict[int, list[tuple[int, float]]]:
    """Application id -> (stage, days) for every stay in a stage that has ended: from the move
    into the stage to the next move or closing. Stays still running are left out."""
    rows = db.session.execute(
        select(
            ApplicationEvent.application_id,
            ApplicationEvent.kind,
            ApplicationEvent.to_stage,
            ApplicationEvent.occurred_at,
        )
        .where(ApplicationEvent.application_id.in_(_cohort(scope)))
        .where(ApplicationEvent.kind.in_(LEAVING))
        .order_by(
            ApplicationEvent.application_id, ApplicationEvent.occurred_at, ApplicationEvent.id
        )
    )
    stays: dict[int, list[tuple[int, float]]] = defaultdict(list)
    entered: dict[int, tuple[int, datetime]] = {}
    for app_id, kind, to_stage, at in rows:
        if app_id in entered:
            stage, since = entered.pop(app_id)
            stays[app_id].append((stage, (at - since) / DAY))
        if kind == "moved" and to_stage is not None:
            entered[app_id] = (to_stage, at)
    return stays


def _interviews(scope: Scope) -> tuple[dict[int, int], dict[int, list[float]]]:
    """Application id -> interviews held (not cancelled), and -> hours from each interview's
    end to each panel card submitted on it (a shadow's card is no panel's latency)."""
    rows = db.session.execute(
        select(
            Interview.application_id,
            Interview.id,
            Interview.starts_at,
            Interview.duration_minutes,
            Scorecard.submitted_at,
        )
        .outerjoin(
            Scorecard,
            and_(
                Scorecard.interview_id == Interview.id,
                Scorecard.status == ScorecardStatus.SUBMITTED,
                PANEL_CARD,
            ),
        )
        .where(Interview.application_id.in_(_cohort(scope)))
        .where(Interview.status == InterviewStatus.SCHEDULED)
    )
    held: dict[int, set[int]] = defaultdict(set)
    latencies: dict[int, list[float]] = defaultdict(list)
    for app_id, interview_id, starts, minutes, submitted in rows:
        held[app_id].add(interview_id)
        if submitted is not None:
            ended = starts + timedelta(minutes=minutes)
            latencies[app_id].append((submitted - ended) / HOUR)
    return {k: len(v) for k, v in held.items()}, latencies


def _median(values: Iterable[float]) -> float | None:
    listed = list(values)
    return round(median(listed), 1) if listed else None


def _funnel(name: str, stage_names: list[str], apps: list[_App], facts: _Facts) -> Funnel:
    steps = [Step("Applied", len(apps), None)]
    for index, stage in enumerate(stage_names):
        reached = sum(1 for a in apps if a.furthest is not None and a.furthest >= index)
        days = [d for a in apps for s, d in facts.stays.get(a.id, []) if s == index]
        steps.append(
            Step(stage, reached, percent(reached, steps[-1].reached), _median(days), len(days))
        )
    hired = sum(1 for a in apps if a.status == ApplicationStatus.HIRED)
    steps.append(Step("Hired", hired, percent(hired, steps[-1].reached)))
    decided = [
        a
        for a in apps
        if a.outcome in (DecisionOutcome.HIRE, DecisionOutcome.REJECT) and a.decided_at
    ]
    latencies = [h for a in apps for h in facts.latencies.get(a.id, [])]
    return Funnel(
        name=name,
        applicants=len(apps),
        steps=steps,
        hired=hired,
        not_hired=sum(1 for a in apps if a.outcome == DecisionOutcome.REJECT),
        rejected=sum(1 for a in apps if a.status == ApplicationStatus.REJECTED),
        withdrawn=sum(1 for a in apps if a.status == ApplicationStatus.WITHDRAWN),
        still_open=sum(1 for a in apps if a.status.is_open),
        median_days_to_decision=_median(
            (a.decided_at - a.applied_at) / DAY for a in decided if a.decided_at
        ),
        decisions=len(decided),
        median_latency_hours=_median(latencies),
        cards=len(latencies),
        interviews=sum(facts.interviews.get(a.id, 0) for a in apps),
    )


def _shared_names(lists: Iterable[list[str]]) -> list[str]:
    """Stage names for a funnel across positions: each place's name where every position
    agrees on it, "Stage N" where they differ."""
    lists = list(lists)
    longest = max((len(names) for names in lists), default=0)
    shared = []
    for index in range(longest):
        found = {names[index] for names in lists if index < len(names)}
        shared.append(found.pop() if len(found) == 1 else f"Stage {index + 1}")
    return shared


def funnel_report(scope: Scope) -> FunnelReport:
    """Every position in scope with applications in the period, then every candidate source."""
    names = _stage_names(scope)
    apps = _applications(scope)
    held, latencies = _interviews(scope)
    facts = _Facts(apps, _stays(scope), latencies, held)
    by_position: dict[int, list[_App]] = defaultdict(list)
    by_source: dict[str, list[_App]] = defaultdict(list)
    for app in apps:
        by_position[app.position_id].append(app)
        by_source[app.source].append(app)
    positions = [
        _funnel(title, stages, by_position[pid], facts)
        for pid, (title, stages) in names.items()
        if by_position[pid]
    ]
    # Every source's funnel has the same steps, so the sources line up in one table.
    shared = _shared_names(names[p][1] for p in by_position if p in names)
    sources = [
        _funnel(source, shared, group, facts)
        for source, group in sorted(by_source.items(), key=lambda item: item[0].casefold())
    ]
    return FunnelReport(positions, sources)


# The tables, as the page shows them and the CSV downloads them (one source for both).

SUMMARY_HEADER = (
    "By",
    "Name",
    "Applicants",
    "Hired",
    "Not hired (decision)",
    "Rejected",
    "Withdrawn",
    "Still open",
    "Median days to decision",
    "Decisions",
    "Median scorecard hours",
    "Cards",
    "Interviews",
    "Interviews per hire",
)
STAGES_HEADER = (
    "By",
    "Name",
    "Step",
    "Reached",
    "Pass-through %",
    "Median days in stage",
    "Stays ended",
)


def _groups(report: FunnelReport) -> list[tuple[str, Funnel]]:
    return [("Position", f) for f in report.positions] + [("Source", f) for f in report.sources]


def summary_rows(report: FunnelReport) -> list[tuple[object, ...]]:
    """One row per funnel (positions, then sources); None where there is nothing to measure."""
    return [
        (
            by,
            f.name,
            f.applicants,
            f.hired,
            f.not_hired,
            f.rejected,
            f.withdrawn,
            f.still_open,
            f.median_days_to_decision,
            f.decisions,
            f.median_latency_hours,
            f.cards,
            f.interviews,
            None if f.interviews_per_hire is None else round(f.interviews_per_hire, 1),
        )
        for by, f in _groups(report)
    ]


def stage_rows(report: FunnelReport) -> list[tuple[object, ...]]:
    """One row per step of every funnel."""
    return [
        (by, f.name, s.name, s.reached, s.passed, s.median_days, s.stays)
        for by, f in _groups(report)
        for s in f.steps
    ]
