"""The items of a plan: ticking them off with evidence, and the manager adding, moving and
removing them. Edits check the plan's version first. Functions flush, never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from hiring import calendar
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.models import OnboardingPlan, PlanItem, PlanStatus
from hiring.onboarding.services.plans import phase_for_day, stale_message, touch


def complete_item(item: PlanItem, *, by: User, note: str, evidence_url: str) -> None:
    if item.done:
        raise DomainError("This item is already done.")
    if item.kind == ItemKind.CERTIFICATION and item.competency_key:
        # A plain "done" would lose the rating the interview-to-onboarding loop needs.
        raise DomainError(
            f"“{item.title}” is scored on its competency's anchors: the manager records the "
            "score and who assessed it (“Score this certification” on the plan page)."
        )
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise DomainError("An evidence link starts with https://.", field="evidence_url")
    if item.evidence_required and not (note.strip() or evidence_url.strip()):
        raise DomainError(
            "This item needs evidence: add a note or a link to show it is done.", field="note"
        )
    _mark_done(item, by=by, note=note.strip(), evidence_url=evidence_url.strip())


def _mark_done(
    item: PlanItem,
    *,
    by: User,
    note: str,
    evidence_url: str,
    audit: dict[str, object] | None = None,
) -> None:
    """Tick ``item`` off with its evidence and audit it (``audit`` adds to the entry; by
    default the evidence link is what it records beside the note)."""
    item.done_at = utcnow()
    item.done_by_id = by.id
    item.completion_note = note
    item.evidence_url = evidence_url
    db.session.flush()
    after: dict[str, object] = {"note": note}
    after.update(audit if audit is not None else {"evidence_url": evidence_url})
    record(
        "onboarding.item_done",
        item,
        actor=by,
        object_type="onboarding_items",
        label=item.title,
        after=after,
    )


def reopen_item(item: PlanItem, *, by: User) -> None:
    """Undo a tick. A scored certification loses its score too (it is to be scored again,
    and a withdrawn score must not stay on the competency chart); the audit entry keeps the
    old score, assessor and time."""
    if not item.done:
        return
    before: dict[str, object] = {"done_at": item.done_at.isoformat() if item.done_at else None}
    if item.score is not None:
        before.update(
            score=item.score,
            assessor=item.assessor_id,
            scored_at=item.scored_at.isoformat() if item.scored_at else None,
        )
    item.done_at = None
    item.done_by_id = None
    item.score = None
    item.assessor_id = None
    item.scored_at = None
    db.session.flush()
    record(
        "onboarding.item_reopened",
        item,
        actor=by,
        object_type="onboarding_items",
        label=item.title,
        before=before,
    )


def _plan_day(plan: OnboardingPlan, due: date) -> int:
    day = (due - plan.start_date).days + 1
    if day < 1:
        raise DomainError("The due date is before the plan starts.", field="due_date")
    return day


def add_item(
    plan: OnboardingPlan,
    *,
    expected_version: int,
    title: str,
    description: str,
    kind: ItemKind,
    owner: ItemOwner,
    due: date,
    evidence_required: bool,
    actor: User,
) -> PlanItem:
    expect_version(plan, expected_version, stale_message(f"add {title}"))
    if not title.strip():
        raise DomainError("Give the item a title.", field="title")
    day = _plan_day(plan, due)
    item = PlanItem(
        phase=phase_for_day(min(day, plan.last_day)),
        day=day,
        due_date=calendar.next_working_day(due, calendar.holidays()),
        title=" ".join(title.split()),
        description=description.strip(),
        kind=kind,
        owner=owner,
        evidence_required=evidence_required,
    )
    plan.items.append(item)
    touch(plan)
    record(
        "onboarding.item_added",
        plan,
        actor=actor,
        label=plan.title,
        after={"title": item.title, "due": item.due_date.isoformat()},
    )
    return item


def remove_item(
    plan: OnboardingPlan, item: PlanItem, *, expected_version: int, actor: User
) -> None:
    expect_version(plan, expected_version, stale_message(f"remove {item.title}"))
    if item.done:
        raise DomainError("A done item stays in the plan as a record; reopen it first.")
    plan.items.remove(item)
    touch(plan)
    record(
        "onboarding.item_removed",
        plan,
        actor=actor,
        label=plan.title,
        before={"title": item.title, "due": item.due_date.isoformat()},
    )


def reschedule_item(
    plan: OnboardingPlan, item: PlanItem, *, due: date, expected_version: int, actor: User
) -> None:
    expect_version(plan, expected_version, stale_message(f"move {item.title}"))
    day = _plan_day(plan, due)
    before = item.due_date
    item.day = day
    item.phase = phase_for_day(min(day, plan.last_day))
    item.due_date = calendar.next_working_day(due, calendar.holidays())
    touch(plan)
    record(
        "onboarding.item_rescheduled",
        plan,
        actor=actor,
        label=item.title,
        before={"due": before.isoformat()},
        after={"due": item.due_date.isoformat()},
    )


def next_open_item(new_hire_id: int, kind: ItemKind) -> PlanItem | None:
    """The earliest-due open item of ``kind`` on ``new_hire_id``'s active plan (None: no
    active plan, or nothing of that kind left to do)."""
    return db.session.scalar(
        select(PlanItem)
        .join(OnboardingPlan, OnboardingPlan.id == PlanItem.plan_id)
        .where(
            OnboardingPlan.new_hire_id == new_hire_id,
            OnboardingPlan.status == PlanStatus.ACTIVE,
            PlanItem.kind == kind,
            PlanItem.done_at.is_(None),
        )
        .order_by(PlanItem.due_date, PlanItem.id)
        .limit(1)
    )


def tick_by_record(item: PlanItem, *, by: User, note: str, audit: dict[str, object]) -> None:
    """Tick ``item`` off because a record kept outside the plan (a coaching ride-along, which
    onboarding does not know) fulfils it; ``note`` says which, ``audit`` links it."""
    if item.done:
        raise DomainError(f"“{item.title}” is already done.")
    _mark_done(item, by=by, note=note, evidence_url="", audit=audit)
