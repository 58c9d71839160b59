"""Support plan pages: opening a draft (from a check-in, a missed goal, or after documented
1:1s), the plan page with its expectations, start, acknowledgements, weekly check-ins and the
recorded end. Each view loads, authorises, validates a form and makes one service call."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import permissions, support_queries
from hiring.coaching.forms_support import (
    AcknowledgeForm,
    CheckInForm,
    DiscardForm,
    ExpectationForm,
    OutcomeForm,
    SupportPlanForm,
)
from hiring.coaching.models import SupportExpectation, SupportPlan
from hiring.coaching.services import support_plans
from hiring.coaching.views import bp
from hiring.db import db
from hiring.forms import VersionedForm
from hiring.permissions import bounded_int, require
from hiring.transaction import attempt


def _plan(plan_id: int, can: Any = permissions.can_view_support_plan) -> SupportPlan:
    return require(support_queries.load_plan(plan_id), can)


def _to_plan(plan_id: int, anchor: str | None = None) -> ResponseReturnValue:
    return redirect(url_for("coaching.support_plan", plan_id=plan_id, _anchor=anchor))


def _render(
    plan: SupportPlan, refused: FlaskForm | None = None, target: str = ""
) -> ResponseReturnValue:
    """The plan page; ``refused`` (named by ``target``) is shown again as typed."""
    today = timezones.today()
    forms: dict[str, FlaskForm] = {
        "details": SupportPlanForm.of(plan),
        "expectation": ExpectationForm(),
        "checkin": CheckInForm.for_plan(plan, today),
        "outcome": OutcomeForm(),
        "acknowledge": AcknowledgeForm(),
        "discard": DiscardForm(),
    }
    if refused is not None:
        forms[target] = refused
    return render_template(
        "coaching/support_plan.html",
        plan=plan,
        weeks=support_queries.weeks(plan, today),
        past_window=support_queries.past_window(plan, today),
        days_left=support_queries.days_left(plan, today),
        extension_opens=support_plans.extension_opens_on(plan),
        today=today,
        forms=forms,
        target=target,
        kinds=support_plans.SUPPORT_KINDS,
    ), (400 if refused is not None else 200)


@bp.route("/people/<int:user_id>/support-plans/new", methods=["GET", "POST"])
def new_support_plan(user_id: int) -> ResponseReturnValue:
    """A draft: diagnosis first, then the support and the window (``?checkin=``/``?goal=``
    names what offered it)."""
    # Like the coaching page: only someone with a manager has one to open.
    rep = db.session.get(User, user_id)
    rep = require(rep if rep is not None and permissions.is_rep(rep) else None)
    require(rep, permissions.can_open_support_plan)
    today = timezones.today()
    checkin_id = request.args.get("checkin", type=bounded_int)
    goal_id = request.args.get("goal", type=bounded_int)
    checkin = support_queries.trigger_checkin(rep, checkin_id) if checkin_id else None
    goal = support_queries.trigger_goal(rep, goal_id, today) if goal_id else None
    form = SupportPlanForm.blank(today)
    if form.validate_on_submit() and (
        done := attempt(
            lambda: support_plans.open_plan(
                rep, by=current_user, checkin=checkin, goal=goal, **form.values()
            ),
            form,
        )
    ):
        flash("Draft saved: now write 2 to 4 expectations, then start the plan.", "success")
        return _to_plan(done.value.id, "expectations")
    return render_template(
        "coaching/support_plan_new.html",
        rep=rep,
        form=form,
        checkin=checkin,
        goal=goal,
        kinds=support_plans.SUPPORT_KINDS,
    ), (400 if form.errors else 200)


@bp.route("/support-plans/<int:plan_id>")
def support_plan(plan_id: int) -> ResponseReturnValue:
    return _render(_plan(plan_id))


@bp.route("/support-plans/<int:plan_id>/edit", methods=["POST"])
def edit_support_plan(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    form = SupportPlanForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.update_draft(
            plan, by=current_user, version=form.expected_version(), **form.values()
        ),
        form,
    ):
        flash("Draft updated.", "success")
        return _to_plan(plan_id)
    return _render(plan, form, "details")


@bp.route("/support-plans/<int:plan_id>/expectations", methods=["POST"])
def add_support_expectation(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    form = ExpectationForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.add_expectation(plan, by=current_user, **form.values()), form
    ):
        return _to_plan(plan_id, "expectations")
    return _render(plan, form, "expectation")


@bp.route("/support-plans/<int:plan_id>/expectations/<int:expectation_id>/remove", methods=["POST"])
def remove_support_expectation(plan_id: int, expectation_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    expectation = next((e for e in plan.expectations if e.id == expectation_id), None)
    found: SupportExpectation = require(expectation)
    form = VersionedForm()
    if form.validate_on_submit():
        attempt(
            lambda: support_plans.remove_expectation(
                plan, found, by=current_user, version=form.expected_version()
            )
        )
    return _to_plan(plan_id, "expectations")


@bp.route("/support-plans/<int:plan_id>/start", methods=["POST"])
def start_support_plan(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    form = VersionedForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.start(
            plan, by=current_user, version=form.expected_version(), today=timezones.today()
        )
    ):
        flash(
            f"Started: HR is informed, and {plan.rep.first_name} sees the plan and is asked "
            "to acknowledge it.",
            "success",
        )
    return _to_plan(plan_id)


@bp.route("/support-plans/<int:plan_id>/move-to-today", methods=["POST"])
def move_support_plan_to_today(plan_id: int) -> ResponseReturnValue:
    """A draft whose first day has passed: its window moved to start today, same length."""
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    form = VersionedForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.move_window_to_today(
            plan, by=current_user, version=form.expected_version(), today=timezones.today()
        )
    ):
        flash(
            f"The window now runs {plan.starts_on:%d %b %Y} to {plan.ends_on:%d %b %Y}; "
            "the expectations' dates moved with it.",
            "success",
        )
    return _to_plan(plan_id)


@bp.route("/support-plans/<int:plan_id>/discard", methods=["POST"])
def discard_support_plan(plan_id: int) -> ResponseReturnValue:
    """The manager deletes a draft they will not start (after ticking to confirm)."""
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    rep_id = plan.rep_id
    form = DiscardForm()
    if not form.validate_on_submit():
        return _render(plan, form, "discard")
    # A refusal (started meanwhile, changed since) is flashed on the plan page.
    if attempt(
        lambda: support_plans.discard_draft(plan, by=current_user, version=form.expected_version())
    ):
        flash("Draft discarded: nothing of it was shared.", "success")
        return redirect(url_for("coaching.person", user_id=rep_id))
    return _to_plan(plan_id)


@bp.route("/support-plans/<int:plan_id>/acknowledge", methods=["POST"])
def acknowledge_support_plan(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_acknowledge_support_plan)
    form = AcknowledgeForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.acknowledge(plan, by=current_user, comment=form.comment.data or ""),
        form,
    ):
        flash("Acknowledged.", "success")
        return _to_plan(plan_id)
    return _render(plan, form, "acknowledge")


@bp.route("/support-plans/<int:plan_id>/checkins", methods=["POST"])
def support_checkin(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    today = timezones.today()
    form = CheckInForm.for_plan(plan, today)
    if form.validate_on_submit() and attempt(
        lambda: support_plans.add_checkin(
            plan,
            by=current_user,
            held_on=form.held_on.data,
            progress=form.progress_value,
            notes=form.notes.data or "",
            actuals=form.actuals(plan),
            today=today,
        ),
        form,
    ):
        flash("Check-in recorded.", "success")
        return _to_plan(plan_id, "checkins")
    return _render(plan, form, "checkin")


@bp.route("/support-plans/<int:plan_id>/outcome", methods=["POST"])
def support_outcome(plan_id: int) -> ResponseReturnValue:
    plan = _plan(plan_id, permissions.can_edit_support_plan)
    form = OutcomeForm()
    if form.validate_on_submit() and attempt(
        lambda: support_plans.record_outcome(
            plan, by=current_user, today=timezones.today(), **form.values()
        ),
        form,
    ):
        flash("Outcome recorded; HR is informed.", "success")
        return _to_plan(plan_id, "outcome")
    return _render(plan, form, "outcome")
