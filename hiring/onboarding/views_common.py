"""What every onboarding page shares: the two blueprints, loading a plan (and an item, goal or
check-in of it) with its permission check, and rendering the plan page again with a refused
form exactly as it was typed, with the new hire's coaching (1:1s and ride-alongs live there).
The routes live in ``views`` and ``views_edits``."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from hiring import calendar
from hiring.coaching import plan_summary
from hiring.debriefs.models import Decision
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding import permissions, queries
from hiring.onboarding.models import PHASE_DAYS, CheckIn, Goal, OnboardingPlan, PlanItem
from hiring.onboarding.services import certifications
from hiring.permissions import require

bp = Blueprint("onboarding", __name__, url_prefix="/onboarding")
#: /calendar/<token>.ics lives outside /onboarding (a calendar app subscribes to it).
calendar_bp = Blueprint("calendar", __name__)


def load_plan(
    plan_id: int, can: permissions.PlanRule = permissions.can_view_plan
) -> OnboardingPlan:
    return require(queries.load_plan(plan_id), can)


def load_hire_decision(decision_id: int | None) -> Decision | None:
    """The hire decision a new plan starts from (404 unless current and a hire; 403 unless
    the signed-in user may plan from it), or None when the page is not about one."""
    if not decision_id:
        return None
    return require(queries.hire_decision(decision_id), permissions.can_plan_from_decision)


def load_item(plan: OnboardingPlan, item_id: int) -> PlanItem:
    return require(next((i for i in plan.items if i.id == item_id), None))


def load_goal(plan: OnboardingPlan, goal_id: int, *, development: bool = False) -> Goal:
    found = (g for g in plan.goals if g.id == goal_id and (g.is_development or not development))
    return require(next(found, None))


def load_checkin(plan: OnboardingPlan, milestone: int) -> CheckIn:
    return require(next((c for c in plan.checkins if c.milestone == milestone), None))


def to_plan(plan_id: int, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=anchor or None))


#: A stand-in item id routed once per page; each item's URL replaces it with its own id.
_ITEM_SLOT = str(2**31 - 1)
#: The per-item actions the plan page links (a form each): their endpoints' last part.
ITEM_ACTIONS = ("complete", "reopen", "remove_item", "reschedule_item")


class ItemUrls:
    """The URLs of one plan's per-item forms, each endpoint routed once per page: routing
    every one of them for every item (38 items, up to four forms each) was a tenth of the
    page's time. ``item_url('complete', item.id)`` equals ``url_for('onboarding.complete',
    plan_id=..., item_id=item.id)``."""

    def __init__(self, plan_id: int) -> None:
        self._parts = {
            action: url_for(f"onboarding.{action}", plan_id=plan_id, item_id=_ITEM_SLOT)
            # The item id comes after the plan's in every one of these URLs.
            .rpartition(_ITEM_SLOT)
            for action in ITEM_ACTIONS
        }

    def __call__(self, action: str, item_id: int) -> str:
        head, _, tail = self._parts[action]
        return f"{head}{item_id}{tail}"


def render_plan(
    plan: OnboardingPlan, refused: FlaskForm | None = None, target: str = ""
) -> ResponseReturnValue:
    """The plan page; ``refused`` is the form (named by ``target``) to show again as typed.

    Each of the page's forms posts to its URL with a fragment naming the element around it,
    so a refused page opens at that form, its section open, with the message beside the field.
    """
    summary = queries.PlanSummary(plan)
    items = permissions.visible_items(current_user, plan)
    zone = queries.plan_time_zone(plan)
    return render_template(
        "onboarding/plan.html",
        plan=plan,
        summary=summary,
        items=items,
        overdue=summary.overdue_in(items),
        this_week=summary.this_week_in(items),
        phases=plan.phases,
        phase_days=PHASE_DAYS,
        today=summary.today,
        **coaching_context(plan),
        time_zone=zone,
        zone_keep=queries.plan_time_zones(plan) | {zone},
        closed=calendar.holidays(),
        owners=list(ItemOwner),
        item_url=ItemUrls(plan.id),
        refused=refused,
        target=target,
        competencies={c.key: c for c in certifications.plan_competencies(plan)},
        assessors=certifications.assessors(plan)
        if permissions.can_edit_plan(current_user, plan)
        else [],
    ), (400 if refused is not None else 200)


#: Plan items a coaching 1:1 or ride-along ticks off when it is held.
COACHED_KINDS = (ItemKind.ONE_ON_ONE, ItemKind.RIDE_ALONG)


def coaching_context(plan: OnboardingPlan) -> dict[str, object]:
    """The plan page's hand-over to coaching, for the manager and the new hire only (a buddy
    gets neither): ``coaching``, the new hire's next and last held 1:1s and ride-alongs, and
    ``item_records``, the coaching record behind each 1:1 or ride-along item ticked off."""
    if not permissions.can_see_meetings(current_user, plan):
        return {"coaching": None, "item_records": {}}
    ticked = [i.id for i in plan.items if i.done and i.kind in COACHED_KINDS]
    return {
        "coaching": plan_summary.summary(plan.new_hire_id),
        "item_records": plan_summary.records_by_item(ticked),
    }
