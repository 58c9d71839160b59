"""Onboarding plans: a manager's team, a new hire's own plan, and creating a plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from hiring.auth.models import PEOPLE_MANAGERS, Role, User
from hiring.calendar import start_date_problem
from hiring.db import db
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.domain import DomainError
from hiring.library.models import RoleProfile
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding import permissions, queries, services
from hiring.onboarding.development import development_goals
from hiring.onboarding.forms import ActualForm, CompleteItemForm, NewPlanForm, StartDateForm
from hiring.onboarding.models import (
    PHASE_LABELS,
    Goal,
    MeetingKind,
    OnboardingPlan,
    PlanItem,
    Progress,
)
from hiring.permissions import bounded_int, form_int, public, roles_required

bp = Blueprint("onboarding", __name__, url_prefix="/onboarding")
#: /calendar/<token>.ics lives outside /onboarding (a calendar app subscribes to it).
calendar_bp = Blueprint("calendar", __name__)


def _plan(plan_id: int) -> OnboardingPlan:
    plan = queries.load_plan(plan_id)
    if plan is None:
        abort(404)
    if not permissions.can_view_plan(current_user, plan):
        abort(403)
    return plan


@bp.route("/")
def index() -> ResponseReturnValue:
    own, managed = queries.plans_for(current_user)
    if not own and not managed and not current_user.has_role(*PEOPLE_MANAGERS, Role.NEW_HIRE):
        abort(403)  # onboarding is for new hires, buddies and managers
    awaiting = (
        queries.hires_awaiting_plan(current_user) if current_user.has_role(*PEOPLE_MANAGERS) else []
    )
    return render_template(
        "onboarding/index.html", own=own, managed=managed, awaiting=awaiting, phases=PHASE_LABELS
    )


def _people() -> list[User]:
    return list(db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name)))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def new() -> ResponseReturnValue:
    decision = None
    if decision_id := request.args.get("decision", type=bounded_int):
        decision = db.session.get(Decision, decision_id)
        if decision is None or decision.outcome != DecisionOutcome.HIRE or not decision.current:
            abort(404)
        if not (
            current_user.has_role(Role.ADMIN)
            or current_user.id
            in (decision.manager_id, decision.application.position.hiring_manager_id)
        ):
            abort(403)
    form = NewPlanForm(formdata=request.form if request.method == "POST" else request.args or None)
    people = _people()
    profiles = list(
        db.session.scalars(
            select(RoleProfile).where(RoleProfile.current.is_(True)).order_by(RoleProfile.name)
        )
    )
    form.new_hire_id.choices = [SelectChoice(0, "Choose a person")] + [
        SelectChoice(u.id, f"{u.name} ({u.email})")
        for u in people
        if permissions.can_plan_for(current_user, u)
    ]
    # Outside a hire decision a hiring manager plans as the manager; admins may name anyone.
    owners = people if decision or current_user.has_role(Role.ADMIN) else [current_user]
    form.manager_id.choices = [SelectChoice(u.id, u.name) for u in owners]
    form.buddy_id.choices = [SelectChoice(0, "No buddy")] + [
        SelectChoice(u.id, u.name) for u in people
    ]
    form.role_profile_id.choices = [SelectChoice(p.id, p.label) for p in profiles]
    if decision is not None:
        pinned = decision.application.position.role_profile
        form.role_profile_id.data = pinned.id
        if not form.title.data:
            form.title.data = f"{decision.application.candidate.name}: {pinned.name} 30/60/90"
        if not form.start_date.data:
            form.start_date.data = decision.start_date
        if not form.manager_id.data:
            form.manager_id.data = decision.manager_id or current_user.id
    elif not form.manager_id.data:
        form.manager_id.data = current_user.id
    profile = next((p for p in profiles if p.id == form.role_profile_id.data), None) or (
        profiles[0] if profiles else None
    )
    start = form.start_date.data
    if start is not None and (problem := start_date_problem(start, queries.today())):
        form.start_date.errors = [problem]
        start = None
    preview = services.preview(profile.onboarding_template, start) if profile and start else []
    development: list[Goal] = (
        development_goals(decision.application_id, start) if decision is not None and start else []
    )
    if request.method == "POST" and profile is not None and form.validate():
        manager = db.session.get(User, form.manager_id.data)
        buddy = db.session.get(User, form.buddy_id.data) if form.buddy_id.data else None
        try:
            chosen = (
                services.new_hire_account(decision, actor=current_user)
                if decision is not None
                else db.session.get(User, form.new_hire_id.data or 0)
            )
            if chosen is None:
                raise services.OnboardingError("Choose the new hire.", field="new_hire_id")
            assert manager is not None
            plan = services.create_plan(
                new_hire=chosen,
                manager=manager,
                buddy=buddy,
                start=form.start_date.data,
                template=profile.onboarding_template,
                template_source=f"{profile.key} v{profile.version}",
                title=form.title.data or "30/60/90-day plan",
                actor=current_user,
                application_id=decision.application_id if decision else None,
                development=development,
            )
        except services.OnboardingError as exc:
            db.session.rollback()
            field = getattr(form, exc.field or "title")
            field.errors = [*field.errors, str(exc)]
        except DomainError as exc:
            db.session.rollback()
            form.new_hire_id.errors = [*form.new_hire_id.errors, str(exc)]
        else:
            db.session.commit()
            from hiring.mail.services import deliver_pending

            deliver_pending()
            flash(f"Created the plan for {plan.new_hire.name}: {len(plan.items)} items.", "success")
            return redirect(url_for("onboarding.plan", plan_id=plan.id))
    return render_template(
        "onboarding/new.html",
        form=form,
        decision=decision,
        profile=profile,
        preview=preview,
        development=development,
        phases=PHASE_LABELS,
    )


@bp.route("/plans/<int:plan_id>")
def plan(plan_id: int) -> ResponseReturnValue:
    return _render_plan(_plan(plan_id))


def _render_plan(
    item: OnboardingPlan, *, status: int = 200, meeting: dict[str, str] | None = None
) -> ResponseReturnValue:
    """The plan page; ``meeting`` holds a 1:1 or ride-along form's entries to show again."""
    summary = queries.PlanSummary(item)
    return render_template(
        "onboarding/plan.html",
        plan=item,
        summary=summary,
        items=permissions.visible_items(current_user, item),
        can_edit=permissions.can_edit_plan(current_user, item),
        sees_evidence=permissions.sees_interview_evidence(current_user, item),
        phases=PHASE_LABELS,
        today=queries.today(),
        week_end=queries.today() + timedelta(days=6),
        complete_form=CompleteItemForm(formdata=None),
        actual_form=ActualForm(formdata=None, recorded_on=queries.today()),
        start_form=StartDateForm(formdata=None, start_date=item.start_date),
        sees_meetings=permissions.can_see_meetings(current_user, item),
        carried_forward=services.open_action_items(item),
        meeting=meeting or {},
    ), status


def _item(plan: OnboardingPlan, item_id: int) -> PlanItem:
    found = next((i for i in plan.items if i.id == item_id), None)
    if found is None:
        abort(404)
    return found


def _goal(plan: OnboardingPlan, goal_id: int) -> Goal:
    found = next((g for g in plan.goals if g.id == goal_id), None)
    if found is None:
        abort(404)
    return found


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/done", methods=["POST"])
def complete(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    item = _item(plan, item_id)
    if not permissions.can_complete(current_user, item):
        abort(403)
    form = CompleteItemForm()
    try:
        services.complete_item(
            item,
            by=current_user,
            note=form.note.data or "",
            evidence_url=form.evidence_url.data or "",
        )
    except services.OnboardingError as exc:
        db.session.rollback()
        flash(f"{item.title}: {exc}", "error")
    else:
        db.session.commit()
        flash(f"Done: {item.title}.", "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=f"item-{item_id}"))


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/reopen", methods=["POST"])
def reopen(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    item = _item(plan, item_id)
    if not permissions.can_complete(current_user, item):
        abort(403)
    services.reopen_item(item, by=current_user)
    db.session.commit()
    flash(f"Reopened: {item.title}.", "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=f"item-{item_id}"))


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/actuals", methods=["POST"])
def actual(plan_id: int, goal_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    goal = _goal(plan, goal_id)
    if not (permissions.can_edit_plan(current_user, plan) or current_user.id == plan.new_hire_id):
        abort(403)
    form = ActualForm()
    if form.validate():
        services.record_actual(
            goal,
            value=form.value.data or 0.0,
            on=form.recorded_on.data,
            note=form.note.data or "",
            by=current_user,
        )
        db.session.commit()
        flash(f"Recorded {form.value.data:g} for “{goal.outcome}”.", "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=f"goal-{goal_id}"))


@bp.route("/plans/<int:plan_id>/start", methods=["POST"])
def move_start(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    if not permissions.can_edit_plan(current_user, plan):
        abort(403)
    form = StartDateForm()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("onboarding.plan", plan_id=plan_id))
    try:
        moved = services.move_start(
            plan,
            form.start_date.data,
            expected_version=request.form.get("version", 0, type=bounded_int),
            actor=current_user,
        )
        db.session.commit()
    except (services.OnboardingError, StaleDataError) as exc:
        db.session.rollback()
        message = (
            str(exc)
            if isinstance(exc, services.OnboardingError)
            else ("The plan changed at the same moment; review it and move the start date again.")
        )
        flash(message, "warning")
    else:
        flash(
            f"Moved the start to {form.start_date.data:%d %b %Y}; {moved} open items shifted.",
            "success",
        )
    return redirect(url_for("onboarding.plan", plan_id=plan_id))


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/rate", methods=["POST"])
def rate_checkin(plan_id: int, milestone: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    checkin = next((c for c in plan.checkins if c.milestone == milestone), None)
    if checkin is None:
        abort(404)
    if current_user.id not in (plan.manager_id, plan.new_hire_id):
        abort(403)
    raw = request.form.get("rating", "")
    if raw not in {p.value for p in Progress}:
        flash("Choose on track, at risk or off track.", "error")
    else:
        try:
            services.rate_checkin(
                checkin,
                by=current_user,
                rating=Progress(raw),
                comment=request.form.get("comment", "")[:4000],
            )
        except services.OnboardingError as exc:
            db.session.rollback()
            flash(str(exc), "error")
        else:
            db.session.commit()
            flash(f"Your day-{milestone} rating is saved.", "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=f"checkin-{milestone}"))


@bp.route("/plans/<int:plan_id>/checkins/<int:milestone>/signoff", methods=["POST"])
def sign_off(plan_id: int, milestone: int) -> ResponseReturnValue:
    plan = _plan(plan_id)
    checkin = next((c for c in plan.checkins if c.milestone == milestone), None)
    if checkin is None:
        abort(404)
    if current_user.id != plan.manager_id:
        abort(403)
    try:
        services.sign_off(checkin, by=current_user)
    except services.OnboardingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(f"Signed off the {checkin.phase_label} phase.", "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=f"checkin-{milestone}"))


@bp.route("/calendar", methods=["POST"])
def calendar_token() -> ResponseReturnValue:
    """Create (or replace) or revoke the signed-in user's secret calendar feed address."""
    from hiring.onboarding import feed

    user: User = current_user._get_current_object()
    if request.form.get("action") == "revoke":
        feed.revoke_token(user)
        message = "Calendar feed turned off; the old address no longer works."
    else:
        feed.rotate_token(user)
        message = "New calendar feed address created; any old one stopped working."
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("auth.account", _anchor="calendar"))


@calendar_bp.route("/calendar/<token>.ics")
@public
def feed(token: str) -> ResponseReturnValue:
    """The personal feed; the secret token in the address is the only credential."""
    from hiring.onboarding import feed as feeds

    user = (
        db.session.scalar(
            select(User).where(User.calendar_token == token[:64], User.active.is_(True))
        )
        if token
        else None
    )
    if user is None:
        abort(404)
    body = feeds.feed(
        user, lambda plan_id: url_for("onboarding.plan", plan_id=plan_id, _external=True)
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'inline; filename="onboarding.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


@bp.route("/plans/<int:plan_id>/meetings", methods=["POST"])
def record_meeting(plan_id: int) -> ResponseReturnValue:
    """Record a 1:1 or a ride-along (private to the manager and the new hire)."""
    plan = _plan(plan_id)
    if not permissions.can_see_meetings(current_user, plan):
        abort(403)
    form = request.form
    kind_value = form.get("kind", "")
    if kind_value not in {k.value for k in MeetingKind}:
        abort(400)
    kind = MeetingKind(kind_value)
    if kind == MeetingKind.RIDE_ALONG and current_user.id != plan.manager_id:
        abort(403)  # the manager rides along and writes the debrief
    try:
        held_on = date.fromisoformat(form.get("held_on", ""))
    except ValueError:
        flash("Give the date it happened, like 2026-12-01.", "error")
        return _render_plan(plan, status=400, meeting=form.to_dict())
    try:
        services.record_meeting(
            plan,
            kind=kind,
            held_on=held_on,
            by=current_user,
            agenda=form.get("agenda", "")[:10000],
            notes=form.get("notes", "")[:20000],
            action_items=form.get("action_items", "")[:10000].splitlines(),
            pre_call_plan=form.get("pre_call_plan", "")[:10000],
            observations=form.get("observations", "")[:20000],
            focus_points=form.get("focus_points", "")[:4000],
            agreed_action=form.get("agreed_action", "")[:4000],
        )
    except services.OnboardingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        # Keep every word typed: show the page again with the form filled in.
        return _render_plan(_plan(plan_id), status=400, meeting=form.to_dict())
    db.session.commit()
    flash(f"{kind.label} recorded.", "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor="meetings"))


def _edit(
    plan_id: int, change: Callable[[OnboardingPlan, int], str], anchor: str = ""
) -> ResponseReturnValue:
    """Run one manager edit with the plan's version check; conflicts apply nothing."""
    plan = _plan(plan_id)
    if not permissions.can_edit_plan(current_user, plan):
        abort(403)
    try:
        message = change(plan, form_int(request.form.get("version")))
        db.session.commit()
    except services.PlanConflict as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    except StaleDataError:
        db.session.rollback()
        flash(
            "Someone changed the plan at the same moment; your change was not applied.", "warning"
        )
    except services.OnboardingError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        flash(message, "success")
    return redirect(url_for("onboarding.plan", plan_id=plan_id, _anchor=anchor))


def _date(field: str) -> date:
    try:
        return date.fromisoformat(request.form.get(field, ""))
    except ValueError as exc:
        raise services.OnboardingError("Give a date like 2027-01-31.", field=field) from exc


@bp.route("/plans/<int:plan_id>/items", methods=["POST"])
def add_item(plan_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        kind, owner = request.form.get("kind", ""), request.form.get("owner", "")
        if kind not in {k.value for k in ItemKind} or owner not in {o.value for o in ItemOwner}:
            raise services.OnboardingError("Choose the kind of item and who owns it.")
        item = services.add_item(
            plan,
            expected_version=version,
            title=request.form.get("title", "")[:200],
            description=request.form.get("description", "")[:2000],
            kind=ItemKind(kind),
            owner=ItemOwner(owner),
            due=_date("due_date"),
            evidence_required=request.form.get("evidence_required") == "y",
            actor=current_user,
        )
        return f"Added “{item.title}”, due {item.due_date:%d %b}."

    return _edit(plan_id, change, anchor="all-heading")


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/remove", methods=["POST"])
def remove_item(plan_id: int, item_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        item = _item(plan, item_id)
        services.remove_item(plan, item, expected_version=version, actor=current_user)
        return f"Removed “{item.title}”."

    return _edit(plan_id, change, anchor="all-heading")


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/reschedule", methods=["POST"])
def reschedule_item(plan_id: int, item_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        item = _item(plan, item_id)
        services.reschedule_item(
            plan, item, due=_date("due_date"), expected_version=version, actor=current_user
        )
        return f"Moved “{item.title}” to {item.due_date:%d %b}."

    return _edit(plan_id, change, anchor=f"item-{item_id}")


@bp.route("/plans/<int:plan_id>/goals", methods=["POST"])
def add_goal(plan_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        try:
            target = float(request.form.get("target", ""))
        except ValueError as exc:
            raise services.OnboardingError("The target is a number.", field="target") from exc
        goal = services.add_goal(
            plan,
            expected_version=version,
            outcome=request.form.get("outcome", ""),
            metric=request.form.get("metric", ""),
            target=target,
            unit=request.form.get("unit", ""),
            due=_date("due_date"),
            actor=current_user,
        )
        return f"Added the goal “{goal.outcome}”."

    return _edit(plan_id, change, anchor="goals-heading")


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/remove", methods=["POST"])
def remove_goal(plan_id: int, goal_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        goal = _goal(plan, goal_id)
        services.remove_goal(plan, goal, expected_version=version, actor=current_user)
        return f"Removed the goal “{goal.outcome}”."

    return _edit(plan_id, change, anchor="goals-heading")


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/wording", methods=["POST"])
def reword_goal(plan_id: int, goal_id: int) -> ResponseReturnValue:
    def change(plan: OnboardingPlan, version: int) -> str:
        goal = next((g for g in plan.goals if g.id == goal_id and g.is_development), None)
        if goal is None:
            abort(404)
        services.reword_development_goal(
            plan,
            goal,
            expected_version=version,
            outcome=request.form.get("outcome", ""),
            actions=request.form.get("actions", "")[:5000].splitlines(),
            actor=current_user,
        )
        return "Saved your wording of the development goal."

    return _edit(plan_id, change, anchor="dev-heading")
