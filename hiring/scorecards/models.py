"""Scorecards: one interviewer's independent evaluation of one interview."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.interviews.models import Interview
    from hiring.library.models import Competency, Question


class Recommendation(enum.StrEnum):
    STRONG_NO = "strong_no"
    NO = "no"
    YES = "yes"
    STRONG_YES = "strong_yes"

    @property
    def label(self) -> str:
        return {"strong_no": "Strong no", "no": "No", "yes": "Yes", "strong_yes": "Strong yes"}[
            self.value
        ]

    @property
    def is_hire(self) -> bool:
        return self in (Recommendation.YES, Recommendation.STRONG_YES)


class ScorecardStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Scorecard(Model):
    __tablename__ = "scorecards"
    __table_args__ = (
        UniqueConstraint("interview_id", "interviewer_id", name="uq_scorecards_interviewer"),
        # An interviewer's latest submitted cards ("my interviews"), without sorting them all.
        Index("ix_scorecards_submitted", "interviewer_id", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="RESTRICT"), index=True
    )
    interviewer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ScorecardStatus] = mapped_column(
        value_enum(ScorecardStatus, "scorecard_status", length=16),
        default=ScorecardStatus.DRAFT,
        index=True,
    )
    recommendation: Mapped[Recommendation | None] = mapped_column(
        value_enum(Recommendation, "recommendation", length=16)
    )
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Optimistic lock: a save from a stale tab is refused and shown as a conflict.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    #: Filled by an interviewer in training who sat in as a shadow: kept out of every debrief,
    #: comparison, formula and analysis (it counts only towards their qualification).
    shadow: Mapped[bool] = mapped_column(default=False, server_default=false())

    interview: Mapped[Interview] = relationship(back_populates="scorecards")
    interviewer: Mapped[User] = relationship()
    # Ordered, so a card reads the same every time: PostgreSQL returns rows in no set order
    # (an autosaved rating moves), and a packet's fingerprint is the hash of what it shows.
    ratings: Mapped[list[ScorecardRating]] = relationship(
        back_populates="scorecard",
        cascade="all, delete-orphan",
        order_by="ScorecardRating.competency_id",
    )
    notes: Mapped[list[ScorecardNote]] = relationship(
        back_populates="scorecard",
        cascade="all, delete-orphan",
        order_by="ScorecardNote.question_id",
    )
    amendments: Mapped[list[ScorecardAmendment]] = relationship(
        back_populates="scorecard",
        order_by="ScorecardAmendment.amended_at",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_submitted(self) -> bool:
        return self.status == ScorecardStatus.SUBMITTED

    @property
    def started(self) -> bool:
        """Saved at least once after it was created (without loading its ratings)."""
        return (self.updated_at - self.created_at).total_seconds() > 1


class ScorecardRating(Model):
    """The rating of one focus competency: a level, or *not assessed* (never a low score)."""

    __tablename__ = "scorecard_ratings"
    __table_args__ = (
        CheckConstraint(
            "NOT (not_assessed AND rating IS NOT NULL)", name="not_assessed_has_no_rating"
        ),
    )

    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True
    )
    #: The competency version of the interview's plan stage.
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True
    )
    rating: Mapped[int | None]
    not_assessed: Mapped[bool] = mapped_column(default=False)
    evidence: Mapped[str] = mapped_column(Text, default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="ratings")
    competency: Mapped[Competency] = relationship()


class ScorecardNote(Model):
    """STAR notes for one question of the interview."""

    __tablename__ = "scorecard_notes"

    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), primary_key=True
    )
    situation: Mapped[str] = mapped_column(Text, default="")
    task: Mapped[str] = mapped_column(Text, default="")
    action: Mapped[str] = mapped_column(Text, default="")
    result: Mapped[str] = mapped_column(Text, default="")

    scorecard: Mapped[Scorecard] = relationship(back_populates="notes")
    question: Mapped[Question] = relationship()


class ScorecardAmendment(Model):
    """A change to a submitted scorecard: who, when, why, and the card before and after."""

    __tablename__ = "scorecard_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), index=True
    )
    amended_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    reason: Mapped[str] = mapped_column(Text)
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    after: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Made after the debrief opened (set by the debrief feature).
    post_debrief: Mapped[bool] = mapped_column(default=False)

    scorecard: Mapped[Scorecard] = relationship(back_populates="amendments")
    actor: Mapped[User] = relationship()


class ScorecardReminder(Model):
    """A reminder e-mail sent for an overdue scorecard: at most one per card per day."""

    __tablename__ = "scorecard_reminders"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "sent_on", name="uq_scorecard_reminders_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scorecard_id: Mapped[int] = mapped_column(
        ForeignKey("scorecards.id", ondelete="CASCADE"), index=True
    )
    sent_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    to_address: Mapped[str] = mapped_column(String(254))
