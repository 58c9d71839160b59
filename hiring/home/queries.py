"""What each role needs now, gathered for the home page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.db import db, utcnow
from hiring.mail.models import MessageStatus, OutboxMessage


@dataclass
class AdminOverview:
    active: int
    invited: int
    deactivated: int
    stale_invites: list[User]
    failed_mail: int
    recent_events: list[AuditEvent]


@dataclass
class Home:
    user: User
    roles: list[Role]
    manager: User | None = None
    reports: list[User] = field(default_factory=list)
    admin: AdminOverview | None = None
    #: The interviewer's own scorecards due (overdue first) and upcoming interviews.
    due: list[Any] = field(default_factory=list)
    upcoming: list[Any] = field(default_factory=list)
    #: For recruiters: every overdue scorecard.
    overdue: list[Any] = field(default_factory=list)
    #: For admins (HR): onboarding milestones rated off track.
    at_risk: list[Any] = field(default_factory=list)
    #: For a new hire: their active onboarding plans (``onboarding.queries.PlanSummary``).
    my_plans: list[Any] = field(default_factory=list)

    @property
    def shows_team(self) -> bool:
        """Managers see their team (even an empty one); anyone with reports sees them."""
        return self.user.has_role(Role.HIRING_MANAGER) or bool(self.reports)


#: An invitation not accepted after this long is worth chasing.
STALE_INVITE_AFTER = timedelta(days=3)


def home_for(user: User) -> Home:
    home = Home(user=user, roles=user.sorted_roles, manager=user.manager)
    if user.has_role(Role.HIRING_MANAGER, Role.ADMIN) or user.reports:
        home.reports = [u for u in user.reports if u.active]
    if user.has_role(Role.ADMIN):
        home.admin = _admin_overview()
        home.at_risk = _off_track_checkins()
    if user.has_role(Role.INTERVIEWER, Role.HIRING_MANAGER, Role.RECRUITER):
        from hiring.scorecards.queries import my_interviews

        home.due, home.upcoming, _done = my_interviews(user)
    if user.has_role(Role.NEW_HIRE):
        from hiring.onboarding.queries import my_plans

        home.my_plans = my_plans(user)
    if user.has_role(Role.RECRUITER, Role.ADMIN):
        from hiring.scorecards.services import overdue_scorecards

        home.overdue = overdue_scorecards()
    return home


def _admin_overview() -> AdminOverview:
    invited = (User.active.is_(True)) & (User.password_hash.is_(None))
    counts = db.session.execute(
        select(
            func.count(case((User.active.is_(True) & User.password_hash.is_not(None), 1))),
            func.count(case((invited, 1))),
            func.count(case((User.active.is_(False), 1))),
        )
    ).one()
    stale = db.session.scalars(
        select(User)
        .where(invited, User.invited_at < utcnow() - STALE_INVITE_AFTER)
        .order_by(User.invited_at)
        .limit(5)
    ).all()
    failed = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(OutboxMessage.status == MessageStatus.FAILED)
    )
    events = db.session.scalars(
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(8)
    ).all()
    return AdminOverview(
        active=counts[0],
        invited=counts[1],
        deactivated=counts[2],
        stale_invites=list(stale),
        failed_mail=failed or 0,
        recent_events=list(events),
    )


def _off_track_checkins() -> list[Any]:
    from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanStatus, Progress

    return list(
        db.session.scalars(
            select(CheckIn)
            .join(OnboardingPlan)
            .where(
                OnboardingPlan.status == PlanStatus.ACTIVE,
                (CheckIn.manager_rating == Progress.OFF_TRACK)
                | (CheckIn.new_hire_rating == Progress.OFF_TRACK),
            )
            .options(joinedload(CheckIn.plan).joinedload(OnboardingPlan.new_hire))
            .order_by(CheckIn.due_date)
            .limit(10)
        )
    )
