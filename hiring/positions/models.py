"""Openings and their interview plans (ordered stages, focus competencies, questions)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum
from hiring.library.models import LintFlag
from hiring.library.schema import StageKind

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.library.models import Competency, Question, RoleProfile


class PositionStatus(enum.StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    ON_HOLD = "on_hold"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Position(Model):
    """An opening: a pinned role-profile version, the people who own it, and its plan."""

    __tablename__ = "positions"
    __table_args__ = (CheckConstraint("headcount >= 1", name="headcount_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    team: Mapped[str] = mapped_column(String(120), default="")
    location: Mapped[str] = mapped_column(String(120), default="")
    #: The exact role-profile version this opening is assessed against (never moves).
    role_profile_id: Mapped[int] = mapped_column(
        ForeignKey("role_profiles.id", ondelete="RESTRICT"), index=True
    )
    hiring_manager_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    recruiter_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    headcount: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[PositionStatus] = mapped_column(
        value_enum(PositionStatus, "position_status", length=16),
        default=PositionStatus.DRAFT,
        index=True,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    role_profile: Mapped[RoleProfile] = relationship()
    hiring_manager: Mapped[User] = relationship(foreign_keys=[hiring_manager_id])
    recruiter: Mapped[User | None] = relationship(foreign_keys=[recruiter_id])
    plan_revisions: Mapped[list[PlanRevision]] = relationship(
        back_populates="position",
        order_by="PlanRevision.number",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def current_plan(self) -> PlanRevision | None:
        return self.plan_revisions[-1] if self.plan_revisions else None


class PlanRevision(Model):
    """One revision of a position's interview plan.

    A revision that an interview has used is locked: changing the plan then starts a new
    revision for future interviews, so every candidate interviewed on a revision was asked
    the same questions.
    """

    __tablename__ = "plan_revisions"
    __table_args__ = (UniqueConstraint("position_id", "number", name="uq_plan_revisions_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: Set when the first interview is scheduled on this revision.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    position: Mapped[Position] = relationship(back_populates="plan_revisions")
    created_by: Mapped[User | None] = relationship()
    stages: Mapped[list[PlanStage]] = relationship(
        back_populates="revision", order_by="PlanStage.position", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def locked(self) -> bool:
        return self.locked_at is not None


class PlanStage(LintFlag, Model):
    __tablename__ = "plan_stages"
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="duration_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("plan_revisions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[StageKind] = mapped_column(value_enum(StageKind, "stage_kind"))
    duration_minutes: Mapped[int]
    instructions: Mapped[str] = mapped_column(Text, default="")

    revision: Mapped[PlanRevision] = relationship(back_populates="stages")
    focus: Mapped[list[PlanStageFocus]] = relationship(
        cascade="all, delete-orphan", order_by="PlanStageFocus.competency_id"
    )
    questions: Mapped[list[PlanStageQuestion]] = relationship(
        cascade="all, delete-orphan", order_by="PlanStageQuestion.position"
    )
    interviewers: Mapped[list[PlanStageInterviewer]] = relationship(
        cascade="all, delete-orphan", order_by="PlanStageInterviewer.user_id"
    )

    @property
    def focus_competencies(self) -> list[Competency]:
        return [f.competency for f in self.focus]

    @property
    def interviewer_users(self) -> list[User]:
        return sorted((i.user for i in self.interviewers), key=lambda u: u.name)


class PlanStageFocus(Model):
    __tablename__ = "plan_stage_focus"

    stage_id: Mapped[int] = mapped_column(
        ForeignKey("plan_stages.id", ondelete="CASCADE"), primary_key=True
    )
    competency_id: Mapped[int] = mapped_column(
        ForeignKey("competencies.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    competency: Mapped[Competency] = relationship()


class PlanStageQuestion(Model):
    __tablename__ = "plan_stage_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("plan_stages.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    #: The exact question version asked (bank edits never change a plan already made).
    question_id: Mapped[int] = mapped_column(
        ForeignKey("questions.id", ondelete="RESTRICT"), index=True
    )

    question: Mapped[Question] = relationship()


class PlanStageInterviewer(Model):
    """A default interviewer for a stage (scheduling copies these onto each interview)."""

    __tablename__ = "plan_stage_interviewers"

    stage_id: Mapped[int] = mapped_column(
        ForeignKey("plan_stages.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    user: Mapped[User] = relationship()
