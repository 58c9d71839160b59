"""Hiring decisions: made once, changed only by a recorded reversal; and each application's
stored formula result, kept fresh for the comparison to sort and page in SQL."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    event,
    inspect,
    select,
    text,
    union,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship
from sqlalchemy.orm.util import identity_key

from hiring.applications.models import Application
from hiring.db import Model, UTCDateTime, utcnow, value_enum
from hiring.interviews.models import Interview
from hiring.positions.models import Position
from hiring.scorecards.models import Scorecard, ScorecardRating, ScorecardStatus
from hiring.scorecards.queries import PANEL_CARD

if TYPE_CHECKING:
    from hiring.auth.models import User


class DecisionOutcome(enum.StrEnum):
    HIRE = "hire"
    REJECT = "reject"
    HOLD = "hold"

    @property
    def label(self) -> str:
        return {"hire": "Hire", "reject": "Reject", "hold": "Hold"}[self.value]


class Decision(Model):
    __tablename__ = "decisions"
    __table_args__ = (
        # One current decision per application, enforced by the database: two managers
        # deciding at the same moment cannot both win (the second commit fails).
        Index(
            "uq_decisions_one_current",
            "application_id",
            unique=True,
            sqlite_where=text('"current"'),
            postgresql_where=text('"current"'),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="RESTRICT"), index=True
    )
    outcome: Mapped[DecisionOutcome] = mapped_column(
        value_enum(DecisionOutcome, "decision_outcome", length=16)
    )
    rationale: Mapped[str] = mapped_column(Text)
    #: Required when the decision departs from what the formula recommended.
    override_reason: Mapped[str | None] = mapped_column(Text)
    #: Why the decision was taken before the role profile's minimum evidence was met.
    decide_now_reason: Mapped[str | None] = mapped_column(Text)
    #: The formula's recommendation and score at the moment of deciding.
    formula_outcome: Mapped[str] = mapped_column(String(16))
    formula_score: Mapped[float | None] = mapped_column(Float)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: For hires: the first day, and who the new hire reports to (default: hiring manager).
    start_date: Mapped[date | None] = mapped_column(Date)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: The decision this one reverses, and why.
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("decisions.id", ondelete="RESTRICT"))
    reversal_reason: Mapped[str | None] = mapped_column(Text)
    current: Mapped[bool] = mapped_column(default=True)

    application: Mapped[Application] = relationship()
    decided_by: Mapped[User] = relationship(foreign_keys=[decided_by_id])
    manager: Mapped[User | None] = relationship(foreign_keys=[manager_id])

    @property
    def overridden(self) -> bool:
        return self.override_reason is not None


class ComparisonScore(Model):
    """The sortable part of one application's formula result, for the comparison to sort,
    filter and page in SQL (``hiring.debriefs.ranking``): what the panel's submitted cards
    give, for a reader who may see them all (who may not is decided when reading).

    Fresh when ``computed == changes``. Every change to what the numbers depend on bumps
    ``changes`` in the same transaction (``_note_changes`` below); the comparison recomputes
    the rows that are behind, and writes the ``changes`` it read *before* computing into
    ``computed``, so a change committed meanwhile leaves the row behind, never wrongly fresh.
    An application without a row is behind too.
    """

    __tablename__ = "comparison_scores"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    changes: Mapped[int] = mapped_column(Integer, default=1)
    computed: Mapped[int] = mapped_column(Integer, default=0)
    #: The formula's weighted score (None: nothing rated yet).
    score: Mapped[float | None] = mapped_column(Float)
    #: Submitted cards of scheduled interviews.
    scorecards: Mapped[int] = mapped_column(Integer, default=0)
    #: Competencies whose raters are two or more levels apart, plus one for a hire/no-hire
    #: conflict among the recommendations.
    flags: Mapped[int] = mapped_column(Integer, default=0)


class ComparisonMean(Model):
    """One competency's panel mean for one application (None: not rated), to sort by it."""

    __tablename__ = "comparison_means"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    competency_key: Mapped[str] = mapped_column(String(60), primary_key=True)
    mean: Mapped[float | None] = mapped_column(Float)


# Keeping the stored results honest ------------------------------------------------------------
#
# What the numbers depend on lives in earlier areas (scorecards, interviews), which may not
# import the debriefs. So the debriefs watch every flush instead: whichever service, job,
# command or test changes a submitted card, its ratings, an interview's status or a
# position's profile, the applications concerned are marked behind in the same transaction.
# Drafts (autosave) change nothing here and cost nothing: only submitted cards count.


def _changed(obj: object, *names: str) -> bool:
    state = inspect(obj)
    return any(state.attrs[name].history.has_changes() for name in names)


def _old_and_new(obj: object, name: str) -> set[int]:
    history = inspect(obj).attrs[name].history
    return {v for v in (*history.added, *history.deleted, *history.unchanged) if v is not None}


def _counts(session: Session, card: Scorecard) -> bool:
    """Whether a change to ``card`` (or its ratings) can move the numbers: a panel card (a
    shadow's never counts) that is submitted, or stops being so."""
    if card.shadow:
        return False
    submitted = card.status == ScorecardStatus.SUBMITTED
    if card in session.new or card in session.deleted:
        return submitted
    return submitted or _changed(card, "status")


def _note_changes(session: Session, _context: object) -> None:
    """After each flush: bump ``changes`` of every application whose numbers may have moved."""
    applications: set[int] = set()
    interviews: set[int] = set()
    cards: set[int] = set()  # cards not in the session: looked up, submitted ones only
    positions: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        persistent = obj not in session.new and obj not in session.deleted
        if isinstance(obj, Scorecard):
            if (not persistent or session.is_modified(obj)) and _counts(session, obj):
                interviews |= _old_and_new(obj, "interview_id")
        elif isinstance(obj, ScorecardRating):
            card = session.identity_map.get(identity_key(Scorecard, obj.scorecard_id))
            if card is None:
                cards.add(obj.scorecard_id)
            elif _counts(session, card):
                interviews.add(card.interview_id)
        elif isinstance(obj, Interview):
            if obj in session.deleted or (persistent and _changed(obj, "status", "application_id")):
                applications |= _old_and_new(obj, "application_id")
        elif isinstance(obj, Application):
            if persistent and _changed(obj, "position_id"):
                applications.add(obj.id)
        elif isinstance(obj, Position) and persistent and _changed(obj, "role_profile_id"):
            positions.add(obj.id)
    if applications or interviews or cards or positions:
        _mark(session.connection(), applications, interviews, cards, positions)


def _mark(
    connection: Connection,
    applications: set[int],
    interviews: set[int],
    cards: set[int],
    positions: set[int],
) -> None:
    lookups = []
    if interviews:
        lookups.append(select(Interview.application_id).where(Interview.id.in_(interviews)))
    if cards:
        lookups.append(
            select(Interview.application_id)
            .join(Scorecard, Scorecard.interview_id == Interview.id)
            .where(
                Scorecard.id.in_(cards),
                Scorecard.status == ScorecardStatus.SUBMITTED,
                PANEL_CARD,
            )
        )
    if positions:
        lookups.append(select(Application.id).where(Application.position_id.in_(positions)))
    if lookups:
        applications = applications | set(connection.scalars(union(*lookups)))
    if applications:
        mark_behind(connection, applications)


def dialect_insert(connection: Connection, model: type[Model]) -> Any:
    """An INSERT that takes ``ON CONFLICT`` (an upsert) on SQLite and PostgreSQL alike."""
    module = postgresql if connection.dialect.name == "postgresql" else sqlite
    return module.insert(model.__table__)


def mark_behind(connection: Connection, application_ids: set[int]) -> None:
    """Bump ``changes`` (a missing row starts behind), in id order so that two transactions
    lock rows in the same order."""
    table = ComparisonScore.__table__
    connection.execute(
        dialect_insert(connection, ComparisonScore).on_conflict_do_update(
            index_elements=["application_id"], set_={"changes": table.c.changes + 1}
        ),
        [{"application_id": i, "changes": 1, "computed": 0} for i in sorted(application_ids)],
    )


event.listen(Session, "after_flush", _note_changes)
