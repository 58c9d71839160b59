"""Interviewer training records: who read the course, every practice attempt and rating, the
real interviews sat in on as a shadow, sign-offs, and go-aheads despite a missing qualification.

A qualification is never stored as a state to keep in sync: ``qualification.py`` reads it from
these facts (a passed practice set, a shadow card, a sign-off) and the lapse period.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.library.models import ReferenceAnswer

#: The share of a competency's answers that must be rated within one level of the reference.
PASS_SHARE = 0.8
#: A practice set counts for a competency only with at least this many of its answers in it.
FEWEST_ANSWERS_TO_PASS = 3
#: How long a qualification (and a passed practice set) lasts unless an admin sets otherwise.
DEFAULT_LAPSE_MONTHS = 12


class QualificationStage(enum.StrEnum):
    IN_TRAINING = "in_training"
    PRACTISED = "practised"
    SHADOWED = "shadowed"
    QUALIFIED = "qualified"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class TrainingPolicy(Model):
    """The organisation's training rules (one row; absent means the defaults)."""

    __tablename__ = "training_policy"
    __table_args__ = (CheckConstraint("lapse_months BETWEEN 1 AND 60", name="lapse_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lapse_months: Mapped[int] = mapped_column(default=DEFAULT_LAPSE_MONTHS)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class CourseCompletion(Model):
    """An interviewer read the short course (asked once, before their first practice)."""

    __tablename__ = "training_course_completions"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PracticeAttempt(Model):
    """One run through a practice set: a competency's reference answers, or a role's
    must-haves. The answers (exact versions, in the order shown) are fixed when it starts."""

    __tablename__ = "practice_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: A competency key or a role-profile key (keys are unique across the library).
    set_key: Mapped[str] = mapped_column(String(60))
    #: Reference answer ids in the order they are shown.
    answer_ids: Mapped[list[int]] = mapped_column(JSON)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship()
    ratings: Mapped[list[PracticeRating]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan", order_by="PracticeRating.id"
    )
    results: Mapped[list[PracticeResult]] = relationship(
        back_populates="attempt", cascade="all, delete-orphan"
    )


class PracticeRating(Model):
    """The interviewer's rating of one reference answer, given before they saw the reference."""

    __tablename__ = "practice_ratings"
    __table_args__ = (
        UniqueConstraint("attempt_id", "reference_answer_id", name="uq_practice_ratings_answer"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("practice_attempts.id", ondelete="CASCADE"), index=True
    )
    reference_answer_id: Mapped[int] = mapped_column(
        ForeignKey("reference_answers.id", ondelete="RESTRICT"), index=True
    )
    #: None: rated "not assessed" (always a miss: every reference answer has a rating).
    rating: Mapped[int | None]
    evidence: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attempt: Mapped[PracticeAttempt] = relationship(back_populates="ratings")
    reference_answer: Mapped[ReferenceAnswer] = relationship()

    @property
    def difference(self) -> int | None:
        """Signed: above zero rated higher than the reference (lenient), below it severe."""
        return None if self.rating is None else self.rating - self.reference_answer.rating

    @property
    def within_one(self) -> bool:
        return self.difference is not None and abs(self.difference) <= 1


class PracticeResult(Model):
    """One competency's result in a finished attempt: what the qualification rules read."""

    __tablename__ = "practice_results"
    __table_args__ = (
        UniqueConstraint("attempt_id", "competency_key", name="uq_practice_results_competency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(
        ForeignKey("practice_attempts.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    answers: Mapped[int]
    within_one: Mapped[int]
    passed: Mapped[bool]
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attempt: Mapped[PracticeAttempt] = relationship(back_populates="results")


class ShadowSession(Model):
    """A real interview sat in on as a shadow: the card filled is kept out of every debrief,
    comparison, formula and analysis, and counts here for each competency it rated."""

    __tablename__ = "shadow_sessions"
    __table_args__ = (
        UniqueConstraint("scorecard_id", "competency_key", name="uq_shadow_sessions_competency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    scorecard_id: Mapped[int] = mapped_column(ForeignKey("scorecards.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class QualificationSignoff(Model):
    """An admin or hiring manager qualified an interviewer for a competency once they had
    practised and shadowed."""

    __tablename__ = "qualification_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    signed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    signed_by: Mapped[User] = relationship(foreign_keys=[signed_by_id])


class QualificationOverride(Model):
    """An admin or the hiring manager put an interviewer who is not qualified on a stage that
    assesses a must-have, and said why (an interview when scheduling, a plan stage when
    editing the plan)."""

    __tablename__ = "qualification_overrides"
    __table_args__ = (
        CheckConstraint("(interview_id IS NULL) <> (plan_stage_id IS NULL)", name="one_place"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interviewer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    #: The must-have competencies the interviewer was not qualified for, comma-separated keys.
    competency_keys: Mapped[str] = mapped_column(String(500))
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), index=True
    )
    plan_stage_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_stages.id", ondelete="CASCADE"), index=True
    )

    interviewer: Mapped[User] = relationship(foreign_keys=[interviewer_id])
    decided_by: Mapped[User] = relationship(foreign_keys=[decided_by_id])
