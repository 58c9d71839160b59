"""Onboarding plans as a whole: preview a template, create a plan (from a hire decision or
for an existing employee), move its start date. Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm.attributes import flag_modified

from hiring import calendar, timezones
from hiring.audit.services import record
from hiring.auth import services as accounts
from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.domain import DomainError, expect_version
from hiring.library.models import RoleProfile
from hiring.library.schema import ItemKind, ItemOwner, Phase
from hiring.onboarding.development import development_goals
from hiring.onboarding.models import (
    CORE_MILESTONES,
    PHASE_DAYS,
    PHASE_LABELS,
    RAMP_MILESTONES,
    CheckIn,
    Goal,
    OnboardingPlan,
    PlanItem,
)
from hiring.transaction import conflicts_as_domain_errors

#: What the database noticing a simultaneous change of the plan means, in onboarding's words
#: (a stale page is ``stale_message``; these are two saves at the same moment).
START_RACE = "The plan changed at the same moment; review it and move the start date again."
EDIT_RACE = "Someone changed the plan at the same moment; your change was not applied."


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
    #: Certifications: the competency the role-play is scored on.
    competency_key: str | None = None


def phase_for_day(day: int) -> Phase:
    return next(p for p, (first, last) in PHASE_DAYS.items() if first <= day <= last)


def has_ramp(template: dict[str, Any]) -> bool:
    """The template puts items or goals in the ramp phase (months 4-6)."""
    entries = [*template.get("items", []), *template.get("goals", [])]
    return any(entry["phase"] == Phase.RAMP.value for entry in entries)


def template_phases(template: dict[str, Any]) -> dict[Phase, str]:
    """The phases a plan from ``template`` has, with their labels (the preview's headings)."""
    return {p: label for p, label in PHASE_LABELS.items() if p != Phase.RAMP or has_ramp(template)}


def milestones(template: dict[str, Any]) -> tuple[int, ...]:
    """The plan days of the check-ins: 30, 60 and 90, and with ramp content one at the end
    of each ramp month too (120, 150, 180), so months 4-6 are reviewed like the first three.
    Derived, not listed in the template, so ramp goals never lack a check-in to review them
    and a plan never has a check-in with nothing to review."""
    return CORE_MILESTONES + (RAMP_MILESTONES if has_ramp(template) else ())


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
            competency_key=entry.get("competency"),
        )
        for entry in template.get("items", [])
    ]
    # Weekly 1:1s only to day 90: after it the coaching cadence (hiring.coaching) holds them,
    # ramp phase or not.
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


def touch(plan: OnboardingPlan) -> None:
    """Child rows changed: move the plan's version counter so open pages see a conflict (and
    an edit racing another one at the same moment is refused, ``EDIT_RACE``)."""
    flag_modified(plan, "title")
    with conflicts_as_domain_errors(EDIT_RACE):
        db.session.flush()


def _check_start(start: date) -> None:
    if problem := calendar.start_date_problem(start, timezones.today()):
        raise DomainError(problem, field="start_date")


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
        raise DomainError("The new hire cannot be their own manager.", field="manager_id")
    if buddy is not None and buddy.id in (new_hire.id, manager.id):
        raise DomainError(
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
            competency_key=item.competency_key,
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
        CheckIn(milestone=day, due_date=calendar.due_date(start, day, closed))
        for day in milestones(template)
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


#: The fields /onboarding/new shows when planning from a hire decision (no new-hire choice:
#: the hire is the decision's candidate).
_SHOWN_FOR_A_HIRE = frozenset({"title", "start_date", "manager_id", "buddy_id"})


def _hire_account(decision: Decision, actor: User) -> User:
    """The hired candidate's account, linked by e-mail or created and invited.

    An account rule's refusal stays beside the field it names when the page shows that field
    (a deactivated manager: ``manager_id``); otherwise it is shown above the form.
    """
    candidate = decision.application.candidate
    position = decision.application.position
    try:
        return accounts.new_hire_account(
            email=candidate.email,
            name=candidate.name,
            manager=decision.manager or position.hiring_manager,
            title=position.title,
            actor=actor,
        )
    except DomainError as exc:
        if exc.field in _SHOWN_FOR_A_HIRE:
            raise
        raise DomainError(exc.message) from exc


def plan_preview(
    profile: RoleProfile | None, start: date | None, decision: Decision | None
) -> tuple[list[PreviewItem], list[Goal]]:
    """What /onboarding/new shows before creating: every item with its date, and the
    development goals the hire's interviews suggest (none without a profile and a start)."""
    if profile is None or start is None:
        return [], []
    development = development_goals(decision.application_id, start) if decision else []
    return preview(profile.onboarding_template, start), development


def start_plan(
    decision: Decision | None,
    *,
    new_hire_id: int,
    manager_id: int,
    buddy_id: int,
    profile: RoleProfile | None,
    start: date,
    title: str,
    actor: User,
) -> OnboardingPlan:
    """Create the plan the /onboarding/new page asked for: for the hire of ``decision`` (whose
    account is created or linked, and whose development goals come from the interviews), or
    for the existing person ``new_hire_id``."""
    new_hire = (
        _hire_account(decision, actor)
        if decision is not None
        else db.session.get(User, new_hire_id)
    )
    if new_hire is None:
        raise DomainError("Choose the new hire.", field="new_hire_id")
    if profile is None:
        raise DomainError("Choose the template (role profile).", field="role_profile_id")
    manager = db.session.get(User, manager_id)
    if manager is None:
        raise DomainError("Choose the manager.", field="manager_id")
    return create_plan(
        new_hire=new_hire,
        manager=manager,
        buddy=db.session.get(User, buddy_id) if buddy_id else None,
        start=start,
        template=profile.onboarding_template,
        template_source=f"{profile.key} v{profile.version}",
        title=title or "30/60/90-day plan",
        actor=actor,
        application_id=decision.application_id if decision else None,
        development=development_goals(decision.application_id, start) if decision else None,
    )


def move_start(plan: OnboardingPlan, new_start: date, *, expected_version: int, actor: User) -> int:
    """Shift every open item (and goal) with the new start date; return how many moved."""
    expect_version(
        plan,
        expected_version,
        "The plan changed since you opened it; review it and move the start date again.",
    )
    _check_start(new_start)
    before = plan.start_date
    with conflicts_as_domain_errors(START_RACE):  # loading the children may flush too
        moved = _shift(plan, new_start)
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


def _shift(plan: OnboardingPlan, new_start: date) -> int:
    """Move the plan and its open items, goals and check-ins; return how many items moved."""
    closed = calendar.holidays()
    shift = new_start - plan.start_date
    plan.start_date = new_start
    moved = 0
    for item in plan.items:
        if not item.done:
            item.due_date = calendar.due_date(new_start, item.day, closed)
            moved += 1
    for goal in plan.goals:
        goal.due_date = calendar.next_working_day(goal.due_date + shift, closed)
    for checkin in plan.checkins:
        if checkin.signed_off_at is None:
            checkin.due_date = calendar.due_date(new_start, checkin.milestone, closed)
    return moved


def stale_message(attempted: str) -> str:
    """What an edit made from an older page is told (items, goals): nothing was applied."""
    return (
        f"The plan changed since you opened it, so “{attempted}” was not applied. "
        "The page now shows the latest plan; make the change again if it is still needed."
    )
