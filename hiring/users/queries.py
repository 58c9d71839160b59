"""Reading accounts for the admin pages: the filtered list and the people who can manage."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import joinedload, selectinload, undefer

from hiring.auth.models import Role, User, UserRole
from hiring.db import db

#: Account states the list filters by: signed in before, invited only, or switched off.
STATUSES = ("active", "invited", "deactivated")


def people(q: str = "", role: str = "", status: str = "") -> Select[Any]:
    """Accounts matching a search of name or e-mail, a role and a status, by name (with each
    one's last sign-in, read from their sessions in the same statement)."""
    query = select(User).options(
        selectinload(User.role_grants), joinedload(User.manager), undefer(User.last_login_at)
    )
    if q:
        pattern = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), User.email.like(pattern)))
    if role in {r.value for r in Role}:
        query = query.where(User.role_grants.any(UserRole.role == Role(role)))
    if status == "active":
        query = query.where(User.active.is_(True), User.password_hash.is_not(None))
    elif status == "invited":
        query = query.where(User.active.is_(True), User.password_hash.is_(None))
    elif status == "deactivated":
        query = query.where(User.active.is_(False))
    return query.order_by(User.name, User.id)


def possible_managers() -> list[User]:
    """Everyone active, by name: anyone may be someone's manager."""
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))
