"""People who use the app: accounts, their roles and the reporting line."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    false,
    func,
    select,
    true,
)
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship, validates

from hiring.db import Model, UTCDateTime, utcnow, value_enum


class Role(enum.StrEnum):
    """What a person may do; one person can hold several roles."""

    ADMIN = "admin"
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    NEW_HIRE = "new_hire"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]

    @property
    def description(self) -> str:
        return _ROLE_DESCRIPTIONS[self]


_ROLE_LABELS = {
    Role.ADMIN: "Admin",
    Role.RECRUITER: "Recruiter",
    Role.HIRING_MANAGER: "Hiring manager",
    Role.INTERVIEWER: "Interviewer",
    Role.NEW_HIRE: "New hire",
}
_ROLE_DESCRIPTIONS = {
    Role.ADMIN: "Users and roles, the competency library, settings.",
    Role.RECRUITER: "Opens positions, adds candidates, schedules interviews, prints packets.",
    Role.HIRING_MANAGER: "Builds interview plans, decides, owns new hires' 30/60/90 plans.",
    Role.INTERVIEWER: "Runs assigned interviews and fills scorecards independently.",
    Role.NEW_HIRE: "Follows their own onboarding plan.",
}

# Role groups, named once. A view states which group may use it at all; object rules (whose
# interview, whose report) then narrow it in each area's ``permissions.py``.
#: Runs the hiring process: positions, candidates, scheduling, comparisons.
HIRING_TEAM = (Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER)
#: May sit on an interview panel and read what their panel may read (new hires never are).
PANEL = (Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER, Role.INTERVIEWER)
#: Manages people: writes library content, decides, owns onboarding plans.
PEOPLE_MANAGERS = (Role.ADMIN, Role.HIRING_MANAGER)
#: Manages the candidate pool: adds, merges and closes candidates.
RECRUITING = (Role.ADMIN, Role.RECRUITER)


#: Where a signed-in ``User`` object keeps its new session's secret until ``login_user``.
_SESSION_SECRET = "_hiring_session_secret"  # noqa: S105 - an attribute name, not a secret


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_email(email: str) -> str:
    return email.strip().lower()


class UserSession(Model):
    """One signed-in browser: what its session and remember-me cookies point at.

    The cookies carry a random secret (Flask-Login's alternative id); only its SHA-256 is
    stored, so a copy of this table signs nobody in. Ending the row (signing out, a new
    password, deactivation) makes both cookies worthless at once, wherever they were copied.
    Ended rows stay a while so "last sign-in" survives signing out; sign-in prunes old ones.
    """

    __tablename__ = "user_sessions"
    __table_args__ = (Index("ix_user_sessions_user_created", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    #: Hex SHA-256 of the secret in the cookies: the per-request lookup key.
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: When the person signed in (their "last sign-in" is the newest of these).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    #: Moved forward at most every few minutes (``hiring.auth.login``), never every request.
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    remember: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: "Firefox on Windows": what the account page calls the device.
    device: Mapped[str] = mapped_column(String(120), default="", server_default="")
    ip_address: Mapped[str | None] = mapped_column(String(45))

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<UserSession {self.id} of user {self.user_id}>"


class User(Model):
    """An account. Accounts are deactivated, never deleted, so history keeps its authors."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lowercase"),
        CheckConstraint("manager_id IS NULL OR manager_id <> id", name="not_own_manager"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Stored lower-case, so the unique constraint is case-insensitive on every backend.
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    #: Argon2id hash; NULL until the person sets a password from their invitation.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True, server_default=true())
    #: Rotated when the password is set or the account deactivated, so a set-password link
    #: (whose fingerprint includes it, ``hiring.auth.tokens``) works once.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str | None] = mapped_column(String(120))
    #: IANA name ("America/Chicago") the person reads times in; None until they choose one
    #: (they are asked on their first sign-in; until then the organisation's zone applies).
    time_zone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: The newest sign-in, read from the sessions (signing in never writes the user row, so
    #: two sign-ins at once never race on its version). Deferred: only pages showing it pay.
    last_login_at: Mapped[datetime | None] = column_property(
        select(func.max(UserSession.created_at))
        .where(UserSession.user_id == id)
        .correlate_except(UserSession)
        .scalar_subquery(),
        deferred=True,
    )
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Secret for the personal calendar feed (/calendar/<token>.ics); None when revoked.
    calendar_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    is_demo: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: Optimistic lock: a stale edit form is refused instead of overwriting newer changes.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    manager: Mapped[User | None] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list[User]] = relationship(back_populates="manager", order_by="User.name")
    #: Loaded with the signed-in user (one statement) and by the queries that list people with
    #: their roles; not for every other person a page happens to load (a query each time).
    role_grants: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return normalise_email(value)

    # Flask-Login protocol ------------------------------------------------------------
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        """The alternative id Flask-Login puts in the session and remember-me cookies: the
        secret of the session just started (``hiring.auth.sessions.start``). A user object
        without one gets "", which matches no session."""
        secret: str = self.__dict__.get(_SESSION_SECRET, "")
        return secret

    def carry_session_secret(self, secret: str) -> None:
        """Hand the new session's secret to ``get_id`` for ``login_user`` (memory only)."""
        self.__dict__[_SESSION_SECRET] = secret

    # Roles -----------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(grant.role for grant in self.role_grants)

    def has_role(self, *roles: Role) -> bool:
        """True if the user holds any of ``roles``."""
        mine = self.roles
        return any(role in mine for role in roles)

    @property
    def sorted_roles(self) -> list[Role]:
        return [role for role in Role if role in self.roles]

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def status(self) -> str:
        if not self.active:
            return "deactivated"
        if not self.has_password:
            return "invited"
        return "active"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.email

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email}>"


class UserRole(Model):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(value_enum(Role, "role"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_grants")


class AnonymousUser:
    """The visitor who has not signed in: holds no role and owns nothing."""

    id = None
    name = "Guest"
    roles: frozenset[Role] = frozenset()
    is_active = False
    is_authenticated = False
    is_anonymous = True

    def has_role(self, *_roles: Role) -> bool:
        return False

    def get_id(self) -> None:
        return None
