"""Running a plan's items and goals: ticking items off, recording actuals, and the manager's
edits (add, reschedule, remove items; add, remove, reword goals), each checked against the
version of the plan the page showed. Routes on the ``onboarding`` blueprint of ``views_common``."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import timezones
from hiring.auth.login import safe_next_url
from hiring.forms import ButtonForm, VersionedForm
from hiring.onboarding import forms, permissions
from hiring.onboarding.services import goals, items
from hiring.onboarding.views_common import (
    bp,
    load_goal,
    load_item,
    load_plan,
    render_plan,
    to_plan,
)
from hiring.permissions import require
from hiring.transaction import attempt


def _button_edit(
    plan_id: int,
    form: VersionedForm,
    change: Callable[[int], object],
    done: Callable[[], str],
    anchor: str,
) -> ResponseReturnValue:
    """A manager's small edit (remove, reschedule) from a button on the plan page: checked
    against the plan version the page showed; a refusal is flashed there (the edit has no
    form of its own to show again)."""
    if not form.validate_on_submit():
        flash(form.error_text(), "error")
    elif attempt(lambda: change(form.expected_version())):
        flash(done(), "success")
    return to_plan(plan_id, anchor)


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/done", methods=["POST"])
def complete(plan_id: int, item_id: int) -> ResponseReturnValue:
    """Tick an item off, from the plan page or a home's to-do list (whose form says so in
    ``back``); the outcome, or the refusal (an item that needs evidence), is flashed on the
    page the box was on."""
    item = require(load_item(load_plan(plan_id), item_id), permissions.can_complete)
    form = forms.CompleteItemForm()
    if form.validate_on_submit() and attempt(
        lambda: items.complete_item(
            item,
            by=current_user,
            note=form.note.data or "",
            evidence_url=form.evidence_url.data or "",
        ),
        form,
    ):
        flash(f"Done: {item.title}.", "success")
    else:
        flash(f"{item.title}: {form.error_text()}", "error")
    back = safe_next_url(form.back.data)
    return redirect(back) if back else to_plan(plan_id, f"item-{item_id}")


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/reopen", methods=["POST"])
def reopen(plan_id: int, item_id: int) -> ResponseReturnValue:
    item = require(load_item(load_plan(plan_id), item_id), permissions.can_complete)
    if ButtonForm().validate_on_submit():
        items.reopen_item(item, by=current_user)
        flash(f"Reopened: {item.title}.", "success")
    return to_plan(plan_id, f"item-{item_id}")


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/actuals", methods=["POST"])
def actual(plan_id: int, goal_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_record_actual)
    goal = load_goal(plan, goal_id)
    form = forms.ActualForm()
    if form.validate_on_submit() and attempt(
        lambda: goals.record_actual(
            goal,
            value=form.value.data,
            on=form.recorded_on.data,
            note=form.note.data or "",
            by=current_user,
        ),
        form,
    ):
        flash(f"Recorded {form.value.data:g} for “{goal.outcome}”.", "success")
        return to_plan(plan_id, f"goal-{goal_id}")
    return render_plan(plan, form, f"actual-{goal_id}")


@bp.route("/plans/<int:plan_id>/items", methods=["POST"])
def add_item(plan_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    form = forms.AddItemForm()
    if form.validate_on_submit() and (
        done := attempt(lambda: items.add_item(plan, actor=current_user, **form.values()), form)
    ):
        flash(
            f"Added “{done.value.title}”, due {timezones.short_day(done.value.due_date)}.",
            "success",
        )
        return to_plan(plan_id, "all-heading")
    return render_plan(plan, form, "add-item")


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/remove", methods=["POST"])
def remove_item(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    item = load_item(plan, item_id)
    return _button_edit(
        plan_id,
        forms.RemoveForm(),
        lambda version: items.remove_item(plan, item, expected_version=version, actor=current_user),
        lambda: f"Removed “{item.title}”.",
        "all-heading",
    )


@bp.route("/plans/<int:plan_id>/items/<int:item_id>/reschedule", methods=["POST"])
def reschedule_item(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    item, form = load_item(plan, item_id), forms.RescheduleItemForm()
    return _button_edit(
        plan_id,
        form,
        lambda version: items.reschedule_item(
            plan, item, due=form.due_date.data, expected_version=version, actor=current_user
        ),
        lambda: f"Moved “{item.title}” to {timezones.short_day(item.due_date)}.",
        f"item-{item_id}",
    )


@bp.route("/plans/<int:plan_id>/goals", methods=["POST"])
def add_goal(plan_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    form = forms.AddGoalForm()
    if form.validate_on_submit() and (
        done := attempt(lambda: goals.add_goal(plan, actor=current_user, **form.values()), form)
    ):
        flash(f"Added the goal “{done.value.outcome}”.", "success")
        return to_plan(plan_id, "goals-heading")
    return render_plan(plan, form, "add-goal")


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/remove", methods=["POST"])
def remove_goal(plan_id: int, goal_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    goal = load_goal(plan, goal_id)
    return _button_edit(
        plan_id,
        forms.RemoveForm(),
        lambda version: goals.remove_goal(plan, goal, expected_version=version, actor=current_user),
        lambda: f"Removed the goal “{goal.outcome}”.",
        "goals-heading",
    )


@bp.route("/plans/<int:plan_id>/goals/<int:goal_id>/wording", methods=["POST"])
def reword_goal(plan_id: int, goal_id: int) -> ResponseReturnValue:
    plan = load_plan(plan_id, permissions.can_edit_plan)
    goal, form = load_goal(plan, goal_id, development=True), forms.RewordGoalForm()
    if form.validate_on_submit() and attempt(
        lambda: goals.reword_development_goal(
            plan,
            goal,
            expected_version=form.expected_version(),
            outcome=form.outcome.data or "",
            actions=forms.lines(form.actions.data),
            actor=current_user,
        ),
        form,
    ):
        flash("Saved your wording of the development goal.", "success")
        return to_plan(plan_id, "dev-heading")
    return render_plan(plan, form, f"reword-{goal_id}")
