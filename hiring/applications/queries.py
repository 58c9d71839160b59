"""Read-side helpers for application lists and the pipeline board, each a fixed number of
queries whatever the number of rows.

The candidate list is here, not in ``hiring.candidates``: which candidates a hiring manager
sees depends on their applications, and candidates come before applications in the flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application, ApplicationEvent
from hiring.applications.services import APPLY_STATUSES
from hiring.applications.stages import stage_names
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.candidates.permissions import manages_all
from hiring.candidates.services import SOURCES
from hiring.db import db
from hiring.positions.models import PlanRevision, Position

#: Event kinds that put an application into its current stage ("days in stage" counts from them).
STAGE_EVENTS = ("created", "moved")


def candidate_list(user: User, *, q: str = "", source: str = "") -> Select[Any]:
    """Candidates the user may see, newest first, with their applications loaded up front."""
    query = select(Candidate).options(
        selectinload(Candidate.applications)
        .joinedload(Application.position)
        .selectinload(Position.plan_revisions)
        .selectinload(PlanRevision.stages)
    )
    if not manages_all(user):
        # Hiring managers: only people who applied to a position they manage.
        query = query.where(
            Candidate.applications.any(
                Application.position.has(Position.hiring_manager_id == user.id)
            )
        )
    if q:
        needle = q.lower()
        query = query.where(
            or_(
                func.lower(Candidate.name).contains(needle, autoescape=True),
                Candidate.email.contains(needle, autoescape=True),
                Candidate.phone.contains(q, autoescape=True),
            )
        )
    if source in SOURCES:
        query = query.where(Candidate.source == source)
    return query.order_by(Candidate.created_at.desc(), Candidate.id.desc())


def candidate_applications(candidate: Candidate) -> list[Application]:
    return list(
        db.session.scalars(
            select(Application)
            .where(Application.candidate_id == candidate.id)
            .options(
                joinedload(Application.position)
                .selectinload(Position.plan_revisions)
                .selectinload(PlanRevision.stages)
            )
            .order_by(Application.applied_at.desc(), Application.id.desc())
        )
    )


def positions_to_apply() -> list[Position]:
    """Open and draft positions, open first."""
    return list(
        db.session.scalars(
            select(Position)
            .where(Position.status.in_(APPLY_STATUSES))
            .order_by(Position.status.desc(), Position.title, Position.id)
        )
    )


def application_events(application: Application) -> list[ApplicationEvent]:
    return list(
        db.session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == application.id)
            .options(joinedload(ApplicationEvent.actor))
            .order_by(ApplicationEvent.occurred_at.desc(), ApplicationEvent.id.desc())
        )
    )


# The pipeline board ------------------------------------------------------------------------


@dataclass
class Card:
    application: Application
    #: When the application entered its current stage.
    since: datetime
    days_in_stage: int


@dataclass
class Column:
    #: None for "New"; -2 for applications at a stage no longer in the plan.
    index: int | None
    name: str
    cards: list[Card] = field(default_factory=list)


@dataclass
class Board:
    columns: list[Column]
    closed: list[Application]
    stage_names: list[str]

    @property
    def open_count(self) -> int:
        return sum(len(c.cards) for c in self.columns)


def pipeline(position: Position, *, now: datetime) -> Board:
    """Columns New + one per stage of the current plan, with cards; closed applications apart.

    Two queries: the applications with their candidates, and (in the same statement) when
    each entered its stage, aggregated in SQL.
    """
    names = stage_names(position)
    since = (
        select(
            ApplicationEvent.application_id.label("application_id"),
            func.max(ApplicationEvent.occurred_at).label("since"),
        )
        .where(ApplicationEvent.kind.in_(STAGE_EVENTS))
        .group_by(ApplicationEvent.application_id)
        .subquery()
    )
    rows = db.session.execute(
        select(Application, since.c.since)
        .outerjoin(since, since.c.application_id == Application.id)
        .where(Application.position_id == position.id)
        .options(joinedload(Application.candidate))
        .order_by(Application.applied_at, Application.id)
    ).all()
    columns = [Column(None, "New")] + [Column(i, name) for i, name in enumerate(names)]
    stray = Column(-2, "Not in the current plan")
    closed: list[Application] = []
    for application, entered in rows:
        if not application.status.is_open:
            closed.append(application)
            continue
        entered = entered or application.applied_at
        card = Card(application, entered, max(0, (now - entered).days))
        index = application.stage_index
        if index is None:
            columns[0].cards.append(card)
        elif 0 <= index < len(names):
            columns[index + 1].cards.append(card)
        else:
            stray.cards.append(card)
    if stray.cards:
        columns.append(stray)
    closed.sort(key=lambda a: (a.updated_at, a.id), reverse=True)
    return Board(columns=columns, closed=closed, stage_names=names)
