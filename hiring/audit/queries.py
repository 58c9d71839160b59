"""Reading the audit log: filtered pages of events and the choices for the filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from hiring import timezones
from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db


@dataclass(frozen=True)
class AuditFilter:
    actor_id: int | None = None
    #: "user." matches every user action; a full name matches exactly.
    action: str = ""
    object_type: str = ""
    object_id: int | None = None
    since: date | None = None
    until: date | None = None


def events(wanted: AuditFilter, zone: str | None = None) -> Select[Any]:
    """The matching events, newest first (paginate the statement).

    The dates are days on the reader's calendar (default: the signed-in user's zone), the
    same days the log's "When" column shows: "to 2 Dec", read in Chicago, runs to midnight
    Chicago time, not to 18:00 (midnight UTC).
    """
    local = ZoneInfo(zone or timezones.reader_zone())
    query = select(AuditEvent).options(joinedload(AuditEvent.actor))
    if wanted.actor_id:
        query = query.where(AuditEvent.actor_id == wanted.actor_id)
    if wanted.action:
        query = query.where(
            AuditEvent.action.startswith(wanted.action)
            if wanted.action.endswith(".")
            else AuditEvent.action == wanted.action
        )
    if wanted.object_type:
        query = query.where(AuditEvent.object_type == wanted.object_type)
    if wanted.object_id:
        query = query.where(AuditEvent.object_id == wanted.object_id)
    if wanted.since:
        query = query.where(AuditEvent.occurred_at >= _midnight(wanted.since, local))
    if wanted.until:
        query = query.where(AuditEvent.occurred_at < _midnight(wanted.until + timedelta(1), local))
    return query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The moment ``day`` begins in ``zone``, in UTC (as the column is stored)."""
    return datetime.combine(day, time(), zone).astimezone(ZoneInfo("UTC"))


def filter_choices() -> dict[str, Any]:
    """Who acted, which actions and which object types the log holds (for the filter menus).

    Each is read by skipping through the column's index (``_distinct``), so the page costs
    the same with 500 events or 500,000: a plain ``SELECT DISTINCT`` reads every row of the
    log, which grows forever, on every view of the log's first page.
    """
    actors = _distinct(AuditEvent.actor_id)
    return {
        "actors": db.session.execute(
            select(User.id, User.name)
            .where(User.id.in_(select(actors.c.value)))
            .order_by(User.name)
        ).all(),
        "actions": db.session.scalars(_ordered(_distinct(AuditEvent.action))).all(),
        "object_types": db.session.scalars(_ordered(_distinct(AuditEvent.object_type))).all(),
    }


def _distinct(column: Any) -> Any:
    """The distinct non-null values of an indexed ``column`` as a recursive CTE (column
    ``value``): the smallest value, then the smallest one above it, and so on. Each step is
    one index look-up, so it reads as many index entries as there are distinct values (a
    "loose index scan"; neither SQLite nor PostgreSQL does it on their own for DISTINCT)."""
    found = select(func.min(column).label("value")).cte(f"distinct_{column.key}", recursive=True)
    following = select(func.min(column)).where(column > found.c.value).scalar_subquery()
    return found.union_all(select(following).where(found.c.value.is_not(None)))


def _ordered(values: Any) -> Select[Any]:
    return select(values.c.value).where(values.c.value.is_not(None)).order_by(values.c.value)
