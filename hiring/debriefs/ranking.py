"""The comparison's order, filters and pages, worked out by the database.

The formula (``hiring.debriefs.formula``) runs in Python, so sorting by its score used to mean
computing it for every candidate of the position to show 25 of them. Instead each
application's sortable numbers (score, submitted cards, flags, competency means) are stored
(``ComparisonScore``, ``ComparisonMean``) and kept fresh this way:

* **Marking.** What the numbers depend on lives in earlier areas (submitted scorecards and
  their ratings, the interview's status, the position's pinned profile), and those may not
  import the debriefs. So the debriefs listen to every flush (``models._note_changes``) and
  bump ``changes`` of the applications concerned, in the same transaction as the change:
  a submission, an amendment, a cancelled interview, whoever makes it (page, job, command).
  Drafts and autosaves are ignored (they count for nothing until submitted).
* **Refreshing.** Before sorting, ``refresh`` recomputes only the rows that are behind
  (``computed != changes``, or no row yet: a new application, or a database just migrated),
  in one batch through the very code that builds the page's rows
  (``comparison.rows_for``), so stored and shown numbers cannot disagree. It records the
  ``changes`` it read *before* computing: a change committed meanwhile leaves the row
  behind, never wrongly fresh. Writes are upserts, so two readers refreshing at once agree;
  they run in a short transaction of their own once all is computed, never under the
  request's (which would hold SQLite's write lock until the page is rendered).
* **Reading.** Whether the reader may see a candidate's numbers (independence:
  ``hiring.scorecards.permissions.owes_scorecard``) depends on the reader, so it is applied
  in the query: a withheld candidate sorts as one with no score, cards or flags, as before.

Decisions and the application's stage and status are not stored: the query reads them
where they live, so deciding, moving or closing needs no refresh at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    case,
    delete,
    exists,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.orm import aliased

from hiring.applications.models import Application, ApplicationStatus
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.debriefs.comparison import rows_for
from hiring.debriefs.models import ComparisonMean, ComparisonScore, Decision, dialect_insert
from hiring.positions.models import Position

#: The query-string filters of the comparison page (and its CSV).
FILTERS = ("stage", "status", "sort", "dir")
#: Still in the running, or hired: the comparison's default status filter.
IN_PLAY = (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD, ApplicationStatus.HIRED)


#: Applications recomputed per batch (bounds the statements' parameter lists).
BATCH = 500


def refresh(position: Position) -> int:
    """Recompute the stored numbers of the position's applications that are behind (only
    those, in a fixed number of queries per ``BATCH``); returns how many were.

    Everything is computed first, on the request's session (reads only), then written in a
    short transaction of its own: on SQLite the request's session would otherwise take the
    write lock at the first upsert and keep it while the rest is computed and the page
    rendered, and every other writer would wait for it (and fail after the busy timeout).
    Written apart, the numbers also stay stored when the request itself fails; that is safe,
    as the ``changes`` read before computing guard every row (see the module's docstring)."""
    behind = db.session.execute(
        select(Application.id, ComparisonScore.changes)
        .outerjoin(ComparisonScore, ComparisonScore.application_id == Application.id)
        .where(
            Application.position_id == position.id,
            or_(
                ComparisonScore.application_id.is_(None),
                ComparisonScore.changes != ComparisonScore.computed,
            ),
        )
        .order_by(Application.id)
    ).all()
    batches = [
        _computed(
            position, {app_id: changes or 0 for app_id, changes in behind[start : start + BATCH]}
        )
        for start in range(0, len(behind), BATCH)
    ]
    if batches:
        with db.engine.begin() as connection:
            for batch in batches:
                _store(connection, batch)
    return len(behind)


@dataclass(frozen=True)
class _Batch:
    """One batch's computed numbers, ready to write."""

    ids: list[int]
    scores: list[dict[str, Any]]
    means: list[dict[str, Any]]


def _computed(position: Position, read: dict[int, int]) -> _Batch:
    """The numbers of ``read`` (application id -> its ``changes`` as read before computing)."""
    rows = rows_for(position, None, list(read))
    return _Batch(
        ids=list(read),
        scores=[
            {
                "application_id": app_id,
                "changes": read[app_id],
                "computed": read[app_id],
                "score": row.formula.score,
                "scorecards": row.scorecards,
                "flags": row.flags,
            }
            for app_id, row in sorted(rows.items())
        ],
        means=[
            {"application_id": app_id, "competency_key": c.spec.key, "mean": c.mean}
            for app_id, row in sorted(rows.items())
            for c in row.formula.competencies
        ],
    )


def _store(connection: Connection, batch: _Batch) -> None:
    """Upsert one batch's numbers (in application id order, as ``mark_behind`` locks)."""
    scores = dialect_insert(connection, ComparisonScore)
    connection.execute(
        scores.on_conflict_do_update(
            index_elements=["application_id"],
            set_={
                name: scores.excluded[name] for name in ("computed", "score", "scorecards", "flags")
            },
        ),
        batch.scores,
    )
    keys = {m["competency_key"] for m in batch.means}
    connection.execute(
        delete(ComparisonMean).where(
            ComparisonMean.application_id.in_(batch.ids),
            ComparisonMean.competency_key.not_in(keys),
        )
    )
    if batch.means:
        insert = dialect_insert(connection, ComparisonMean)
        connection.execute(
            insert.on_conflict_do_update(
                index_elements=["application_id", "competency_key"],
                set_={"mean": insert.excluded.mean},
            ),
            batch.means,
        )


@dataclass(frozen=True)
class Order:
    """The page's filters and sort, read as the comparison always read them: ``stage`` is
    "new" or a stage index; ``status`` a status, "all", or nothing for those still in the
    running or hired; ``sort`` "name", "score", "stage", "scorecards", "flags", "status" or
    "c:<competency>"; ``direction`` "asc" or "desc". Anything unrecognised is ignored."""

    stage: str = ""
    status: str = ""
    sort: str = "score"
    direction: str = ""

    @classmethod
    def read(cls, args: Mapping[str, str]) -> Order:
        return cls(
            args.get("stage", ""),
            args.get("status", ""),
            args.get("sort") or "score",
            args.get("dir", ""),
        )

    @property
    def reverse(self) -> bool:
        """Every key sorts best-first by default; "dir" turns it round (names: A to Z)."""
        return self.direction == ("desc" if self.sort == "name" else "asc")


def ordered(position: Position, order: Order, owed: set[int]) -> Select[int]:
    """The ids of the position's applications that ``order`` keeps, in its order; the
    numbers of the ``owed`` candidates (the reader still owes a card) count as absent.
    Ties keep the order candidates applied in. Call ``refresh`` first."""
    scores = ComparisonScore
    decided = exists().where(Decision.application_id == Application.id, Decision.current)
    hidden: ColumnElement[bool] = (
        and_(Application.id.in_(sorted(owed)), or_(scores.scorecards > 0, decided))
        if owed
        else false()
    )
    statement = (
        select(Application.id)
        .join(Candidate, Candidate.id == Application.candidate_id)
        .outerjoin(scores, scores.application_id == Application.id)
        .where(Application.position_id == position.id, *_filters(order))
    )
    sort = order.sort
    keys: list[ColumnElement[Any]]
    if sort == "name":
        keys = [_name_key()]
    elif sort == "stage":
        keys = [-func.coalesce(Application.stage_index, -1)]
    elif sort in ("scorecards", "flags"):
        keys = [-case((hidden, 0), else_=func.coalesce(getattr(scores, sort), 0))]
    elif sort == "status":
        keys = [Application.status.expression]
    elif sort.startswith("c:"):
        mean = aliased(ComparisonMean)
        statement = statement.outerjoin(
            mean, and_(mean.application_id == Application.id, mean.competency_key == sort[2:])
        )
        keys = _best_first(case((hidden, None), else_=mean.mean))
    else:
        keys = _best_first(case((hidden, None), else_=scores.score))
    return statement.order_by(
        *(key.desc() if order.reverse else key.asc() for key in keys),
        Application.applied_at,
        Application.id,
    )


def _filters(order: Order) -> list[ColumnElement[bool]]:
    stage, status = order.stage, order.status
    found: list[ColumnElement[bool]] = []
    if stage == "new":
        found.append(Application.stage_index.is_(None))
    elif stage.isdecimal() and stage.isascii() and len(stage) < 4:
        found.append(Application.stage_index == int(stage))
    if status in {s.value for s in ApplicationStatus}:
        found.append(Application.status == ApplicationStatus(status))
    elif status != "all":
        found.append(Application.status.in_(IN_PLAY))
    return found


def _best_first(value: ColumnElement[Any]) -> list[ColumnElement[Any]]:
    """Highest first, absent values last (the key (value is None, -value))."""
    return [case((value.is_(None), 1), else_=0), -func.coalesce(value, 0)]


def _name_key() -> ColumnElement[Any]:
    """Names by their lower case, letter by letter as Python compares them (PostgreSQL's
    locale collation would order them differently, so the "C" collation). SQLite's lower()
    folds ASCII letters only, so a name starting with a non-ASCII capital (É) may sort
    apart from the same name in lower case there."""
    lowered = func.lower(Candidate.name)
    return lowered.collate("C") if db.session.get_bind().dialect.name == "postgresql" else lowered
