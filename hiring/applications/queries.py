"""Read-side helpers for application lists and the pipeline board, each a fixed number of
queries whatever the number of rows.

The candidate list is here, not in ``hiring.candidates``: which candidates a hiring manager
sees depends on their applications, and candidates come before applications in the flow."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    ScalarSelect,
    Select,
    and_,
    bindparam,
    case,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, joinedload, selectinload

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
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
    """Candidates the user may see, newest first, with their applications and positions
    loaded up front (the list names each one's stage from ``current_stage_names``)."""
    query = select(Candidate).options(
        selectinload(Candidate.applications).joinedload(Application.position)
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


def load_application(application_id: int) -> Application | None:
    """An application with what its page shows of it in the same query: the candidate, and
    the position with its hiring manager and recruiter."""
    return db.session.get(
        Application,
        application_id,
        options=[
            joinedload(Application.candidate),
            joinedload(Application.position).joinedload(Position.hiring_manager),
            joinedload(Application.position).joinedload(Position.recruiter),
        ],
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
#
# The board shows, per column, how many applications are there (counted in SQL) and the first
# ``CARDS_PER_COLUMN`` of them (each column's own LIMIT, read in index order); each column's
# full list is a page of its own (``column_applications``). So the board is two queries however
# many people applied, neither sorts the closed history, and its HTML stops growing with it.

#: Cards shown in each column of the board; the rest are one "Show all" link away.
CARDS_PER_COLUMN = 10
#: Column keys besides stage indexes (0, 1, ...): SQL computes them, URLs name them.
NEW, STRAY, CLOSED = -1, -2, -3
_SLUGS = {NEW: "new", STRAY: "other", CLOSED: "closed"}
OPEN_STATUSES = (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD)


def column_slug(key: int) -> str:
    """How a column is named in its URL: new, stage-1, stage-2, ..., other, closed."""
    return _SLUGS.get(key, f"stage-{key + 1}")


def column_key(slug: str, stages: int) -> int | None:
    """The column a URL names (``None``: no such column in this plan)."""
    keys = {v: k for k, v in _SLUGS.items()} | {f"stage-{i + 1}": i for i in range(stages)}
    return keys.get(slug)


def _column(stages: int) -> ColumnElement[int]:
    """Which column an application sits in, computed by the database."""
    return case(
        (Application.status.not_in(OPEN_STATUSES), CLOSED),
        (Application.stage_index.is_(None), NEW),
        (Application.stage_index.between(0, stages - 1), Application.stage_index),
        else_=STRAY,
    )


def _column_order() -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    """Open columns: who applied first, first. Closed: the latest closed first."""
    closed = Application.status.not_in(OPEN_STATUSES)
    return (
        case((closed, Application.updated_at)).desc(),
        case((closed, Application.id)).desc(),
        Application.applied_at,
        Application.id,
    )


def _since() -> ScalarSelect[datetime]:
    """When the application entered its stage: its last stage event, per card shown only."""
    return (
        select(func.max(ApplicationEvent.occurred_at))
        .where(
            ApplicationEvent.application_id == Application.id,
            ApplicationEvent.kind.in_(STAGE_EVENTS),
        )
        .scalar_subquery()
    )


@dataclass
class Card:
    application: Application
    #: When the application entered its current stage.
    since: datetime
    days_in_stage: int


def _card(application: Application, entered: datetime | None, now: datetime) -> Card:
    entered = entered or application.applied_at
    return Card(application, entered, max(0, (now - entered).days))


@dataclass
class Column:
    #: None for "New"; -2 for applications at a stage no longer in the plan.
    index: int | None
    name: str
    cards: list[Card] = field(default_factory=list)
    #: How many applications the column holds (``cards`` are the first of them).
    count: int = 0

    @property
    def key(self) -> int:
        return NEW if self.index is None else self.index

    @property
    def slug(self) -> str:
        return column_slug(self.key)

    @property
    def more(self) -> int:
        """How many are in the column beyond the cards shown."""
        return self.count - len(self.cards)


@dataclass
class Board:
    columns: list[Column]
    closed: list[Application]
    stage_names: list[str]
    closed_count: int = 0

    @property
    def open_count(self) -> int:
        return sum(c.count for c in self.columns)


def _in_column(key: int, stages: int) -> ColumnElement[bool]:
    """The applications of one column, as a condition the board's indexes answer: open ones
    by status and stage (``ix_applications_board``), closed ones by position alone."""
    if key == CLOSED:
        return Application.status.not_in(OPEN_STATUSES)
    opened = Application.status.in_(OPEN_STATUSES)
    if key == NEW:
        return and_(opened, Application.stage_index.is_(None))
    if key == STRAY:
        return and_(opened, or_(Application.stage_index < 0, Application.stage_index >= stages))
    return and_(opened, Application.stage_index == key)


def _order_in(key: int) -> tuple[InstrumentedAttribute[Any] | ColumnElement[Any], ...]:
    """A column's order: who applied first, first; closed, the latest closed first (walked
    backwards along ``ix_applications_closed``, so the history is never sorted)."""
    if key == CLOSED:
        return (Application.updated_at.desc(), Application.id.desc())
    return (Application.applied_at, Application.id)


#: The position whose board is drawn, bound at execution: the board's statements are built
#: once per plan length and set of non-empty columns, not on every view.
_POSITION = bindparam("position_id", type_=Integer)


def _first_cards(key: int, stages: int) -> Select[int, int]:
    """The ids of a column's first ``CARDS_PER_COLUMN`` applications, with the column's key
    (a subquery of its own: a compound statement takes one LIMIT per part only that way)."""
    first = (
        select(Application.id.label("id"), literal(key, Integer).label("key"))
        .where(Application.position_id == _POSITION, _in_column(key, stages))
        .order_by(*_order_in(key))
        .limit(CARDS_PER_COLUMN)
        .subquery()
    )
    return select(first.c.id, first.c.key)


@lru_cache(maxsize=64)
def _column_counts(stages: int) -> Select[int, int]:
    column = _column(stages)
    return select(column, func.count()).where(Application.position_id == _POSITION).group_by(column)


@lru_cache(maxsize=256)
def _board_cards(keys: tuple[int, ...], stages: int) -> Select[Application, int, datetime]:
    firsts = union_all(*(_first_cards(key, stages) for key in keys)).subquery()
    return (
        select(Application, firsts.c.key, _since())
        .join(firsts, firsts.c.id == Application.id)
        .options(joinedload(Application.candidate))
        .order_by(firsts.c.key, *_column_order())
    )


def pipeline(position: Position, *, now: datetime) -> Board:
    """Columns New + one per stage of the current plan, each with its count and first cards;
    the latest closed applications apart. Two queries: the counts per column (from an index
    alone), then each non-empty column's first cards, read in order and cut at
    ``CARDS_PER_COLUMN`` column by column, so a position's closed history is counted but
    never sorted.
    """
    names = stage_names(position)
    bound = {"position_id": position.id}
    counts: dict[int, int] = dict(db.session.execute(_column_counts(len(names)), bound).all())
    columns = {NEW: Column(None, "New")} | {i: Column(i, name) for i, name in enumerate(names)}
    columns[STRAY] = Column(STRAY, "Not in the current plan")
    closed = Column(CLOSED, "Closed")
    if counts:
        cards = _board_cards(tuple(sorted(counts)), len(names))
        for application, key, entered in db.session.execute(cards, bound):
            target = closed if key == CLOSED else columns[key]
            target.cards.append(_card(application, entered, now))
    for key, total in counts.items():
        (closed if key == CLOSED else columns[key]).count = total
    if not columns[STRAY].count:
        del columns[STRAY]
    return Board(
        columns=list(columns.values()),
        closed=[card.application for card in closed.cards],
        stage_names=names,
        closed_count=closed.count,
    )


def column_applications(position: Position, key: int) -> Select[Application]:
    """Every application in one column of the board, in the board's order (for paging)."""
    return (
        select(Application)
        .where(
            Application.position_id == position.id,
            _in_column(key, len(stage_names(position))),
        )
        .options(joinedload(Application.candidate))
        .order_by(*_order_in(key))
    )


def cards(applications: Sequence[Application], *, now: datetime) -> list[Card]:
    """Cards for a page of one column: when each entered its stage, in one query."""
    entered: dict[int, datetime] = {}
    if ids := [a.id for a in applications]:
        rows = db.session.execute(
            select(ApplicationEvent.application_id, func.max(ApplicationEvent.occurred_at))
            .where(
                ApplicationEvent.application_id.in_(ids),
                ApplicationEvent.kind.in_(STAGE_EVENTS),
            )
            .group_by(ApplicationEvent.application_id)
        )
        entered = {row[0]: row[1] for row in rows.all()}
    return [_card(a, entered.get(a.id), now) for a in applications]
