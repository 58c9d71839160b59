"""Who sees which onboarding plan, and who may change it.

Views authorise with these predicates and templates ask the same ones through
``permissions.onboarding.<predicate>(current_user, obj)``, so each rule is written once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hiring.auth.models import PEOPLE_MANAGERS, Role, User
from hiring.debriefs.models import Decision
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanItem

#: A rule about a whole plan, as views pass it to ``require``.
PlanRule = Callable[[User, OnboardingPlan], bool]


def is_skip_level(user: User, plan: OnboardingPlan) -> bool:
    """The manager's own manager (and above) may read, not edit."""
    boss = plan.manager.manager
    seen: set[int] = set()
    while boss is not None and boss.id not in seen:
        if boss.id == user.id:
            return True
        seen.add(boss.id)
        boss = boss.manager
    return False


def can_open_onboarding(user: User, plans: Sequence[object]) -> bool:
    """Onboarding is for new hires, buddies and managers: people with a plan to see, or the
    roles that start or follow one."""
    return bool(plans) or user.has_role(*PEOPLE_MANAGERS, Role.NEW_HIRE)


def can_start_plan(user: User) -> bool:
    """Managers (and admins) start plans: from a hire decision or for an existing employee."""
    return user.has_role(*PEOPLE_MANAGERS)


def can_plan_from_decision(user: User, decision: Decision) -> bool:
    """The decision's manager or the position's hiring manager turns a hire into a plan."""
    return user.has_role(Role.ADMIN) or user.id in (
        decision.manager_id,
        decision.application.position.hiring_manager_id,
    )


def names_any_manager(user: User, decision: Decision | None) -> bool:
    """Outside a hire decision a hiring manager plans as the manager; admins may name anyone."""
    return decision is not None or user.has_role(Role.ADMIN)


def can_plan_for(user: User, person: User) -> bool:
    """Whom ``user`` may start a plan for (outside a hire decision): a plan makes ``user``
    the person's manager, so a hiring manager plans only for their own reports or for a new
    hire nobody manages yet; admins for anyone."""
    if user.has_role(Role.ADMIN):
        return True
    if person.id == user.id:
        return False
    return person.manager_id == user.id or (
        person.manager_id is None and person.has_role(Role.NEW_HIRE)
    )


def can_view_plan(user: User, plan: OnboardingPlan) -> bool:
    if user.id in (plan.new_hire_id, plan.manager_id, plan.buddy_id):
        return True
    return user.has_role(Role.ADMIN) or is_skip_level(user, plan)


def can_edit_plan(user: User, plan: OnboardingPlan) -> bool:
    """The plan is the manager's (admins may stand in)."""
    return user.id == plan.manager_id or user.has_role(Role.ADMIN)


def sees_interview_evidence(user: User, plan: OnboardingPlan) -> bool:
    """Interviewers' raw notes stay with the manager; the new hire sees the goal only."""
    return user.id == plan.manager_id or user.has_role(Role.ADMIN)


def can_record_actual(user: User, plan: OnboardingPlan) -> bool:
    """The manager (or an admin) and the new hire keep the goals' numbers up to date."""
    return can_edit_plan(user, plan) or user.id == plan.new_hire_id


def can_complete(user: User, item: PlanItem) -> bool:
    plan = item.plan
    if can_edit_plan(user, plan):
        return True
    if item.owner == ItemOwner.NEW_HIRE:
        return user.id == plan.new_hire_id
    if item.owner == ItemOwner.BUDDY:
        return user.id == plan.buddy_id
    return False


def owns_item(user: User, item: PlanItem) -> bool:
    """The item is the reader's to do: its owner (new hire, manager or buddy) is them. Homes
    offer "Mark done" on these only, though a manager may tick any item of their plan."""
    plan = item.plan
    owner_id = {
        ItemOwner.NEW_HIRE: plan.new_hire_id,
        ItemOwner.MANAGER: plan.manager_id,
        ItemOwner.BUDDY: plan.buddy_id,
    }[item.owner]
    return owner_id == user.id and can_complete(user, item)


def visible_items(user: User, plan: OnboardingPlan) -> list[PlanItem]:
    """A buddy who is neither manager nor new hire sees only the items assigned to them."""
    if user.id == plan.buddy_id and not can_edit_plan(user, plan) and user.id != plan.new_hire_id:
        return [i for i in plan.items if i.owner == ItemOwner.BUDDY]
    return list(plan.items)


def can_see_meetings(user: User, plan: OnboardingPlan) -> bool:
    """The plan's summary of the new hire's 1:1s and ride-alongs (kept in coaching) is for
    the manager and the new hire; a buddy or a skip-level reading the plan sees none of it."""
    return user.id in (plan.manager_id, plan.new_hire_id)


def can_rate_checkin(user: User, checkin: CheckIn) -> bool:
    """The manager and the new hire each rate a milestone; nobody else does."""
    return user.id in (checkin.plan.manager_id, checkin.plan.new_hire_id)


def can_sign_off(user: User, checkin: CheckIn) -> bool:
    """The manager signs a phase off."""
    return user.id == checkin.plan.manager_id


def can_rate_competencies(user: User, checkin: CheckIn) -> bool:
    """The manager rates competencies at a check-in the plan has reached (optional)."""
    return can_sign_off(user, checkin) and checkin.reached


def can_schedule_checkin(user: User, checkin: CheckIn) -> bool:
    """The manager books the milestone's meeting (it then shows in both calendars)."""
    return user.id == checkin.plan.manager_id


def can_score_certification(user: User, item: PlanItem) -> bool:
    """The manager (or an admin standing in) records a certification's score on its
    competency's anchors, naming who assessed it."""
    return (
        item.kind == ItemKind.CERTIFICATION
        and item.competency_key is not None
        and can_edit_plan(user, item.plan)
    )
