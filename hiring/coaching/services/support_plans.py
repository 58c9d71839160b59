"""Support plans: a fair, documented improvement plan when a rep is off track.

The rep's direct manager writes it as a draft (their working copy: diagnosis first, the
window, the support the company gives, then 2 to 4 SMART expectations), starts it (HR is
told, both sides are asked to acknowledge, and from then on the rep sees all of it), holds
weekly check-ins within the window, and records how it ended: met, extended once, moved to
another role, or ended. After the window's last day nothing else may be written until the
outcome is recorded, so a plan never runs on unnoticed. Functions flush, never commit.

Over 350 lines because it is one plan's whole life, draft to recorded end, whose rules
(window, expectations, who may act when) refer to each other and are read together.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from hiring.audit.services import record
from hiring.auth.models import Role, User, UserRole
from hiring.auth.services import external_url
from hiring.coaching.models import (
    Diagnosis,
    SupportCheckIn,
    SupportExpectation,
    SupportOutcome,
    SupportPlan,
    SupportStatus,
)
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.mail import services as mail
from hiring.onboarding.models import CheckIn, Goal, Progress

MIN_DAYS = 30
MAX_DAYS = 90
#: What practitioners suggest for sales: long enough for a pipeline to move.
SUGGESTED_DAYS = 60
MIN_EXPECTATIONS = 2
MAX_EXPECTATIONS = 4
#: The one extension a plan may have, at most this long.
MAX_EXTENSION_DAYS = 30
#: An extension is decided on the evidence of the plan itself: only in its last two weeks
#: (or after its window), never on day one.
EXTENSION_OPENS_DAYS_BEFORE_END = 14

#: The support the company gives, as the form names it.
SUPPORT_KINDS: dict[str, str] = {
    "training": "Training",
    "ride_alongs": "Extra ride-alongs",
    "coaching": "Coaching sessions",
    "other": "Other support",
}

CHANGED = "Someone changed this support plan after you opened the page."
PAST_WINDOW = "Past its window: record the outcome before anything else."


def window_problem(starts_on: date, ends_on: date) -> str | None:
    """Why a window is refused (outside 30 to 90 days), or None."""
    days = (ends_on - starts_on).days
    if days < MIN_DAYS or days > MAX_DAYS:
        return (
            f"A support plan runs {MIN_DAYS} to {MAX_DAYS} days "
            f"({SUGGESTED_DAYS} is usual in sales); this window is {days} days."
        )
    return None


def _support(details: Mapping[str, str]) -> list[dict[str, Any]]:
    support = [
        {"kind": kind, "detail": (details.get(kind) or "").strip()}
        for kind in SUPPORT_KINDS
        if (details.get(kind) or "").strip()
    ]
    if not support:
        raise DomainError(
            "Say what support the company gives: training, ride-alongs, coaching or other.",
            field="training",
        )
    return support


def _check_manager(plan_or_rep: SupportPlan | User, by: User) -> None:
    rep = plan_or_rep.rep if isinstance(plan_or_rep, SupportPlan) else plan_or_rep
    if rep.manager_id != by.id:
        raise DomainError(f"Only {rep.name}'s own manager writes their support plan.")


def _check_details(diagnosis_note: str, starts_on: date, ends_on: date) -> None:
    if not diagnosis_note.strip():
        raise DomainError(
            "Write down what you saw that led to this diagnosis.", field="diagnosis_note"
        )
    if problem := window_problem(starts_on, ends_on):
        raise DomainError(problem, field="ends_on")


def open_plan(
    rep: User,
    *,
    by: User,
    diagnosis: Diagnosis,
    diagnosis_note: str,
    support: Mapping[str, str],
    starts_on: date,
    ends_on: date,
    checkin: CheckIn | None = None,
    goal: Goal | None = None,
) -> SupportPlan:
    """A draft, from a check-in or a missed goal (or after documented 1:1s: neither)."""
    _check_manager(rep, by)
    _check_details(diagnosis_note, starts_on, ends_on)
    already = db.session.scalar(
        select(SupportPlan.id).where(
            SupportPlan.rep_id == rep.id, SupportPlan.status != SupportStatus.CLOSED
        )
    )
    if already is not None:
        raise DomainError(f"{rep.name} already has an open support plan.")
    for trigger in (checkin, goal):
        if trigger is not None and trigger.plan.new_hire_id != rep.id:
            raise DomainError(f"That is not {rep.name}'s onboarding plan.")
    plan = SupportPlan(
        rep_id=rep.id,
        manager_id=by.id,
        checkin=checkin,
        goal=goal,
        diagnosis=diagnosis,
        diagnosis_note=diagnosis_note.strip(),
        support=_support(support),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=by.id,
    )
    db.session.add(plan)
    db.session.flush()
    record(
        "coaching.support_plan_drafted",
        plan,
        actor=by,
        label=rep.name,
        after={
            "diagnosis": diagnosis.value,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "checkin": checkin.id if checkin else None,
            "goal": goal.id if goal else None,
        },
    )
    return plan


def _check_draft(plan: SupportPlan, by: User) -> None:
    _check_manager(plan, by)
    if plan.status != SupportStatus.DRAFT:
        raise DomainError("The plan has started: what was agreed stays as it was.")


def update_draft(
    plan: SupportPlan,
    *,
    by: User,
    version: int,
    diagnosis: Diagnosis,
    diagnosis_note: str,
    support: Mapping[str, str],
    starts_on: date,
    ends_on: date,
) -> None:
    """Rework the draft's diagnosis, support and window before it starts."""
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    _check_details(diagnosis_note, starts_on, ends_on)
    plan.diagnosis = diagnosis
    plan.diagnosis_note = diagnosis_note.strip()
    plan.support = _support(support)
    plan.starts_on, plan.ends_on = starts_on, ends_on
    db.session.flush()
    record(
        "coaching.support_plan_updated",
        plan,
        actor=by,
        label=plan.rep.name,
        after={"starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )


def add_expectation(
    plan: SupportPlan,
    *,
    by: User,
    version: int,
    outcome: str,
    metric: str,
    target: float,
    unit: str,
    due_on: date,
) -> SupportExpectation:
    """One SMART expectation (outcome, metric, target, unit, a date within the window)."""
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    if len(plan.expectations) >= MAX_EXPECTATIONS:
        raise DomainError(
            f"At most {MAX_EXPECTATIONS} expectations: a plan with more has no focus."
        )
    if not plan.starts_on <= due_on <= plan.ends_on:
        raise DomainError("Its date falls within the plan's window.", field="due_on")
    if target < 0:
        raise DomainError("The target is zero or more.", field="target")
    expectation = SupportExpectation(
        outcome=outcome.strip(),
        metric=metric.strip(),
        target=target,
        unit=unit.strip(),
        due_on=due_on,
    )
    plan.expectations.append(expectation)
    plan.version += 1  # the plan as shown changed: an older page's "Start" is refused
    db.session.flush()
    record(
        "coaching.support_expectation_added",
        plan,
        actor=by,
        label=f"{plan.rep.name}: {expectation.outcome}"[:200],
        after={"metric": expectation.metric, "target": target, "due_on": due_on.isoformat()},
    )
    return expectation


def remove_expectation(
    plan: SupportPlan, expectation: SupportExpectation, *, by: User, version: int
) -> None:
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    if expectation.support_plan_id != plan.id:
        raise DomainError("That expectation is not on this plan.")
    plan.expectations.remove(expectation)
    plan.version += 1
    db.session.flush()
    record(
        "coaching.support_expectation_removed",
        plan,
        actor=by,
        label=f"{plan.rep.name}: {expectation.outcome}"[:200],
    )


def discard_draft(plan: SupportPlan, *, by: User, version: int) -> None:
    """Delete a draft the manager will not start: nobody but they ever saw it and nothing was
    agreed, so nothing is kept but the audit entry (what it said and why it went); the
    check-in or goal that offered it may offer a plan again."""
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    record(
        "coaching.support_plan_discarded",
        plan,
        actor=by,
        label=plan.rep.name,
        before={
            "diagnosis": plan.diagnosis.value,
            "diagnosis_note": plan.diagnosis_note[:500],
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
            "expectations": [e.outcome for e in plan.expectations],
        },
    )
    db.session.delete(plan)
    db.session.flush()


def _admins() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == Role.ADMIN, User.active.is_(True))
            .order_by(User.id)
        )
    )


def _link(plan: SupportPlan) -> str:
    """The plan's absolute address, for e-mails."""
    return external_url("coaching.support_plan", plan_id=plan.id)


def _tell_hr(plan: SupportPlan, subject: str, body: str) -> None:
    """Every active admin (HR) hears, with the plan's address to find it by."""
    body = f"{body}\n\n{_link(plan)}\n"
    for admin in _admins():
        mail.queue(admin.email, subject, body)


def start(plan: SupportPlan, *, by: User, version: int, today: date) -> None:
    """Start the plan: HR is informed, both sides are asked to acknowledge it, and the rep
    sees all of it from now on. Refused without 2 to 4 expectations and a 30-90 day window."""
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    count = len(plan.expectations)
    if not MIN_EXPECTATIONS <= count <= MAX_EXPECTATIONS:
        raise DomainError(
            f"A support plan starts with {MIN_EXPECTATIONS} to {MAX_EXPECTATIONS} "
            f"expectations; this one has {count}."
        )
    if problem := window_problem(plan.starts_on, plan.ends_on):
        raise DomainError(problem)
    if plan.starts_on < today:
        # A backdated start would hand the rep a shorter window than agreed and weeks of
        # "missing" check-ins nobody could have held.
        raise DomainError(
            f"The window starts on {plan.starts_on:%d %b %Y}, before today: a plan starts "
            "with its whole window ahead. Move the window to start today (it keeps its "
            f"{(plan.ends_on - plan.starts_on).days} days), then start it."
        )
    if any(not plan.starts_on <= e.due_on <= plan.ends_on for e in plan.expectations):
        raise DomainError("Every expectation's date falls within the window.")
    now = utcnow()
    plan.status = SupportStatus.ACTIVE
    plan.hr_informed_at = now
    db.session.flush()
    record(
        "coaching.support_plan_started",
        plan,
        actor=by,
        label=plan.rep.name,
        after={
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
            "expectations": count,
        },
    )
    _announce_start(plan, by, count)


def _announce_start(plan: SupportPlan, by: User, count: int) -> None:
    """The rep, the manager and HR each get the plan's address: a plan is never a surprise,
    and HR can find it (the manager is told too, to acknowledge their own side)."""
    link = _link(plan)
    window = f"from {plan.starts_on:%d %b %Y} to {plan.ends_on:%d %b %Y}"
    rep = plan.rep
    if rep.active:
        mail.queue(
            rep.email,
            f"Your support plan with {by.name} has started",
            f"Hello {rep.first_name},\n\n"
            f"{by.name} started the support plan you discussed, {window}: {count} "
            "expectations, the support the company gives you, and a check-in every week.\n"
            "Read all of it, add your own comment if you wish, and acknowledge it:\n"
            f"{link}\n",
        )
    mail.queue(
        by.email,
        f"Support plan started: {rep.name}",
        f"Hello {by.first_name},\n\n"
        f"You started {rep.name}'s support plan, {window}. Acknowledge it on your side, "
        f"and hold a check-in every week:\n{link}\n",
    )
    _tell_hr(
        plan,
        f"Support plan started: {rep.name}",
        f"{by.name} started a support plan for {rep.name} "
        f"({plan.diagnosis.label}), {window}, "
        f"with {count} expectations and weekly check-ins.\n\n"
        "Both of them are asked to acknowledge it; you will hear how it ends.",
    )


def move_window_to_today(plan: SupportPlan, *, by: User, version: int, today: date) -> None:
    """Shift a draft whose first day has passed to start today, keeping its length; each
    expectation's date moves by as much, so it stays where it was within the window."""
    expect_version(plan, version, CHANGED)
    _check_draft(plan, by)
    shift = today - plan.starts_on
    if shift.days <= 0:
        raise DomainError("The window does not start before today: nothing to move.")
    before = {"starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat()}
    plan.starts_on, plan.ends_on = today, plan.ends_on + shift
    for expectation in plan.expectations:
        expectation.due_on += shift
    db.session.flush()
    record(
        "coaching.support_plan_updated",
        plan,
        actor=by,
        label=plan.rep.name,
        before=before,
        after={"starts_on": plan.starts_on.isoformat(), "ends_on": plan.ends_on.isoformat()},
    )


def acknowledge(plan: SupportPlan, *, by: User, comment: str = "") -> None:
    """The manager's or the rep's acknowledgement (the rep may add a comment of their own)."""
    if plan.status != SupportStatus.ACTIVE:
        raise DomainError("Only a started, open plan is acknowledged.")
    now = utcnow()
    if by.id == plan.rep_id:
        if plan.rep_acknowledged_at is not None:
            raise DomainError("You have already acknowledged this plan.")
        plan.rep_acknowledged_at = now
        plan.rep_comment = comment.strip()
        who = "rep"
    elif by.id == plan.manager_id and plan.rep.manager_id == by.id:
        if plan.manager_acknowledged_at is not None:
            raise DomainError("You have already acknowledged this plan.")
        plan.manager_acknowledged_at = now
        who = "manager"
    else:
        raise DomainError("The rep and their manager acknowledge the plan.")
    db.session.flush()
    record(
        "coaching.support_plan_acknowledged",
        plan,
        actor=by,
        label=plan.rep.name,
        after={"by": who, "comment": bool(comment.strip())},
    )


def add_checkin(
    plan: SupportPlan,
    *,
    by: User,
    held_on: date,
    progress: Progress,
    notes: str,
    actuals: Mapping[int, float | None],
    today: date,
) -> SupportCheckIn:
    """A weekly documented check-in, with the latest figure per expectation. After the
    window's last day it is refused: the outcome comes first."""
    _check_manager(plan, by)
    if plan.status != SupportStatus.ACTIVE:
        raise DomainError("Check-ins are held while the plan runs.")
    if today > plan.ends_on:
        raise DomainError(PAST_WINDOW)
    if not plan.starts_on <= held_on <= today:
        raise DomainError("The date is between the plan's first day and today.", field="held_on")
    if not notes.strip():
        raise DomainError("Note what you discussed and agreed.", field="notes")
    checkin = SupportCheckIn(
        held_on=held_on, progress=progress, notes=notes.strip(), recorded_by_id=by.id
    )
    plan.checkins.append(checkin)
    figures = {}
    for expectation in plan.expectations:
        value = actuals.get(expectation.id)
        if value is not None:
            expectation.actual = value
            figures[str(expectation.id)] = value
    db.session.flush()
    record(
        "coaching.support_checkin",
        plan,
        actor=by,
        label=f"{plan.rep.name}: {held_on.isoformat()}",
        after={"held_on": held_on.isoformat(), "progress": progress.value, "actuals": figures},
    )
    return checkin


def record_outcome(
    plan: SupportPlan,
    *,
    by: User,
    version: int,
    outcome: SupportOutcome,
    note: str,
    new_ends_on: date | None,
    today: date,
) -> None:
    """How it ended: met, moved or ended (the plan closes), or extended once by at most
    30 days with a reason (it runs on to the new end). Audited, and HR is told."""
    expect_version(plan, version, CHANGED)
    _check_manager(plan, by)
    if plan.status != SupportStatus.ACTIVE:
        raise DomainError("Only a started, open plan has an outcome to record.")
    if not note.strip():
        raise DomainError("Say why: it is the record both of you and HR keep.", field="note")
    if outcome == SupportOutcome.EXTENDED:
        _extend(plan, by=by, reason=note.strip(), new_ends_on=new_ends_on, today=today)
        return
    before = {"status": plan.status.value}
    plan.status = SupportStatus.CLOSED
    plan.outcome = outcome
    plan.outcome_note = note.strip()
    plan.closed_at = utcnow()
    plan.closed_by_id = by.id
    db.session.flush()
    record(
        "coaching.support_plan_ended",
        plan,
        actor=by,
        label=plan.rep.name,
        before=before,
        after={"status": plan.status.value, "outcome": outcome.value},
    )
    _tell_hr(
        plan,
        f"Support plan ended: {plan.rep.name} ({outcome.value})",
        f"{by.name} recorded the end of {plan.rep.name}'s support plan: {outcome.label}.\n\n"
        f"{plan.outcome_note}",
    )


def extension_opens_on(plan: SupportPlan) -> date:
    """The first day the plan may be extended: the start of its last two weeks."""
    return plan.ends_on - timedelta(days=EXTENSION_OPENS_DAYS_BEFORE_END - 1)


def _extend(
    plan: SupportPlan, *, by: User, reason: str, new_ends_on: date | None, today: date
) -> None:
    if plan.extended_at is not None:
        raise DomainError(
            "This plan was extended once already; record another outcome.", field="outcome"
        )
    opens = extension_opens_on(plan)
    if today < opens:
        raise DomainError(
            f"An extension is decided in the plan's last two weeks, from {opens:%d %b %Y}, "
            "on what the check-ins show; until then, hold the weekly check-ins.",
            field="outcome",
        )
    latest = plan.ends_on + timedelta(days=MAX_EXTENSION_DAYS)
    if latest <= today:
        raise DomainError(
            f"The window ended more than {MAX_EXTENSION_DAYS} days ago: record another outcome.",
            field="outcome",
        )
    earliest = max(plan.ends_on, today)
    if new_ends_on is None or not earliest < new_ends_on <= latest:
        raise DomainError(
            f"Choose a new last day after {earliest:%d %b %Y}, at most {MAX_EXTENSION_DAYS} "
            f"days later than the current last day (by {latest:%d %b %Y}).",
            field="new_ends_on",
        )
    before = {"ends_on": plan.ends_on.isoformat()}
    plan.original_ends_on = plan.ends_on
    plan.ends_on = new_ends_on
    plan.extended_at = utcnow()
    plan.extension_reason = reason
    db.session.flush()
    record(
        "coaching.support_plan_extended",
        plan,
        actor=by,
        label=plan.rep.name,
        before=before,
        after={"ends_on": new_ends_on.isoformat(), "reason": reason[:500]},
    )
    _tell_hr(
        plan,
        f"Support plan extended: {plan.rep.name}",
        f"{by.name} extended {plan.rep.name}'s support plan once, to {new_ends_on:%d %b %Y}.\n\n"
        f"Why: {reason}",
    )
