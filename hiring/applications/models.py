"""Applications: a candidate in a position, moving through its stages, and their history."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.candidates.models import Candidate
from hiring.db import Model, UTCDateTime, utcnow, value_enum

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.positions.models import Position


class ApplicationStatus(enum.StrEnum):
    ACTIVE = "active"
    ON_HOLD = "on_hold"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    HIRED = "hired"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_open(self) -> bool:
        return self in (ApplicationStatus.ACTIVE, ApplicationStatus.ON_HOLD)


class Application(Model):
    """A candidate in a position, moving through the position's interview stages."""

    __tablename__ = "applications"
    __table_args__ = (
        UniqueConstraint("candidate_id", "position_id", name="uq_applications_candidate_position"),
        # The pipeline board: counts per column from this index alone, and each open column's
        # first cards without reading the closed ones.
        Index("ix_applications_board", "position_id", "status", "stage_index", "applied_at"),
        # The board's closed applications, the latest first, without sorting the history.
        Index("ix_applications_closed", "position_id", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("candidates.id", ondelete="RESTRICT"), index=True
    )
    position_id: Mapped[int] = mapped_column(
        ForeignKey("positions.id", ondelete="RESTRICT"), index=True
    )
    status: Mapped[ApplicationStatus] = mapped_column(
        value_enum(ApplicationStatus, "application_status", length=16),
        default=ApplicationStatus.ACTIVE,
        index=True,
    )
    #: Which stage of the plan the candidate is at (0-based); None until the first stage.
    stage_index: Mapped[int | None]
    status_reason: Mapped[str] = mapped_column(Text, default="")
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: When the hiring manager or recruiter first opened the debrief; amendments after this
    #: are marked post-debrief.
    debrief_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    candidate: Mapped[Candidate] = relationship(back_populates="applications")
    position: Mapped[Position] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application",
        order_by="ApplicationEvent.occurred_at",
        cascade="all, delete-orphan",
    )

    __mapper_args__ = {"version_id_col": version}


#: History entries (besides decisions) whose reason quotes the panel.
PANEL_REASON_KINDS = frozenset({"rejected", "on_hold"})


class ApplicationEvent(Model):
    """One step in an application's history (moved, held, rejected, ...)."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    #: created | moved | on_hold | rejected | withdrawn | reactivated | interview_scheduled ...
    kind: Mapped[str] = mapped_column(String(32))
    from_stage: Mapped[int | None]
    to_stage: Mapped[int | None]
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The moment the entry is about (a scheduled interview's start), kept as a time so that
    #: each reader sees it in their own zone, never written into ``reason``.
    happens_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    application: Mapped[Application] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def quotes_panel(self) -> bool:
        """A decision, rejection or hold: its reason is drawn from the panel's scorecards, so
        it shows only to readers who may see them
        (``hiring.debriefs.permissions.sees_decision_reason``)."""
        return self.kind.startswith("decision_") or self.kind in PANEL_REASON_KINDS
