"""Hiring decisions: made once, changed only by a recorded reversal."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, Float, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum

if TYPE_CHECKING:
    from hiring.applications.models import Application
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
