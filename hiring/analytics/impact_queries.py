"""Adverse impact per position: each stage transition and the bottom line, by sex and by
race/ethnicity, from the voluntary self-identification (the one place it is read).

Two statements whatever the data: the positions with their current plan's stage names, and
the applications counted by position, answers, furthest stage and hire. Everything else
(who reached which stage, the tables of ``impact.adverse_impact``) is worked out in Python
from those counts, so the page never reads a single person's answers.

How far an application got: the furthest of its current stage and every stage its history
moved it to (a candidate moved on and then back still reached the later stage), and a hire
(a current hire decision, or the status) counts as past every stage. A stage beyond the
current plan (the plan lost a stage since) counts as its last stage. An open application
(active or on hold) still at a stage has not been decided there, so it is left out of every
step it has not finished (counted as not selected, it would look like a rejection).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, case, func, select

from hiring.analytics.impact import GroupCounts, ImpactTable, adverse_impact
from hiring.analytics.models import RaceEthnicity, SelfIdentification, Sex
from hiring.analytics.scope import Scope
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.positions.models import PlanRevision, PlanStage, Position

#: The two characteristics the Uniform Guidelines ask impact to be kept by (29 CFR 1607.4).
CHARACTERISTICS = (("sex", "Sex", Sex), ("race_ethnicity", "Race/ethnicity", RaceEthnicity))
#: Applications not yet decided: neither selected nor rejected at the stage they sit at.
OPEN = frozenset({ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD})


@dataclass(frozen=True)
class Transition:
    """From one level to a later one; levels: -1 applied, 0..n-1 the stages, n hired."""

    label: str
    start: int
    end: int
    bottom_line: bool = False


@dataclass(frozen=True)
class TransitionImpact:
    transition: Transition
    #: (characteristic key, its name, the table)
    tables: tuple[tuple[str, str, ImpactTable], ...]


@dataclass
class PositionImpact:
    position_id: int
    title: str
    stages: list[str]
    applicants: int = 0
    #: characteristic key -> Counter of "prefer_not" / "not_answered"
    unstated: dict[str, Counter[str]] = field(default_factory=dict)
    transitions: list[TransitionImpact] = field(default_factory=list)


def transitions(stages: list[str]) -> list[Transition]:
    """The bottom line first (the Guidelines look at it first), then each step in order."""
    names = ["Applied", *stages, "Hired"]
    steps = [
        Transition(f"{names[level + 1]} → {names[level + 2]}", level, level + 1)
        for level in range(-1, len(stages))
    ]
    if len(steps) == 1:  # no stages: applied → hired is the bottom line itself
        return [Transition("Bottom line: applied → hired", -1, 0, bottom_line=True)]
    bottom = Transition("Bottom line: applied → hired", -1, len(stages), bottom_line=True)
    return [bottom, *steps]


def impact_by_position(scope: Scope) -> list[PositionImpact]:
    """Every position in scope with applicants in the period, with its tables."""
    positions = _positions(scope)
    # (position, characteristic, group) -> Counter of (level reached, still open) -> applicants
    reached: dict[tuple[int, str, str], Counter[tuple[int, bool]]] = {}
    for row in db.session.execute(_counts(scope)):
        found = positions.get(row.position_id)
        if found is None:
            continue
        last = len(found.stages)
        furthest = max(
            -1 if row.stage_index is None else row.stage_index,
            -1 if row.moved_to is None else row.moved_to,
        )
        level = last if row.hired else min(furthest, last - 1)
        still_open = not row.hired and row.status in OPEN
        found.applicants += row.n
        answers = {"sex": row.sex, "race_ethnicity": row.race_ethnicity}
        for key, _name, kind in CHARACTERISTICS:
            value = kind(answers[key] or "not_answered")
            if not value.stated:
                found.unstated.setdefault(key, Counter())[value.value] += row.n
                continue
            group = reached.setdefault((found.position_id, key, value.value), Counter())
            group[level, still_open] += row.n
    shown = [p for p in positions.values() if p.applicants]
    for position in shown:
        position.transitions = [
            _transition(position.position_id, step, reached)
            for step in transitions(position.stages)
        ]
    return shown


def _transition(
    position_id: int,
    step: Transition,
    reached: dict[tuple[int, str, str], Counter[tuple[int, bool]]],
) -> TransitionImpact:
    tables = []
    for key, name, kind in CHARACTERISTICS:
        counts = []
        for member in kind:
            if not member.stated:
                continue
            levels = reached.get((position_id, key, member.value), Counter())
            at_end = sum(n for (level, _open), n in levels.items() if level >= step.end)
            # Open applications between the step's start and end are still being decided.
            undecided = sum(
                n
                for (level, still_open), n in levels.items()
                if still_open and step.start <= level < step.end
            )
            at_start = (
                sum(n for (level, _open), n in levels.items() if level >= step.start) - undecided
            )
            counts.append(GroupCounts(member.label, at_start, at_end))
        tables.append((key, name, adverse_impact(counts)))
    return TransitionImpact(step, tuple(tables))


def _positions(scope: Scope) -> dict[int, PositionImpact]:
    """The positions in scope, with their current plan's stage names in order."""
    latest = (
        select(PlanRevision.position_id, func.max(PlanRevision.number).label("number"))
        .group_by(PlanRevision.position_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Position.id, Position.title, PlanStage.name)
        .outerjoin(latest, latest.c.position_id == Position.id)
        .outerjoin(
            PlanRevision,
            and_(PlanRevision.position_id == Position.id, PlanRevision.number == latest.c.number),
        )
        .outerjoin(PlanStage, PlanStage.revision_id == PlanRevision.id)
        .where(scope.positions())
        .order_by(Position.title, Position.id, PlanStage.position)
    )
    found: dict[int, PositionImpact] = {}
    for position_id, title, stage in rows:
        entry = found.setdefault(position_id, PositionImpact(position_id, title, []))
        if stage is not None:
            entry.stages.append(stage)
    return found


def _counts(scope: Scope) -> Select[Any]:
    """Applications in scope by position, answers, stage, furthest move and hire."""
    moved = (
        select(
            ApplicationEvent.application_id, func.max(ApplicationEvent.to_stage).label("moved_to")
        )
        .group_by(ApplicationEvent.application_id)
        .subquery()
    )
    hires = (
        select(Decision.application_id)
        .where(Decision.current.is_(True), Decision.outcome == DecisionOutcome.HIRE)
        .group_by(Decision.application_id)
        .subquery()
    )
    hired = case(
        (Application.status == ApplicationStatus.HIRED, 1),
        (hires.c.application_id.is_not(None), 1),
        else_=0,
    ).label("hired")
    columns = (
        Application.position_id,
        SelfIdentification.sex,
        SelfIdentification.race_ethnicity,
        Application.stage_index,
        Application.status,
        moved.c.moved_to,
        hired,
    )
    return (
        select(*columns, func.count().label("n"))
        .select_from(Application)
        .join(Position, Position.id == Application.position_id)
        .outerjoin(SelfIdentification, SelfIdentification.candidate_id == Application.candidate_id)
        .outerjoin(moved, moved.c.application_id == Application.id)
        .outerjoin(hires, hires.c.application_id == Application.id)
        .where(scope.positions(), scope.between(Application.applied_at.expression))
        .group_by(*columns)
    )
