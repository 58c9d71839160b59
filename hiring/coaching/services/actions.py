"""Action items: agreed in a 1:1 or a ride-along debrief (client follow-ups too), owned by
one person, due on a date, open until someone ticks them off. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.coaching.models import ActionItem, ActionKind, OneOnOne, RideAlong
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version


def add_action(
    rep: User,
    *,
    text: str,
    owner: User,
    due_on: date,
    by: User,
    kind: ActionKind = ActionKind.ACTION,
    one_on_one: OneOnOne | None = None,
    ride_along: RideAlong | None = None,
) -> ActionItem:
    """Add an action item for ``rep``'s coaching, owned by the rep or their manager."""
    text = text.strip()
    if not text:
        raise DomainError("Say what is to be done.", field="text")
    if owner.id not in (rep.id, rep.manager_id):
        raise DomainError(
            f"An action item belongs to {rep.name} or their manager.", field="owner_id"
        )
    item = ActionItem(
        rep_id=rep.id,
        kind=kind,
        text=text,
        owner_id=owner.id,
        due_on=due_on,
        one_on_one=one_on_one,
        ride_along=ride_along,
        created_by_id=by.id,
    )
    db.session.add(item)
    db.session.flush()
    record(
        "coaching.action_added",
        item,
        actor=by,
        label=f"{rep.name}: {text}"[:200],
        after={"owner": owner.id, "due_on": due_on.isoformat(), "kind": kind.value},
    )
    return item


def complete_action(item: ActionItem, *, by: User, version: int) -> ActionItem:
    """Tick an open item off (once: a second tick from an older page is a conflict)."""
    expect_version(item, version, "Someone updated this action item after you opened the page.")
    if item.done:
        raise DomainError("This action item is already done.")
    item.done_at = utcnow()
    item.done_by_id = by.id
    db.session.flush()
    record(
        "coaching.action_done",
        item,
        actor=by,
        label=f"{item.rep.name}: {item.text}"[:200],
    )
    return item
