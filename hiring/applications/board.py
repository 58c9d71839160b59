"""The pipeline board: per column, how many applications are there (counted in SQL) and the
first ``CARDS_PER_COLUMN`` of them (each column's own LIMIT, read in index order); each
column's full list is a page of its own (``column_page``). So the board is two queries however
many people applied, neither sorts the closed history, and its HTML stops growing with it.

A card is read as plain values (``Card``), not as an application and its candidate: at ten
cards a column, loading two ORM objects per card cost more than drawing the card
(``board_markup``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
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
from sqlalchemy.orm import InstrumentedAttribute

from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.applications.stages import stage_names
from hiring.applications.states import Step, status_allows
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.positions.models import Position

#: Cards shown in each column of the board; the rest are one "Show all" link away.
CARDS_PER_COLUMN = 10
#: The latest closed applications, under the board (folded away: a glance at who left lately).
CLOSED_ON_BOARD = 5
#: Column keys besides stage indexes (0, 1, ...): SQL computes them, URLs name them.
NEW, STRAY, CLOSED = -1, -2, -3
_SLUGS = {NEW: "new", STRAY: "other", CLOSED: "closed"}
OPEN_STATUSES = (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD)
#: Event kinds that put an application into its current stage ("days in stage" counts from them).
STAGE_EVENTS = ("created", "moved")


def column_slug(key: int) -> str:
    """How a column is named in its URL: new, stage-1, stage-2, ..., other, closed."""
    return _SLUGS.get(key, f"stage-{key + 1}")


def column_key(slug: str, stages: int) -> int | None:
    """The column a URL names (``None``: no such column in this plan)."""
    keys = {v: k for k, v in _SLUGS.items()} | {f"stage-{i + 1}": i for i in range(stages)}
    return keys.get(slug)


@dataclass(frozen=True, slots=True)
class Card:
    """One application as the board and the closed table draw it."""

    id: int
    name: str
    status: ApplicationStatus
    stage_index: int | None
    version: int
    status_reason: str
    #: When it last changed (a closed application: when it was closed).
    updated_at: datetime
    #: When it entered its current stage.
    since: datetime
    days_in_stage: int
    #: Whether its status lets it move (the reader's right to move it is asked once a page).
    can_move: bool

    @property
    def on_hold(self) -> bool:
        return self.status == ApplicationStatus.ON_HOLD


def _since() -> ColumnElement[datetime]:
    """When the application entered its stage: its last stage event, per card shown only."""
    return (
        select(func.max(ApplicationEvent.occurred_at))
        .where(
            ApplicationEvent.application_id == Application.id,
            ApplicationEvent.kind.in_(STAGE_EVENTS),
        )
        .scalar_subquery()
    )


#: What a card reads, in ``Card``'s order up to ``since`` (then the column key, on the board).
def _card_columns() -> tuple[ColumnElement[Any] | InstrumentedAttribute[Any], ...]:
    return (
        Application.id,
        Candidate.name,
        Application.status,
        Application.stage_index,
        Application.version,
        Application.status_reason,
        Application.updated_at,
        Application.applied_at,
        _since(),
    )


_MOVABLE = frozenset(s for s in ApplicationStatus if status_allows(s, Step.MOVE))


def _card(row: Row[Any], now: datetime) -> Card:
    values: tuple[Any, ...] = tuple(row)
    id_, name, status, stage_index, version, reason, updated, applied, entered = values[:9]
    entered = entered or applied
    return Card(
        id_,
        name,
        status,
        stage_index,
        version,
        reason,
        updated,
        entered,
        max(0, (now - entered).days),
        status in _MOVABLE,
    )


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
    closed: list[Card]
    stage_names: list[str]
    closed_count: int = 0

    @property
    def open_count(self) -> int:
        return sum(c.count for c in self.columns)


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
    """The ids of a column's first ``CARDS_PER_COLUMN`` applications (``CLOSED_ON_BOARD`` of
    the closed), with the column's key (a subquery of its own: a compound statement takes one
    LIMIT per part only that way)."""
    first = (
        select(Application.id.label("id"), literal(key, Integer).label("key"))
        .where(Application.position_id == _POSITION, _in_column(key, stages))
        .order_by(*_order_in(key))
        .limit(CLOSED_ON_BOARD if key == CLOSED else CARDS_PER_COLUMN)
        .subquery()
    )
    return select(first.c.id, first.c.key)


@lru_cache(maxsize=64)
def _column_counts(stages: int) -> Select[int, int]:
    column = _column(stages)
    return select(column, func.count()).where(Application.position_id == _POSITION).group_by(column)


@lru_cache(maxsize=256)
def _board_cards(keys: tuple[int, ...], stages: int) -> Select[Any]:
    firsts = union_all(*(_first_cards(key, stages) for key in keys)).subquery()
    return (
        select(*_card_columns(), firsts.c.key)
        .join(firsts, firsts.c.id == Application.id)
        .join(Candidate, Candidate.id == Application.candidate_id)
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
        for row in db.session.execute(_board_cards(tuple(sorted(counts)), len(names)), bound):
            key = row[-1]
            (closed if key == CLOSED else columns[key]).cards.append(_card(row, now))
    for key, total in counts.items():
        (closed if key == CLOSED else columns[key]).count = total
    if not columns[STRAY].count:
        del columns[STRAY]
    return Board(
        columns=list(columns.values()),
        closed=closed.cards,
        stage_names=names,
        closed_count=closed.count,
    )


def column_page(
    position: Position, key: int, *, now: datetime
) -> Callable[[int, int], tuple[list[Card], int]]:
    """Pages of one column of the board in full, in the board's order (``paginate_rows``):
    the page's cards and the column's length."""
    in_column = and_(
        Application.position_id == position.id, _in_column(key, len(stage_names(position)))
    )

    def fetch(page: int, per_page: int) -> tuple[list[Card], int]:
        rows = db.session.execute(
            select(*_card_columns())
            .join(Candidate, Candidate.id == Application.candidate_id)
            .where(in_column)
            .order_by(*_order_in(key))
            .limit(per_page)
            .offset((page - 1) * per_page)
        )
        cards = [_card(row, now) for row in rows]
        total = db.session.scalar(select(func.count()).where(in_column)) or 0
        return cards, total

    return fetch
