"""A rep's coaching handed over when their manager changes.

What is still to come follows the rep to their new manager: scheduled 1:1s and ride-alongs
(with their reminders and calendar-feed events), open action items the former manager owned,
and a draft or running support plan (the new manager acknowledges it afresh). What happened
stays as it was: held 1:1s keep the manager who held them, and their notes stay private to
those two (``permissions.can_see_one_on_one``).

Accounts are plumbing and never import coaching, so the hand-over runs two ways: at once,
inside the same transaction as the account change, through ``auth.services.manager_changed``
(``listen`` connects it when the app is built); and from the hourly job (``hand_over_all``)
as a safety net for changes made where no signal is sent (imports, the shell, SQL). Both
flush, never commit, and write one audit entry per rep handed over.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select

from hiring.audit.services import record
from hiring.auth import services as accounts
from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    MeetingStatus,
    OneOnOne,
    RideAlong,
    SupportPlan,
    SupportStatus,
)
from hiring.db import db, utcnow

#: A plan still to be run: the manager's draft, or one that has started and not ended.
_OPEN_PLANS = (SupportStatus.DRAFT, SupportStatus.ACTIVE)


def hand_over(rep: User, *, by: User | None) -> int:
    """Give ``rep``'s coaching still to come to their current manager; return how many
    records moved (0: nothing to do, and nothing is audited)."""
    manager_id = rep.manager_id
    if manager_id is None:
        return 0  # nobody to hand it to: it waits for the next manager
    now = utcnow()
    meetings = db.session.scalars(
        select(OneOnOne).where(
            OneOnOne.rep_id == rep.id,
            OneOnOne.status == MeetingStatus.SCHEDULED,
            OneOnOne.scheduled_at > now,
            OneOnOne.manager_id != manager_id,
        )
    ).all()
    rides = db.session.scalars(
        select(RideAlong).where(
            RideAlong.rep_id == rep.id,
            RideAlong.status == MeetingStatus.SCHEDULED,
            RideAlong.scheduled_at > now,
            RideAlong.manager_id != manager_id,
        )
    ).all()
    items = db.session.scalars(
        select(ActionItem).where(
            ActionItem.rep_id == rep.id,
            ActionItem.done_at.is_(None),
            ActionItem.owner_id.not_in((rep.id, manager_id)),
        )
    ).all()
    plans = db.session.scalars(
        select(SupportPlan).where(
            SupportPlan.rep_id == rep.id,
            SupportPlan.status.in_(_OPEN_PLANS),
            SupportPlan.manager_id != manager_id,
        )
    ).all()
    before: dict[str, Any] = {
        "managers": sorted(
            {m.manager_id for m in meetings}
            | {r.manager_id for r in rides}
            | {i.owner_id for i in items}
            | {p.manager_id for p in plans}
        )
    }
    for meeting in meetings:
        meeting.manager_id = manager_id
        meeting.reminded_at = None  # the new manager is told the day before, and the rep again
    for ride in rides:
        ride.manager_id = manager_id
    for item in items:
        item.owner_id = manager_id
    for plan in plans:
        plan.manager_id = manager_id
        # An acknowledgement is personal: the new manager gives their own.
        plan.manager_acknowledged_at = None
    moved = len(meetings) + len(rides) + len(items) + len(plans)
    if not moved:
        return 0
    db.session.flush()
    record(
        "coaching.handed_over",
        rep,
        actor=by,
        object_type="users",
        label=rep.name,
        before=before,
        after={
            "manager": manager_id,
            "one_on_ones": len(meetings),
            "ride_alongs": len(rides),
            "action_items": len(items),
            "support_plans": len(plans),
        },
    )
    return moved


def hand_over_all() -> int:
    """The hourly safety net: every rep with coaching still held by a former manager (one
    query to find them, then the hand-over for each); return how many records moved."""
    now = utcnow()
    stale = or_(
        select(OneOnOne.id)
        .where(
            OneOnOne.rep_id == User.id,
            OneOnOne.status == MeetingStatus.SCHEDULED,
            OneOnOne.scheduled_at > now,
            OneOnOne.manager_id != User.manager_id,
        )
        .exists(),
        select(RideAlong.id)
        .where(
            RideAlong.rep_id == User.id,
            RideAlong.status == MeetingStatus.SCHEDULED,
            RideAlong.scheduled_at > now,
            RideAlong.manager_id != User.manager_id,
        )
        .exists(),
        select(ActionItem.id)
        .where(
            ActionItem.rep_id == User.id,
            ActionItem.done_at.is_(None),
            ActionItem.owner_id != User.id,
            ActionItem.owner_id != User.manager_id,
        )
        .exists(),
        select(SupportPlan.id)
        .where(
            SupportPlan.rep_id == User.id,
            SupportPlan.status.in_(_OPEN_PLANS),
            SupportPlan.manager_id != User.manager_id,
        )
        .exists(),
    )
    reps = db.session.scalars(
        select(User).where(User.manager_id.is_not(None), stale).order_by(User.id)
    ).all()
    return sum(hand_over(rep, by=None) for rep in reps)


def _on_manager_changed(user: User, *, actor: User, **_: Any) -> None:
    hand_over(user, by=actor)


def listen() -> None:
    """Hand a rep's coaching over in the same transaction as the change of manager."""
    accounts.manager_changed.connect(_on_manager_changed)
