"""Creating and running onboarding plans. Functions flush, never commit."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from hiring import calendar
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.debriefs.models import Decision
from hiring.library.schema import ItemKind, ItemOwner, Phase
from hiring.onboarding.models import (
    PHASE_DAYS,
    CheckIn,
    Goal,
    GoalActual,
    MeetingKind,
    MeetingRecord,
    OnboardingPlan,
    PlanItem,
    Progress,
)


class OnboardingError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class PreviewItem:
    phase: Phase
    day: int
    due_date: date
    title: str
    description: str
    kind: ItemKind
    owner: ItemOwner
    evidence_required: bool
    generated: bool = False


def phase_for_day(day: int) -> Phase:
    return next(p for p, (first, last) in PHASE_DAYS.items() if first <= day <= last)


def preview(template: dict[str, Any], start: date) -> list[PreviewItem]:
    """Every item the plan will hold, with its due date, before anything is created."""
    closed = calendar.holidays()
    items = [
        PreviewItem(
            phase=Phase(entry["phase"]),
            day=int(entry["day"]),
            due_date=calendar.due_date(start, int(entry["day"]), closed),
            title=entry["title"],
            description=entry.get("description", ""),
            kind=ItemKind(entry["kind"]),
            owner=ItemOwner(entry["owner"]),
            evidence_required=bool(entry.get("evidence_required", False)),
        )
        for entry in template.get("items", [])
    ]
    for week, (day, due) in enumerate(calendar.weekly_days(start, closed), start=1):
        items.append(
            PreviewItem(
                phase=phase_for_day(day),
                day=day,
                due_date=due,
                title=f"Weekly 1:1, week {week}",
                description="Agenda, notes and action items carried forward.",
                kind=ItemKind.ONE_ON_ONE,
                owner=ItemOwner.MANAGER,
                evidence_required=False,
                generated=True,
            )
        )
    return sorted(items, key=lambda i: (i.due_date, i.generated, i.title))


def _check_start(start: date) -> None:
    if problem := calendar.start_date_problem(start, utcnow().date()):
        raise OnboardingError(problem, field="start_date")


def create_plan(
    *,
    new_hire: User,
    manager: User,
    buddy: User | None,
    start: date,
    template: dict[str, Any],
    template_source: str,
    title: str,
    actor: User,
    application_id: int | None = None,
    development: list[Goal] | None = None,
) -> OnboardingPlan:
    _check_start(start)
    if manager.id == new_hire.id:
        raise OnboardingError("The new hire cannot be their own manager.", field="manager_id")
    if buddy is not None and buddy.id in (new_hire.id, manager.id):
        raise OnboardingError(
            "Choose a buddy other than the new hire and the manager.", field="buddy_id"
        )
    closed = calendar.holidays()
    plan = OnboardingPlan(
        new_hire_id=new_hire.id,
        manager_id=manager.id,
        buddy_id=buddy.id if buddy else None,
        application_id=application_id,
        title=title,
        start_date=start,
        template_source=template_source,
        created_by_id=actor.id,
    )
    plan.items = [
        PlanItem(
            phase=item.phase,
            day=item.day,
            due_date=item.due_date,
            title=item.title,
            description=item.description,
            kind=item.kind,
            owner=item.owner,
            evidence_required=item.evidence_required,
            generated=item.generated,
        )
        for item in preview(template, start)
    ]
    plan.goals = [
        Goal(
            phase=Phase(entry["phase"]),
            outcome=entry["outcome"],
            metric=entry["metric"],
            target=float(entry["target"]),
            unit=entry["unit"],
            due_date=calendar.due_date(start, int(entry["due_day"]), closed),
        )
        for entry in template.get("goals", [])
    ] + list(development or [])
    plan.checkins = [
        CheckIn(milestone=day, due_date=calendar.due_date(start, day, closed)) for day in MILESTONES
    ]
    db.session.add(plan)
    if new_hire.manager_id != manager.id:
        new_hire.manager_id = manager.id  # the org chart follows the plan's owner
    db.session.flush()
    record(
        "onboarding.plan_created",
        plan,
        actor=actor,
        label=f"{new_hire.name}: {title}",
        after={"start_date": start.isoformat(), "manager": manager.email, "items": len(plan.items)},
    )
    return plan


def complete_item(item: PlanItem, *, by: User, note: str, evidence_url: str) -> None:
    if item.done:
        raise OnboardingError("This item is already done.")
    if evidence_url and not evidence_url.startswith(("https://", "http://")):
        raise OnboardingError("An evidence link starts with https://.", field="evidence_url")
    if item.evidence_required and not (note.strip() or evidence_url.strip()):
        raise OnboardingError(
            "This item needs evidence: add a note or a link to show it is done.", field="note"
        )
    item.done_at = utcnow()
    item.done_by_id = by.id
    item.completion_note = note.strip()
    item.evidence_url = evidence_url.strip()
    db.session.flush()
    record(
        "onboarding.item_done",
        item,
        actor=by,
        object_type="onboarding_items",
        label=item.title,
        after={"note": item.completion_note, "evidence_url": item.evidence_url},
    )


def reopen_item(item: PlanItem, *, by: User) -> None:
    if not item.done:
        return
    before = {"done_at": item.done_at.isoformat() if item.done_at else None}
    item.done_at = None
    item.done_by_id = None
    db.session.flush()
    record(
        "onboarding.item_reopened",
        item,
        actor=by,
        object_type="onboarding_items",
        label=item.title,
        before=before,
    )


def move_start(plan: OnboardingPlan, new_start: date, *, expected_version: int, actor: User) -> int:
    """Shift every open item (and goal) with the new start date; return how many moved."""
    if plan.version != expected_version:
        raise OnboardingError(
            "The plan changed since you opened it; review it and move the start date again."
        )
    _check_start(new_start)
    closed = calendar.holidays()
    before = plan.start_date
    plan.start_date = new_start
    moved = 0
    for item in plan.items:
        if not item.done:
            item.due_date = calendar.due_date(new_start, item.day, closed)
            moved += 1
    shift = new_start - before
    for goal in plan.goals:
        goal.due_date = calendar.next_working_day(goal.due_date + shift, closed)
    for checkin in plan.checkins:
        if checkin.signed_off_at is None:
            checkin.due_date = calendar.due_date(new_start, checkin.milestone, closed)
    db.session.flush()
    record(
        "onboarding.start_moved",
        plan,
        actor=actor,
        label=plan.title,
        before={"start_date": before.isoformat()},
        after={"start_date": new_start.isoformat(), "items_moved": moved},
    )
    return moved


def record_actual(goal: Goal, *, value: float, on: date, note: str, by: User) -> GoalActual:
    if not math.isfinite(value):
        raise OnboardingError("Enter an ordinary number.", field="value")
    existing = next((a for a in goal.actuals if a.recorded_on == on), None)
    if existing is not None:
        existing.value = value
        existing.note = note.strip()
        actual = existing
    else:
        actual = GoalActual(recorded_on=on, value=value, note=note.strip(), recorded_by_id=by.id)
        goal.actuals.append(actual)
    db.session.flush()
    record(
        "onboarding.actual_recorded",
        goal,
        actor=by,
        object_type="onboarding_goals",
        label=goal.outcome,
        after={"on": on.isoformat(), "value": value},
    )
    return actual


#: Plan days of the milestone check-ins.
MILESTONES = (30, 60, 90)


def rate_checkin(checkin: CheckIn, *, by: User, rating: Progress, comment: str) -> None:
    """Record the manager's or the new hire's own view; neither sees the other's until both
    have rated, so neither anchors on the other."""
    if checkin.signed_off_at is not None:
        raise OnboardingError("This milestone is signed off; its ratings are final.")
    plan = checkin.plan
    if by.id == plan.manager_id:
        checkin.manager_rating, checkin.manager_comment = rating, comment.strip()
        checkin.manager_rated_at = utcnow()
        who = "manager"
    elif by.id == plan.new_hire_id:
        checkin.new_hire_rating, checkin.new_hire_comment = rating, comment.strip()
        checkin.new_hire_rated_at = utcnow()
        who = "new_hire"
    else:
        raise OnboardingError("Only the manager and the new hire rate a milestone.")
    db.session.flush()
    record(
        "onboarding.checkin_rated",
        checkin,
        actor=by,
        object_type="onboarding_checkins",
        label=f"{plan.new_hire.name}: day {checkin.milestone}",
        after={"by": who, "rating": rating.value},
    )
    if rating == Progress.OFF_TRACK:
        record(
            "onboarding.at_risk",
            plan,
            actor=by,
            label=f"{plan.new_hire.name}: off track at day {checkin.milestone}",
            after={"milestone": checkin.milestone, "by": who},
        )


def sign_off(checkin: CheckIn, *, by: User) -> None:
    plan = checkin.plan
    if by.id != plan.manager_id:
        raise OnboardingError("The manager signs off the phase.")
    if not checkin.both_rated:
        raise OnboardingError("Both of you rate the milestone before it is signed off.")
    if checkin.signed_off_at is not None:
        return
    checkin.signed_off_at = utcnow()
    checkin.signed_off_by_id = by.id
    db.session.flush()
    record(
        "onboarding.phase_signed_off",
        checkin,
        actor=by,
        object_type="onboarding_checkins",
        label=f"{plan.new_hire.name}: day {checkin.milestone}",
        after={
            "manager": checkin.manager_rating.value if checkin.manager_rating else None,
            "new_hire": checkin.new_hire_rating.value if checkin.new_hire_rating else None,
        },
    )


def open_action_items(plan: OnboardingPlan) -> list[str]:
    """The last 1:1's action items, carried forward to the next one."""
    last = next((m for m in plan.meetings if m.kind == MeetingKind.ONE_ON_ONE), None)
    return list(last.action_items) if last else []


def record_meeting(
    plan: OnboardingPlan,
    *,
    kind: MeetingKind,
    held_on: date,
    by: User,
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
            raise OnboardingError(
                "Agree one or two focus points in the debrief.", field="focus_points"
            )
        if len(points) > 2:
            raise OnboardingError(
                "Keep the debrief to one or two focus points; more do not stick.",
                field="focus_points",
            )
    meeting = MeetingRecord(
        kind=kind,
        held_on=held_on,
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
        after={"meeting": meeting.id},
    )
    return meeting


class PlanConflict(OnboardingError):
    """Someone changed the plan after this page was loaded; nothing was applied."""


def _check_version(plan: OnboardingPlan, expected_version: int, attempted: str) -> None:
    if plan.version != expected_version:
        raise PlanConflict(
            f"The plan changed since you opened it, so “{attempted}” was not applied. "
            "The page now shows the latest plan; make the change again if it is still needed."
        )


def _touch(plan: OnboardingPlan) -> None:
    from sqlalchemy.orm.attributes import flag_modified

    flag_modified(plan, "title")  # child rows changed; move the plan's version counter
    db.session.flush()


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
    _check_version(plan, expected_version, f"add {title}")
    if not title.strip():
        raise OnboardingError("Give the item a title.", field="title")
    day = (due - plan.start_date).days + 1
    if day < 1:
        raise OnboardingError("The due date is before the plan starts.", field="due_date")
    item = PlanItem(
        phase=phase_for_day(min(day, 90)),
        day=day,
        due_date=calendar.next_working_day(due, calendar.holidays()),
        title=" ".join(title.split())[:200],
        description=description.strip(),
        kind=kind,
        owner=owner,
        evidence_required=evidence_required,
    )
    plan.items.append(item)
    _touch(plan)
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
    _check_version(plan, expected_version, f"remove {item.title}")
    if item.done:
        raise OnboardingError("A done item stays in the plan as a record; reopen it first.")
    plan.items.remove(item)
    _touch(plan)
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
    _check_version(plan, expected_version, f"move {item.title}")
    day = (due - plan.start_date).days + 1
    if day < 1:
        raise OnboardingError("The due date is before the plan starts.", field="due_date")
    before = item.due_date
    item.day = day
    item.phase = phase_for_day(min(day, 90))
    item.due_date = calendar.next_working_day(due, calendar.holidays())
    _touch(plan)
    record(
        "onboarding.item_rescheduled",
        plan,
        actor=actor,
        label=item.title,
        before={"due": before.isoformat()},
        after={"due": item.due_date.isoformat()},
    )


def add_goal(
    plan: OnboardingPlan,
    *,
    expected_version: int,
    outcome: str,
    metric: str,
    target: float,
    unit: str,
    due: date,
    actor: User,
) -> Goal:
    _check_version(plan, expected_version, f"add the goal {outcome}")
    if not outcome.strip() or not metric.strip():
        raise OnboardingError("Say the outcome and how it is measured.", field="outcome")
    if not math.isfinite(target) or target <= 0:
        raise OnboardingError("The target is a positive number.", field="target")
    day = max((due - plan.start_date).days + 1, 1)
    goal = Goal(
        phase=phase_for_day(min(day, 90)),
        outcome=outcome.strip()[:300],
        metric=metric.strip()[:200],
        target=target,
        unit=unit.strip()[:60],
        due_date=due,
    )
    plan.goals.append(goal)
    _touch(plan)
    record(
        "onboarding.goal_added",
        plan,
        actor=actor,
        label=plan.title,
        after={"outcome": goal.outcome, "target": target},
    )
    return goal


def remove_goal(plan: OnboardingPlan, goal: Goal, *, expected_version: int, actor: User) -> None:
    _check_version(plan, expected_version, f"remove the goal {goal.outcome}")
    plan.goals.remove(goal)
    _touch(plan)
    record(
        "onboarding.goal_removed",
        plan,
        actor=actor,
        label=plan.title,
        before={"outcome": goal.outcome},
    )


def reword_development_goal(
    plan: OnboardingPlan,
    goal: Goal,
    *,
    expected_version: int,
    outcome: str,
    actions: list[str],
    actor: User,
) -> None:
    """The manager's own wording of a development goal: what the new hire reads."""
    _check_version(plan, expected_version, f"reword {goal.outcome}")
    if not outcome.strip():
        raise OnboardingError("Say what the new hire will get better at.", field="outcome")
    before = {"outcome": goal.outcome, "actions": list(goal.coaching_actions)}
    goal.outcome = " ".join(outcome.split())[:300]
    goal.coaching_actions = [a.strip() for a in actions if a.strip()][:10]
    _touch(plan)
    record(
        "onboarding.goal_reworded",
        plan,
        actor=actor,
        label=goal.outcome,
        before=before,
        after={"outcome": goal.outcome, "actions": goal.coaching_actions},
    )


def new_hire_account(decision: Decision, *, actor: User) -> User:
    """The hire's account: linked by e-mail when it exists (gaining the new-hire role),
    otherwise created and invited. Flushes; the caller commits and sends the mail."""
    from hiring.auth import services as accounts
    from hiring.auth.models import Role, UserRole

    candidate = decision.application.candidate
    user = accounts.find_by_email(candidate.email)
    if user is None:
        return accounts.invite_user(
            email=candidate.email,
            name=candidate.name,
            roles=[Role.NEW_HIRE],
            manager=decision.manager or decision.application.position.hiring_manager,
            title=decision.application.position.title,
            actor=actor,
        )
    if Role.NEW_HIRE not in user.roles:
        user.role_grants.append(UserRole(role=Role.NEW_HIRE))
        db.session.flush()
    return user
