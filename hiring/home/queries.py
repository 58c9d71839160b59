"""What each role needs now, gathered for the home page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import joinedload, selectinload

from hiring import timezones
from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User
from hiring.db import db, utcnow
from hiring.library.schema import ItemOwner
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
class ManagerToDo:
    """A hiring manager's next steps, each one click from done; the onboarding lists are
    their first few (``onboarding.todo.Shortlist``) with the full count."""

    #: Applications of their positions ready for their decision (``debriefs.queries``).
    decisions: list[Any] = field(default_factory=list)
    #: Their hire decisions with no onboarding plan yet (``onboarding.queries``).
    awaiting_plan: list[Any] = field(default_factory=list)
    #: Whether they own any active plan as manager.
    has_plans: bool = False
    #: Every open item past its due date on their new hires' plans, oldest first.
    overdue: Any = None
    #: Day-30/60/90 check-ins due this week or earlier and not signed off.
    checkins: Any = None
    #: 1:1s and ride-alongs due this week.
    meetings: Any = None


@dataclass
class Home:
    user: User
    roles: list[Role]
    manager: User | None = None
    reports: list[User] = field(default_factory=list)
    admin: AdminOverview | None = None
    #: The interviewer's own scorecards due (overdue first) and upcoming interviews, the first
    #: few of each (``HOME_ROWS``) with how many there are.
    due: list[Any] = field(default_factory=list)
    due_count: int = 0
    upcoming: list[Any] = field(default_factory=list)
    upcoming_count: int = 0
    #: For recruiters: the oldest overdue scorecards (``HOME_ROWS``) and how
    #: many there are (all of them on ``/interviews/overdue``).
    overdue: list[Any] = field(default_factory=list)
    overdue_count: int = 0
    #: For admins (HR): onboarding milestones rated off track.
    at_risk: list[Any] = field(default_factory=list)
    #: For a new hire: their active onboarding plans (``onboarding.queries.PlanSummary``).
    my_plans: list[Any] = field(default_factory=list)
    #: For a hiring manager: what waits on them (``None`` for everyone else).
    todo: ManagerToDo | None = None
    #: For a buddy (any role, or none): the active plans they are buddy on, and their own
    #: items overdue and due this week on them (``onboarding.todo.Shortlist``s).
    buddying: Any = None
    buddy_overdue: Any = None
    buddy_this_week: Any = None

    @property
    def shows_team(self) -> bool:
        """Managers see their team (even an empty one); anyone with reports sees them."""
        return self.user.has_role(Role.HIRING_MANAGER) or bool(self.reports)


#: Rows each list on a home page shows, with its full count and a "See all" link to the rest.
#: A home is read every morning for what needs doing: five lines a list keep an interviewer
#: who is also a buddy on about one screen, and the page costs the same at any history.
HOME_ROWS = 5

#: An invitation not accepted after this long is worth chasing.
STALE_INVITE_AFTER = timedelta(days=3)


def home_for(user: User) -> Home:
    home = Home(user=user, roles=user.sorted_roles, manager=user.manager)
    home.reports = _active_reports(user)
    if user.has_role(Role.ADMIN):
        home.admin = _admin_overview()
        home.at_risk = _off_track_checkins()
    if user.has_role(Role.INTERVIEWER, Role.HIRING_MANAGER, Role.RECRUITER):
        from hiring.scorecards.mine import my_interviews

        mine = my_interviews(user, shown=HOME_ROWS, recently_submitted=0)  # a home shows none
        home.due, home.due_count = mine.due, mine.due_count
        home.upcoming, home.upcoming_count = mine.upcoming, mine.upcoming_count
    if user.has_role(Role.HIRING_MANAGER):
        home.todo = _manager_todo(user)
    if user.has_role(Role.NEW_HIRE):
        from hiring.onboarding.queries import my_plans

        home.my_plans = my_plans(user)
    _buddy_todo(home, user)
    if user.has_role(Role.RECRUITER):  # the only home that shows them
        from hiring.scorecards.queries import overdue_cards

        home.overdue, home.overdue_count = overdue_cards(per_page=HOME_ROWS)
    return home


def _active_reports(user: User) -> list[User]:
    """The people ``user`` manages, with their roles (the team card badges new hires)."""
    return list(db.session.scalars(_active_reports_statement(), {"user_id": user.id}))


@cache
def _active_reports_statement() -> Select[User]:
    """Built once with a bound user: every home page asks it, and building a statement costs
    more than running this one."""
    return (
        select(User)
        .where(User.manager_id == bindparam("user_id"), User.active.is_(True))
        .options(selectinload(User.role_grants))
        .order_by(User.name)
    )


def _manager_todo(user: User) -> ManagerToDo:
    from hiring.debriefs.queries import awaiting_decision
    from hiring.onboarding import todo
    from hiring.onboarding.queries import hires_awaiting_plan
    from hiring.onboarding.roles import PlanRole

    today, manager = timezones.today(), PlanRole.MANAGER
    return ManagerToDo(
        decisions=awaiting_decision(user),
        awaiting_plan=hires_awaiting_plan(user),
        has_plans=bool(todo.active_plans(manager, user.id, today, shown=0)),
        overdue=todo.overdue_items(manager, user.id, today, shown=HOME_ROWS),
        checkins=todo.checkins_due(manager, user.id, today, shown=HOME_ROWS),
        meetings=todo.items_this_week(manager, user.id, today, meetings_only=True, shown=HOME_ROWS),
    )


def _buddy_todo(home: Home, user: User) -> None:
    """The plans ``user`` is buddy on and their own tasks there (anyone may be a buddy)."""
    from hiring.onboarding import todo
    from hiring.onboarding.roles import PlanRole

    today, buddy = timezones.today(), PlanRole.BUDDY
    home.buddying = todo.active_plans(buddy, user.id, today, shown=HOME_ROWS)
    if home.buddying:
        own = ItemOwner.BUDDY
        home.buddy_overdue = todo.overdue_items(buddy, user.id, today, owner=own, shown=HOME_ROWS)
        home.buddy_this_week = todo.items_this_week(
            buddy, user.id, today, owner=own, shown=HOME_ROWS
        )


def _admin_overview() -> AdminOverview:
    statements = _admin_statements()
    counts = db.session.execute(statements.counts).one()
    stale = db.session.scalars(
        statements.stale_invites, {"invited_before": utcnow() - STALE_INVITE_AFTER}
    ).all()
    failed = db.session.scalar(statements.failed_mail)
    events = db.session.scalars(statements.recent_events).all()
    return AdminOverview(
        active=counts[0],
        invited=counts[1],
        deactivated=counts[2],
        stale_invites=list(stale),
        failed_mail=failed or 0,
        recent_events=list(events),
    )


@dataclass(frozen=True)
class _AdminStatements:
    counts: Select[int, int, int]
    stale_invites: Select[User]
    failed_mail: Select[int]
    recent_events: Select[AuditEvent]


@cache
def _admin_statements() -> _AdminStatements:
    """The admin overview's four statements, built once (the stale-invite cut-off bound):
    the admin's home asks them on every view, and building them cost more than running them."""
    invited = (User.active.is_(True)) & (User.password_hash.is_(None))
    return _AdminStatements(
        counts=select(
            func.count(case((User.active.is_(True) & User.password_hash.is_not(None), 1))),
            func.count(case((invited, 1))),
            func.count(case((User.active.is_(False), 1))),
        ),
        stale_invites=select(User)
        .where(invited, User.invited_at < bindparam("invited_before"))
        .order_by(User.invited_at)
        .limit(5),
        failed_mail=select(func.count(OutboxMessage.id)).where(
            OutboxMessage.status == MessageStatus.FAILED
        ),
        recent_events=select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .limit(8),
    )


def _off_track_checkins() -> list[Any]:
    return list(db.session.scalars(_off_track_statement()))


@cache
def _off_track_statement() -> Select[Any]:
    """Active plans' milestones rated off track by either side, soonest first; built once
    (the admin's home asks it on every view)."""
    from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanStatus, Progress

    return (
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
