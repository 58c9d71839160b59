"""Scheduled interviews: one plan stage for one application, with assigned interviewers."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum

if TYPE_CHECKING:
    from hiring.applications.models import Application
    from hiring.auth.models import User
    from hiring.positions.models import PlanStage
    from hiring.scorecards.models import Scorecard

#: A scorecard is due this long after its interview ends.
SCORECARD_DUE_AFTER = timedelta(hours=24)
#: The longest interview that can be booked: the scheduling form's cap, checked again by the
#: service. Lists of due cards rely on it: one that started longer ago than this has ended.
LONGEST_INTERVIEW_MINUTES = 480


class InterviewStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Interview(Model):
    __tablename__ = "interviews"
    __table_args__ = (CheckConstraint("duration_minutes > 0", name="duration_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="RESTRICT"), index=True
    )
    #: The stage of the exact plan revision used: its questions are what was asked.
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("plan_stages.id", ondelete="RESTRICT"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: IANA zone the organiser scheduled in (e.g. America/Chicago), for invites and display.
    time_zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int]
    location: Mapped[str] = mapped_column(String(300), default="")
    video_link: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[InterviewStatus] = mapped_column(
        value_enum(InterviewStatus, "interview_status", length=16),
        default=InterviewStatus.SCHEDULED,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    application: Mapped[Application] = relationship()
    stage: Mapped[PlanStage] = relationship()
    #: Who booked it: the organiser of its calendar invitation.
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    interviewers: Mapped[list[InterviewInterviewer]] = relationship(
        cascade="all, delete-orphan",
        back_populates="interview",
        order_by="InterviewInterviewer.user_id",
    )
    scorecards: Mapped[list[Scorecard]] = relationship(
        back_populates="interview", order_by="Scorecard.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def scorecard_due_at(self) -> datetime:
        return self.ends_at + SCORECARD_DUE_AFTER

    @property
    def interviewer_users(self) -> list[User]:
        """Everyone invited, shadows included (they get the kit, invite and a card)."""
        return sorted((i.user for i in self.interviewers), key=lambda u: u.name)

    @property
    def panel_users(self) -> list[User]:
        """The interviewers whose cards count (not the shadows)."""
        return sorted((i.user for i in self.interviewers if not i.shadow), key=lambda u: u.name)

    @property
    def shadow_users(self) -> list[User]:
        """Interviewers in training sitting in to learn; their cards stay out of the debrief."""
        return sorted((i.user for i in self.interviewers if i.shadow), key=lambda u: u.name)


class InterviewInterviewer(Model):
    __tablename__ = "interview_interviewers"

    interview_id: Mapped[int] = mapped_column(
        ForeignKey("interviews.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: Sits in to learn (interviewer training): their card is kept out of the debrief.
    shadow: Mapped[bool] = mapped_column(default=False, server_default=false())

    interview: Mapped[Interview] = relationship(back_populates="interviewers")
    user: Mapped[User] = relationship()
