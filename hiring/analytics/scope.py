"""Which hiring an analytics page reads: the positions its reader may see, narrowed by the
page's filters (a position, a role profile, a period).

Every section builds its SQL from one ``Scope``, so the filters mean the same thing on every
page, in every CSV and in the report: ``positions()`` is the condition on ``Position`` and
``between(column)`` the period on whichever moment the section counts (an interview's start,
an application's arrival, a decision).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, true

from hiring import timezones
from hiring.auth.models import Role, User
from hiring.db import db
from hiring.library.models import RoleProfile
from hiring.positions.models import Position

#: Without dates, a page reads the last twelve months (a year of hiring is enough to say
#: something, and recent enough to be about today's interviewers).
DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class Scope:
    #: The reader: admins read every position; others only those they hire or recruit for.
    reader_id: int
    everything: bool
    position_id: int | None
    role_key: str | None
    since: date
    until: date
    zone: str

    def positions(self) -> ColumnElement[bool]:
        """The condition on ``Position`` for the positions this page reads."""
        conditions: list[ColumnElement[bool]] = []
        if not self.everything:
            conditions.append(
                or_(
                    Position.hiring_manager_id == self.reader_id,
                    Position.recruiter_id == self.reader_id,
                )
            )
        if self.position_id is not None:
            conditions.append(Position.id == self.position_id)
        if self.role_key:
            conditions.append(
                Position.role_profile_id.in_(
                    select(RoleProfile.id).where(RoleProfile.key == self.role_key)
                )
            )
        return and_(true(), *conditions)

    @property
    def start(self) -> datetime:
        """The first moment of ``since`` in the reader's zone, in UTC."""
        return timezones.to_utc(datetime.combine(self.since, time()), self.zone)

    @property
    def end(self) -> datetime:
        """The first moment after ``until`` in the reader's zone, in UTC."""
        return timezones.to_utc(datetime.combine(self.until + timedelta(days=1), time()), self.zone)

    def between(self, moment: ColumnElement[datetime]) -> ColumnElement[bool]:
        """``moment`` falls in the period (both days included)."""
        return and_(moment >= self.start, moment < self.end)

    def query_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links to other sections and CSVs)."""
        args = {"since": self.since.isoformat(), "until": self.until.isoformat()}
        if self.position_id is not None:
            args["position"] = str(self.position_id)
        if self.role_key:
            args["role"] = self.role_key
        return args


def default_period(today: date) -> tuple[date, date]:
    """The last ``DEFAULT_MONTHS`` months up to and including ``today``."""
    year, month = divmod(today.month - 1 - DEFAULT_MONTHS, 12)
    first = date(today.year + year, month + 1, 1)
    return first, today


def sees_every_position(user: User) -> bool:
    return user.has_role(Role.ADMIN)


def visible_positions(user: User) -> list[Position]:
    """The positions ``user`` may filter analytics by, newest first."""
    statement = select(Position).order_by(Position.created_at.desc(), Position.id.desc())
    if not sees_every_position(user):
        statement = statement.where(
            or_(Position.hiring_manager_id == user.id, Position.recruiter_id == user.id)
        )
    return list(db.session.scalars(statement))


def role_profiles() -> list[tuple[str, str]]:
    """(key, name) of every role profile, current name first seen wins."""
    rows = db.session.execute(
        select(RoleProfile.key, RoleProfile.name).order_by(
            RoleProfile.current.desc(), RoleProfile.name
        )
    )
    seen: dict[str, str] = {}
    for key, name in rows:
        seen.setdefault(key, name)
    return sorted(seen.items(), key=lambda item: item[1])
