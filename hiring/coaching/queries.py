"""Read-side helpers for coaching pages, each a fixed number of queries."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import aliased, selectinload

from hiring.auth.models import User
from hiring.coaching.models import ActionItem
from hiring.db import db


def direct_reports(manager: User) -> Select[User]:
    """The active people who report to ``manager``, by name (a statement to page)."""
    return (
        select(User)
        .where(User.manager_id == manager.id, User.active.is_(True))
        .order_by(User.name, User.id)
    )


def indirect_reports(manager: User) -> Select[User]:
    """The active people further down ``manager``'s line (their reports' reports and below),
    whom they read but do not coach, by name (a statement to page)."""
    line = (
        select(User.id.label("id")).where(User.manager_id == manager.id).cte("line", recursive=True)
    )
    below = aliased(User)
    line = line.union(select(below.id).where(below.manager_id == line.c.id))
    return (
        select(User)
        .where(
            User.id.in_(select(line.c.id)),
            User.manager_id != manager.id,
            User.active.is_(True),
        )
        .options(selectinload(User.manager))
        .order_by(User.name, User.id)
    )


def open_actions(rep_id: int) -> list[ActionItem]:
    """The rep's action items not yet done, soonest due first: they carry forward to every
    1:1 until someone ticks them off."""
    return list(
        db.session.scalars(
            select(ActionItem)
            .where(ActionItem.rep_id == rep_id, ActionItem.done_at.is_(None))
            .options(selectinload(ActionItem.owner))
            .order_by(ActionItem.due_on, ActionItem.id)
        )
    )
