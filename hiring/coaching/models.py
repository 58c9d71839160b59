"""Coaching beyond day 90: one coaching spine per rep, whatever plan they are or were on.

A rep is anyone with a manager. Their manager holds 1:1s on a cadence set per rep (it goes on
after the 30/60/90 plan ends), rides along on calls (observing, or demonstrating: mentoring,
not coaching), rates what they saw on the competency's anchors, and keeps a support plan when
someone is off track. The rep drives the 1:1 agenda, assesses a ride-along first, ranks their
own motivators and sees everything in a support plan. Records are private to the rep, their
manager and the manager's managers (who read); support plans also reach HR (admins).

Over 350 lines because it is the domain's whole schema (ten small tables with their enums),
read together; each helper module imports only what it needs from here.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hiring.db import Model, UTCDateTime, utcnow, value_enum
from hiring.onboarding.models import Progress

if TYPE_CHECKING:
    from hiring.auth.models import User
    from hiring.library.models import RoleProfile
    from hiring.onboarding.models import CheckIn, Goal, PlanItem


class Cadence(enum.StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"

    @property
    def days(self) -> int:
        return 7 if self == Cadence.WEEKLY else 14

    @property
    def label(self) -> str:
        return "Every week" if self == Cadence.WEEKLY else "Every two weeks"


class CoachingProfile(Model):
    """How a rep is coached: the role profile their competencies come from and the 1:1
    cadence (weekday, time and zone of the first 1:1, then every 7 or 14 days)."""

    __tablename__ = "coaching_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: The role profile version the rep's competencies and anchors come from (None: not set).
    role_profile_id: Mapped[int | None] = mapped_column(
        ForeignKey("role_profiles.id", ondelete="RESTRICT")
    )
    cadence: Mapped[Cadence] = mapped_column(
        value_enum(Cadence, "coaching_cadence", length=16), default=Cadence.WEEKLY
    )
    #: The first 1:1 of the cadence, its local start time and zone; the series follows.
    first_on: Mapped[date] = mapped_column(Date)
    starts_at_local: Mapped[time] = mapped_column(Time)
    time_zone: Mapped[str] = mapped_column(String(64))
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    #: Ride-alongs a month the manager commits to (the home shows done against it).
    ride_alongs_per_month: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    rep: Mapped[User] = relationship(foreign_keys=[rep_id])
    role_profile: Mapped[RoleProfile | None] = relationship()

    __mapper_args__ = {"version_id_col": version}


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    HELD = "held"
    CANCELLED = "cancelled"


class OneOnOne(Model):
    """One 1:1: the agenda the rep starts, notes private to the two, and what kind of coaching
    it was (deal coaching on named opportunities, skill coaching on a competency, or both)."""

    __tablename__ = "coaching_one_on_ones"
    __table_args__ = (UniqueConstraint("rep_id", "scheduled_at", name="uq_one_on_ones_slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int] = mapped_column(Integer, default=30)
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[MeetingStatus] = mapped_column(
        value_enum(MeetingStatus, "coaching_one_on_one_status", length=16),
        default=MeetingStatus.SCHEDULED,
    )
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notes: Mapped[str] = mapped_column(Text, default="")
    deal_coaching: Mapped[bool] = mapped_column(default=False)
    #: Deal coaching: the opportunities discussed and the next step agreed on each.
    opportunities: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    skill_coaching: Mapped[bool] = mapped_column(default=False)
    #: Skill coaching: the competency worked on and what was practised.
    competency_key: Mapped[str | None] = mapped_column(String(60))
    practised: Mapped[str] = mapped_column(Text, default="")
    #: The plan item (a "Weekly 1:1") this 1:1 fulfilled while the rep was onboarding.
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_items.id", ondelete="SET NULL"), index=True
    )
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Why it was called off, and why it last moved: both of the two read it (migration 0025).
    cancel_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    move_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    rep: Mapped[User] = relationship(foreign_keys=[rep_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    plan_item: Mapped[PlanItem | None] = relationship()
    topics: Mapped[list[AgendaTopic]] = relationship(
        back_populates="one_on_one", order_by="AgendaTopic.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class AgendaTopic(Model):
    """A topic on a 1:1's shared agenda, by the rep or the manager (the rep's come first)."""

    __tablename__ = "coaching_agenda_topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    one_on_one_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_one_on_ones.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(String(500))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Ticked off during the 1:1.
    covered: Mapped[bool] = mapped_column(default=False)

    one_on_one: Mapped[OneOnOne] = relationship(back_populates="topics")
    author: Mapped[User] = relationship(foreign_keys=[author_id])


class CallRole(enum.StrEnum):
    """What the manager does on a ride-along, declared before the call, never both."""

    OBSERVE = "observe"
    DEMONSTRATE = "demonstrate"

    @property
    def label(self) -> str:
        return {
            CallRole.OBSERVE: "Observe only (coaching)",
            CallRole.DEMONSTRATE: "Demonstration call (mentoring, not coaching)",
        }[self]


class CallStage(enum.StrEnum):
    PROSPECTING = "prospecting"
    DISCOVERY = "discovery"
    DEMO = "demo"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSING = "closing"
    ACCOUNT_REVIEW = "account_review"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class RideAlong(Model):
    """A call the manager joins. Before: objective, call stage, the manager's role. After:
    the rep's own assessment first, then the manager's ratings on the competency anchors
    (``CompetencyRating`` rows), one or two focus points and the agreed practice; client
    follow-ups are ``ActionItem`` rows."""

    __tablename__ = "coaching_ride_alongs"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    scheduled_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    minutes: Mapped[int] = mapped_column(Integer, default=60)
    time_zone: Mapped[str] = mapped_column(String(64))
    status: Mapped[MeetingStatus] = mapped_column(
        value_enum(MeetingStatus, "coaching_ride_along_status", length=16),
        default=MeetingStatus.SCHEDULED,
    )
    account: Mapped[str] = mapped_column(String(200), default="")
    objective: Mapped[str] = mapped_column(Text)
    call_stage: Mapped[CallStage] = mapped_column(value_enum(CallStage, "call_stage", length=24))
    manager_role: Mapped[CallRole] = mapped_column(value_enum(CallRole, "call_role", length=16))
    #: The competency the manager will watch for.
    competency_key: Mapped[str | None] = mapped_column(String(60))
    rep_assessment: Mapped[str] = mapped_column(Text, default="")
    rep_assessed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    observations: Mapped[str] = mapped_column(Text, default="")
    focus_points: Mapped[str] = mapped_column(Text, default="")
    agreed_practice: Mapped[str] = mapped_column(Text, default="")
    debriefed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Called off before the call, and why (migration 0022).
    cancel_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    plan_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_items.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    rep: Mapped[User] = relationship(foreign_keys=[rep_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    plan_item: Mapped[PlanItem | None] = relationship()
    ratings: Mapped[list[CompetencyRating]] = relationship(
        back_populates="ride_along", order_by="CompetencyRating.id"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_coaching(self) -> bool:
        """A demonstration call is mentoring: it never counts as coaching."""
        return self.manager_role == CallRole.OBSERVE


class RatingSource(enum.StrEnum):
    RIDE_ALONG = "ride_along"
    REVIEW = "review"


class CompetencyRating(Model):
    """A rep's competency rated after day 90 on the same anchored scale as the interview: an
    observation on a ride-along or a later review. (Certifications and the day-30/60/90
    check-ins keep their ratings on the plan.)"""

    __tablename__ = "coaching_competency_ratings"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    competency_key: Mapped[str] = mapped_column(String(60))
    score: Mapped[int] = mapped_column(Integer)
    source: Mapped[RatingSource] = mapped_column(
        value_enum(RatingSource, "competency_rating_source", length=16)
    )
    ride_along_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_ride_alongs.id", ondelete="CASCADE"), index=True
    )
    rated_on: Mapped[date] = mapped_column(Date)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    ride_along: Mapped[RideAlong | None] = relationship(back_populates="ratings")
    assessor: Mapped[User] = relationship(foreign_keys=[assessor_id])


class ActionKind(enum.StrEnum):
    ACTION = "action"
    CLIENT_FOLLOW_UP = "client_follow_up"

    @property
    def label(self) -> str:
        return "Client follow-up" if self == ActionKind.CLIENT_FOLLOW_UP else "Action"


class ActionItem(Model):
    """Something someone agreed to do, with an owner and a due date. Open items carry forward
    to every later 1:1 until they are done."""

    __tablename__ = "coaching_action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ActionKind] = mapped_column(
        value_enum(ActionKind, "coaching_action_kind", length=24), default=ActionKind.ACTION
    )
    text: Mapped[str] = mapped_column(String(500))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    due_on: Mapped[date] = mapped_column(Date, index=True)
    one_on_one_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_one_on_ones.id", ondelete="SET NULL"), index=True
    )
    ride_along_id: Mapped[int | None] = mapped_column(
        ForeignKey("coaching_ride_alongs.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    done_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    rep: Mapped[User] = relationship(foreign_keys=[rep_id])
    owner: Mapped[User] = relationship(foreign_keys=[owner_id])
    one_on_one: Mapped[OneOnOne | None] = relationship()
    ride_along: Mapped[RideAlong | None] = relationship()

    __mapper_args__ = {"version_id_col": version}

    @property
    def done(self) -> bool:
        return self.done_at is not None


#: What may drive a rep, in the words the ranking form shows (the rep adds their own too).
MOTIVATORS: dict[str, str] = {
    "money": "Money: earnings and commission",
    "recognition": "Recognition: being seen to do well",
    "mastery": "Mastery: getting better at the craft",
    "autonomy": "Autonomy: running my own territory my way",
    "advancement": "Advancement: the next role",
    "team": "Team: winning together",
    "purpose": "Purpose: helping customers succeed",
    "security": "Security: a steady, predictable income",
}


class MotivatorProfile(Model):
    """What drives a rep, ranked by the rep, with their own words. Each revisit (every
    quarter) is a new row, so the history stays."""

    __tablename__ = "coaching_motivator_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: Keys of ``MOTIVATORS``, most important first.
    ranking: Mapped[list[str]] = mapped_column(JSON)
    own_words: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))


class Diagnosis(enum.StrEnum):
    SKILL_GAP = "skill_gap"
    EFFORT_GAP = "effort_gap"
    WRONG_ROLE = "wrong_role"

    @property
    def label(self) -> str:
        return {
            Diagnosis.SKILL_GAP: "Skill gap: wants to, cannot yet",
            Diagnosis.EFFORT_GAP: "Effort gap: can, is not doing it",
            Diagnosis.WRONG_ROLE: "Wrong role: the job does not fit",
        }[self]


class SupportStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class SupportOutcome(enum.StrEnum):
    MET = "met"
    EXTENDED = "extended"
    MOVED = "moved"
    ENDED = "ended"

    @property
    def label(self) -> str:
        return {
            SupportOutcome.MET: "Met: expectations achieved",
            SupportOutcome.EXTENDED: "Extended once",
            SupportOutcome.MOVED: "Moved to another role",
            SupportOutcome.ENDED: "Ended: employment ends",
        }[self]


class SupportPlan(Model):
    """A fair, documented improvement plan: diagnosis first, 2 to 4 SMART expectations, the
    support the company gives, weekly check-ins within a fixed 30-90 day window, HR informed,
    both sides' acknowledgement, and a recorded end. The rep sees all of it."""

    __tablename__ = "coaching_support_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    manager_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"), index=True)
    status: Mapped[SupportStatus] = mapped_column(
        value_enum(SupportStatus, "support_plan_status", length=16), default=SupportStatus.DRAFT
    )
    #: What prompted it: an onboarding check-in rated at risk or off track, or a goal that
    #: missed its phase target (both None: the manager opened it after documented 1:1s).
    checkin_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_checkins.id", ondelete="SET NULL")
    )
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("onboarding_goals.id", ondelete="SET NULL")
    )
    diagnosis: Mapped[Diagnosis] = mapped_column(value_enum(Diagnosis, "support_diagnosis"))
    diagnosis_note: Mapped[str] = mapped_column(Text, default="")
    #: The support the company gives: [{"kind": "training"|"ride_alongs"|"coaching"|"other",
    #: "detail": "..."}].
    support: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    hr_informed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    manager_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rep_acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rep_comment: Mapped[str] = mapped_column(Text, default="")
    #: Extended once: the reason and the window's original end.
    extended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    extension_reason: Mapped[str] = mapped_column(Text, default="")
    original_ends_on: Mapped[date | None] = mapped_column(Date)
    outcome: Mapped[SupportOutcome | None] = mapped_column(
        value_enum(SupportOutcome, "support_outcome", length=16)
    )
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    rep: Mapped[User] = relationship(foreign_keys=[rep_id])
    manager: Mapped[User] = relationship(foreign_keys=[manager_id])
    checkin: Mapped[CheckIn | None] = relationship()
    goal: Mapped[Goal | None] = relationship()
    expectations: Mapped[list[SupportExpectation]] = relationship(
        back_populates="plan", order_by="SupportExpectation.id", cascade="all, delete-orphan"
    )
    checkins: Mapped[list[SupportCheckIn]] = relationship(
        back_populates="plan", order_by="SupportCheckIn.held_on", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class SupportExpectation(Model):
    """One SMART expectation of a support plan: outcome, metric, target, date."""

    __tablename__ = "coaching_support_expectations"

    id: Mapped[int] = mapped_column(primary_key=True)
    support_plan_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_support_plans.id", ondelete="CASCADE"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(300))
    metric: Mapped[str] = mapped_column(String(200))
    target: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(60), default="")
    due_on: Mapped[date] = mapped_column(Date)
    #: The last figure recorded against the target (at a weekly check-in).
    actual: Mapped[float | None] = mapped_column(Float)

    plan: Mapped[SupportPlan] = relationship(back_populates="expectations")


class SupportCheckIn(Model):
    """A weekly, documented check-in on a support plan."""

    __tablename__ = "coaching_support_checkins"

    id: Mapped[int] = mapped_column(primary_key=True)
    support_plan_id: Mapped[int] = mapped_column(
        ForeignKey("coaching_support_plans.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[date] = mapped_column(Date)
    progress: Mapped[Progress] = mapped_column(value_enum(Progress, "support_progress", length=16))
    notes: Mapped[str] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="RESTRICT"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    plan: Mapped[SupportPlan] = relationship(back_populates="checkins")
    recorded_by: Mapped[User] = relationship(foreign_keys=[recorded_by_id])
