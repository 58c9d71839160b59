"""30/60/90-day onboarding plans, owned by the new hire's manager."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum
from hiring.library.schema import CORE_LAST_DAY, RAMP_LAST_DAY, ItemKind, ItemOwner, Phase
from hiring.library.schema import PHASE_DAYS as PHASE_DAYS  # with Phase: the library checks it
from hiring.onboarding.wording import quantity

if TYPE_CHECKING:
    from hiring.applications.models import Application
    from hiring.auth.models import User


class PlanStatus(enum.StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Progress(enum.StrEnum):
    """A milestone rating, by the manager and by the new hire."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


PHASE_LABELS = {
    Phase.LEARN: "Learn",
    Phase.CONTRIBUTE: "Contribute",
    Phase.OWN: "Own",
    Phase.RAMP: "Ramp: months 4\u20136",
}
#: The milestone check-ins of every plan, and the monthly ones a plan with a ramp phase adds.
CORE_MILESTONES = (30, 60, 90)
RAMP_MILESTONES = (120, 150, 180)


class OnboardingPlan(Model):
    __tablename__ = "onboarding_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    new_hire_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    buddy_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    #: The hire this plan came from (None for an existing employee).
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date] = mapped_column(Date)
    status: Mapped[PlanStatus] = mapped_column(
        value_enum(PlanStatus, "onboarding_plan_status", length=16), default=PlanStatus.ACTIVE
    )
    #: Where the items came from: role profile key and version.
    template_source: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    new_hire: Mapped[User] = relationship(foreign_keys=[new_hire_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    buddy: Mapped[User | None] = relationship(foreign_keys=[buddy_id])
    application: Mapped[Application | None] = relationship()
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", order_by="PlanItem.due_date", cascade="all, delete-orphan"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", order_by="Goal.due_date", cascade="all, delete-orphan"
    )
    checkins: Mapped[list[CheckIn]] = relationship(
        back_populates="plan", order_by="CheckIn.milestone", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def has_ramp(self) -> bool:
        """The plan runs months 4-6 too: its template had ramp content, so it has the
        day-120/150/180 check-ins (read from the check-ins, which every list loads)."""
        return any(c.milestone > CORE_LAST_DAY for c in self.checkins)

    @property
    def last_day(self) -> int:
        """The plan's last day: 90, or 180 with a ramp phase. It completes after that day."""
        return RAMP_LAST_DAY if self.has_ramp else CORE_LAST_DAY

    @property
    def phases(self) -> dict[Phase, str]:
        """The phases this plan has, in order, with their labels."""
        return {p: label for p, label in PHASE_LABELS.items() if p != Phase.RAMP or self.has_ramp}

    @property
    def milestones_text(self) -> str:
        """The check-in days in words: "30, 60 and 90" (", 120, 150 and 180" with a ramp)."""
        days = [str(c.milestone) for c in self.checkins]
        return ", ".join(days[:-1]) + " and " + days[-1] if len(days) > 1 else "".join(days)

    def owner_of(self, owner: ItemOwner) -> User | None:
        """The person an item's ``owner`` role stands for in this plan (None: no buddy)."""
        return {
            ItemOwner.NEW_HIRE: self.new_hire,
            ItemOwner.MANAGER: self.manager,
            ItemOwner.BUDDY: self.buddy,
        }[owner]

    def owner_name(self, owner: ItemOwner) -> str:
        """Who owns an item, by name with the role: "Morgan Patel (manager)"."""
        role = owner.value.replace("_", " ")
        person = self.owner_of(owner)
        return f"{person.name} ({role})" if person else "the buddy (none named yet)"


class PlanItem(Model):
    __tablename__ = "onboarding_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_plans.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[Phase] = mapped_column(value_enum(Phase, "phase", length=16))
    #: The plan day the template asked for (1-90, 91-180 in the ramp phase); the due date
    #: is derived from it.
    day: Mapped[int]
    due_date: Mapped[date] = mapped_column(Date, index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[ItemKind] = mapped_column(value_enum(ItemKind, "item_kind"))
    owner: Mapped[ItemOwner] = mapped_column(value_enum(ItemOwner, "item_owner", length=16))
    evidence_required: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    completion_note: Mapped[str] = mapped_column(Text, default="")
    evidence_url: Mapped[str] = mapped_column(String(500), default="")
    #: Generated (weekly 1:1s) rather than copied from the template.
    generated: Mapped[bool] = mapped_column(default=False)

    #: Certifications (role-plays) are scored on the competency's interview anchors by a
    #: named assessor; the score feeds the rep's competency chart on the coaching page.
    competency_key: Mapped[str | None] = mapped_column(String(60))
    score: Mapped[int | None]
    assessor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    plan: Mapped[OnboardingPlan] = relationship(back_populates="items")
    assessor: Mapped[User | None] = relationship(foreign_keys=[assessor_id])

    @property
    def done(self) -> bool:
        return self.done_at is not None


class Goal(Model):
    """A SMART goal for a phase, or a development goal seeded from the interviews."""

    __tablename__ = "onboarding_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_plans.id", ondelete="CASCADE"), index=True
    )
    phase: Mapped[Phase] = mapped_column(value_enum(Phase, "phase", length=16))
    outcome: Mapped[str] = mapped_column(String(300))
    metric: Mapped[str] = mapped_column(String(200), default="")
    target: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60), default="")
    due_date: Mapped[date] = mapped_column(Date)
    #: Who the goal is for: the new hire by default (SMART's "assignable").
    owner: Mapped[ItemOwner] = mapped_column(
        value_enum(ItemOwner, "goal_owner", length=16),
        default=ItemOwner.NEW_HIRE,
        server_default=ItemOwner.NEW_HIRE.value,
    )
    #: Development goals: the competency, the manager's wording for the new hire, and the
    #: interview evidence (for the manager only; the new hire never sees raw notes).
    competency_key: Mapped[str | None] = mapped_column(String(60))
    coaching_actions: Mapped[list[str]] = mapped_column(JSON, default=list)
    interview_evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: Why the interviews pointed here, in numbers ("panel mean 2.2 against a bar of 2.8"):
    #: for the manager only. The new hire and the buddy read the developmental wording.
    interview_summary: Mapped[str] = mapped_column(Text, default="", server_default="")

    plan: Mapped[OnboardingPlan] = relationship(back_populates="goals")
    actuals: Mapped[list[GoalActual]] = relationship(
        back_populates="goal", order_by="GoalActual.recorded_on", cascade="all, delete-orphan"
    )

    @property
    def is_development(self) -> bool:
        return self.competency_key is not None

    @property
    def latest(self) -> float | None:
        """The most recent actual recorded, or None before the first."""
        return self.actuals[-1].value if self.actuals else None

    @property
    def target_text(self) -> str:
        """The target with its unit, singular for one: "1 deal", "6 calls"."""
        return quantity(self.target, self.unit) if self.target is not None else ""

    @property
    def latest_text(self) -> str:
        """The latest actual with its unit ("4 opportunities"), or "" before the first."""
        latest = self.latest
        return quantity(latest, self.unit) if latest is not None else ""

    @property
    def percent(self) -> int:
        """How far the latest actual is towards the target, capped at 100."""
        if not self.target or self.latest is None:
            return 0
        return max(0, min(100, round(self.latest / self.target * 100)))


class GoalActual(Model):
    __tablename__ = "onboarding_goal_actuals"
    __table_args__ = (UniqueConstraint("goal_id", "recorded_on", name="uq_goal_actuals_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_goals.id", ondelete="CASCADE"), index=True
    )
    recorded_on: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))

    goal: Mapped[Goal] = relationship(back_populates="actuals")


class CheckIn(Model):
    """The day-30, -60 or -90 milestone (and -120, -150, -180 in a plan with a ramp phase):
    both rate progress independently, then the manager signs the phase (or the ramp month)
    off. Either rating "off track" flags the plan at risk for HR."""

    __tablename__ = "onboarding_checkins"
    __table_args__ = (UniqueConstraint("plan_id", "milestone", name="uq_checkins_milestone"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_plans.id", ondelete="CASCADE"), index=True
    )
    milestone: Mapped[int]  # 30, 60 or 90; 120, 150 or 180 with a ramp phase
    due_date: Mapped[date] = mapped_column(Date)
    manager_rating: Mapped[Progress | None] = mapped_column(
        value_enum(Progress, "progress_manager", length=16)
    )
    manager_comment: Mapped[str] = mapped_column(Text, default="")
    manager_rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    new_hire_rating: Mapped[Progress | None] = mapped_column(
        value_enum(Progress, "progress_new_hire", length=16)
    )
    new_hire_comment: Mapped[str] = mapped_column(Text, default="")
    new_hire_rated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    signed_off_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT")
    )
    #: When the check-in meeting is booked (None until the manager books it), how long it
    #: runs, and the zone it was booked in: the calendar feed shows it at that time.
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    minutes: Mapped[int | None]
    time_zone: Mapped[str | None] = mapped_column(String(64))

    plan: Mapped[OnboardingPlan] = relationship(back_populates="checkins")
    competency_ratings: Mapped[list[CheckInRating]] = relationship(
        back_populates="checkin", order_by="CheckInRating.id", cascade="all, delete-orphan"
    )

    @property
    def both_rated(self) -> bool:
        return self.manager_rating is not None and self.new_hire_rating is not None

    @property
    def off_track(self) -> bool:
        return Progress.OFF_TRACK in (self.manager_rating, self.new_hire_rating)

    @property
    def phase_label(self) -> str:
        """The phase it closes: "Own"; in the ramp, the month: "Ramp month 4"."""
        if self.milestone in RAMP_MILESTONES:
            return f"Ramp month {self.milestone // 30}"
        return {30: "Learn", 60: "Contribute", 90: "Own"}.get(self.milestone, "")

    @property
    def reached(self) -> bool:
        """Whether the plan has come to this milestone: it is signed off, or it is the next
        one not signed off, or an earlier one. Competencies are rated at a check-in's
        meeting, so a later milestone (day 180 while the new hire is on day 40) is not rated
        yet."""
        if self.signed_off_at is not None:
            return True
        pending = [c.milestone for c in self.plan.checkins if c.signed_off_at is None]
        return self.milestone <= min(pending)

    def rating_of(self, user_id: int) -> Progress | None:
        """The rating ``user_id`` gave: the manager's or the new hire's own, else None."""
        if user_id == self.plan.manager_id:
            return self.manager_rating
        if user_id == self.plan.new_hire_id:
            return self.new_hire_rating
        return None


class CheckInRating(Model):
    """The manager's rating of one competency at a milestone check-in, on the interview's
    anchored scale: a point on the rep's competency chart."""

    __tablename__ = "onboarding_checkin_ratings"
    __table_args__ = (
        UniqueConstraint("checkin_id", "competency_key", name="uq_checkin_ratings_competency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("onboarding_checkins.id", ondelete="CASCADE"), index=True
    )
    competency_key: Mapped[str] = mapped_column(String(60))
    score: Mapped[int]
    note: Mapped[str] = mapped_column(Text, default="")
    rated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    rated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    checkin: Mapped[CheckIn] = relationship(back_populates="competency_ratings")
