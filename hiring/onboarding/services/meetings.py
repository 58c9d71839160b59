"""1:1s and ride-alongs: private records between the manager and the new hire. Recording one
ticks off the plan item it fulfils (a "Weekly 1:1" or a ride-along item), linked to the record.
Functions flush, never commit."""

from __future__ import annotations

from datetime import date, datetime

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db
from hiring.domain import DomainError
from hiring.onboarding.models import MeetingKind, MeetingRecord, OnboardingPlan, PlanItem
from hiring.onboarding.services.items import tick_by_meeting


def open_action_items(plan: OnboardingPlan) -> list[str]:
    """The last 1:1's action items, carried forward to the next one."""
    last = next((m for m in plan.meetings if m.kind == MeetingKind.ONE_ON_ONE), None)
    return list(last.action_items) if last else []


def open_items(plan: OnboardingPlan, kind: MeetingKind) -> list[PlanItem]:
    """The plan's open items a record of ``kind`` can tick off, earliest due first (the
    first is the one the form proposes)."""
    return [i for i in plan.items if i.kind.value == kind.value and not i.done]


def record_meeting(
    plan: OnboardingPlan,
    *,
    kind: MeetingKind,
    held_on: date,
    by: User,
    starts_at: datetime | None = None,
    minutes: int | None = None,
    time_zone: str | None = None,
    item: PlanItem | None = None,
    agenda: str = "",
    notes: str = "",
    action_items: list[str] | None = None,
    pre_call_plan: str = "",
    observations: str = "",
    focus_points: str = "",
    agreed_action: str = "",
) -> MeetingRecord:
    if kind == MeetingKind.RIDE_ALONG:
        points = [p for p in focus_points.splitlines() if p.strip()]
        if not points:
            raise DomainError("Agree one or two focus points in the debrief.", field="focus_points")
        if len(points) > 2:
            raise DomainError(
                "Keep the debrief to one or two focus points; more do not stick.",
                field="focus_points",
            )
    meeting = MeetingRecord(
        kind=kind,
        held_on=held_on,
        starts_at=starts_at,
        minutes=minutes if starts_at else None,
        time_zone=time_zone if starts_at else None,
        agenda=agenda.strip(),
        notes=notes.strip(),
        action_items=[a.strip() for a in (action_items or []) if a.strip()],
        pre_call_plan=pre_call_plan.strip(),
        observations=observations.strip(),
        focus_points=focus_points.strip(),
        agreed_action=agreed_action.strip(),
        created_by_id=by.id,
    )
    plan.meetings.insert(0, meeting)
    db.session.flush()
    record(
        f"onboarding.{kind.value}_recorded",
        plan,
        actor=by,
        label=f"{plan.new_hire.name}: {kind.label} on {held_on.isoformat()}",
        after={"meeting": meeting.id, "item": item.id if item else None},
    )
    if item is not None:
        tick_by_meeting(item, meeting, by=by)
    return meeting
