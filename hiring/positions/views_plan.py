"""A position's interview plan: the editor with its coverage, each edit, and the stage kit.

Every edit is one form (with the plan's version) and one ``plans.edit_plan`` call through
``attempt``: a refusal, a stale version or a colliding edit is flashed, and the page shows the
latest plan again.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TypeVar

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from werkzeug.wrappers import Response

from hiring.auth.models import HIRING_TEAM, PEOPLE_MANAGERS, Role, User
from hiring.domain import Conflict
from hiring.forms import ButtonForm, VersionedForm
from hiring.permissions import require, roles_required
from hiring.positions import permissions, plan_edits, plans, queries
from hiring.positions.blueprint import bp
from hiring.positions.forms import (
    AddQuestionForm,
    AddStageForm,
    MoveForm,
    PlanItemForm,
    StageForm,
)
from hiring.positions.models import PlanStage, Position
from hiring.positions.qualification_check import Gap, Unqualified
from hiring.transaction import Outcome, attempt

T = TypeVar("T")


def _editable(position_id: int) -> Position:
    return require(queries.load_position(position_id), permissions.can_edit_plan)


def _stage_form(stage: PlanStage, position: Position, people: list[User]) -> StageForm:
    form = StageForm(prefix=f"stage{stage.id}", formdata=None, obj=stage)
    form.fill(stage)
    form.set_choices(position, people)
    return form


def _render_plan(
    position: Position,
    overrides: dict[int, StageForm] | None = None,
    status: int = 200,
    gaps: dict[int, list[Gap]] | None = None,
) -> ResponseReturnValue:
    """The plan page; ``overrides`` are stage forms as typed, ``gaps`` who on a refused stage
    is not qualified for its must-haves (shown with that stage's form)."""
    revision = require(position.current_plan)
    plan = require(queries.load_plan(revision.id))
    people = queries.interviewer_choices()
    links = position.role_profile.competency_links
    add_form = AddStageForm(formdata=None)
    add_form.version.data = str(plan.version)
    return render_template(
        "positions/plan.html",
        position=position,
        plan=plan,
        coverage=plans.plan_coverage(position, plan),
        stage_forms={
            stage.id: (overrides or {}).get(stage.id) or _stage_form(stage, position, people)
            for stage in plan.stages
        },
        add_form=add_form,
        bank=queries.question_bank([link.competency.key for link in links]),
        names={link.competency.key: link.competency.name for link in links},
        gaps=gaps or {},
    ), status


def _edit(
    position: Position,
    form: VersionedForm,
    change: Callable[[plans.PlanEdit], T],
    stale_message: str = plans.PLAN_CHANGED,
    *,
    errors_on_form: bool = False,
) -> Outcome[plans.Edited[T]]:
    """Run one plan change through ``attempt``; flash its notice. A refusal is flashed, or
    with ``errors_on_form`` shown on ``form`` (beside the field it names, else atop it)."""
    done = attempt(
        lambda: plans.edit_plan(
            position,
            change,
            expected_version=form.expected_version(),
            actor=current_user,
            stale_message=stale_message,
        ),
        form if errors_on_form else None,
    )
    if done and done.value.notice:
        flash(done.value.notice, "warning")
    return done


def _one_button(
    position_id: int,
    form: VersionedForm,
    change: Callable[[plans.PlanEdit], object],
    message: str | None = None,
    anchor: str = "",
) -> Response:
    """A one-button edit (move, remove, add a question): apply it, then back to the plan."""
    position = _editable(position_id)
    if not form.validate_on_submit():
        flash(form.error_text(), "error")
    elif _edit(position, form, change) and message:
        flash(message, "success")
    return redirect(url_for("positions.plan", position_id=position.id, _anchor=anchor))


@bp.route("/<int:position_id>/plan")
@roles_required(*HIRING_TEAM)
def plan(position_id: int) -> ResponseReturnValue:
    return _render_plan(require(queries.load_position(position_id), permissions.can_view_plan))


@bp.route("/<int:position_id>/plan/stages", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def add_stage(position_id: int) -> ResponseReturnValue:
    position = _editable(position_id)
    form = AddStageForm()
    if not form.validate_on_submit():
        flash(form.error_text(), "error")
        return redirect(url_for("positions.plan", position_id=position.id, _anchor="add-stage"))
    if done := _edit(position, form, lambda edit: plan_edits.add_stage(edit, **form.values())):
        stage = done.value.value
        flash(f"Added {stage.name}. Choose its focus competencies and questions.", "success")
    return redirect(url_for("positions.plan", position_id=position.id))


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def update_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    position = _editable(position_id)
    form = StageForm(prefix=f"stage{stage_id}")
    form.set_choices(position, queries.interviewer_choices())
    if not form.validate_on_submit():
        return _render_plan(position, {stage_id: form}, status=400)
    change = partial(plan_edits.update_stage, stage_id=stage_id, **form.values())
    done = _edit(position, form, change, plans.STAGE_NOT_SAVED, errors_on_form=True)
    if not done:  # what was typed stays on screen, beside the latest plan
        form.version.data = str(require(position.current_plan).version)
        found = done.error.gaps if isinstance(done.error, Unqualified) else []
        status = 409 if _conflict(done.error) else 400
        return _render_plan(position, {stage_id: form}, status, {stage_id: found})
    flash(f"Saved {done.value.value.name}.", "success")
    return redirect(url_for("positions.plan", position_id=position.id, _anchor=f"stage-{stage_id}"))


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/clear-flag", methods=["POST"])
@roles_required(Role.ADMIN)
def clear_stage_flag(position_id: int, stage_id: int) -> ResponseReturnValue:
    """An admin accepts instructions their author kept against the lint (audited)."""
    position = require(queries.load_position(position_id), permissions.can_view_plan)
    if ButtonForm().validate_on_submit() and attempt(
        lambda: plan_edits.clear_stage_flag(position, stage_id, actor=current_user)
    ):
        flash("Flag cleared: the instructions stay, and the review is in the audit log.", "success")
    return redirect(url_for("positions.plan", position_id=position.id, _anchor=f"stage-{stage_id}"))


def _conflict(error: object) -> bool:
    return isinstance(error, Conflict)


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/remove", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def remove_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    form = PlanItemForm()
    return _one_button(
        position_id, form, lambda edit: plan_edits.remove_stage(edit, stage_id), "Stage removed."
    )


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/move", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def move_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    form = MoveForm()
    return _one_button(
        position_id,
        form,
        lambda edit: plan_edits.move_stage(edit, stage_id, form.step()),
        anchor=f"stage-{stage_id}",
    )


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/questions", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def add_question(position_id: int, stage_id: int) -> ResponseReturnValue:
    form = AddQuestionForm()
    return _one_button(
        position_id,
        form,
        lambda edit: plan_edits.add_question(edit, stage_id, form.question_id.data or 0),
        "Question added.",
        f"stage-{stage_id}",
    )


@bp.route("/<int:position_id>/plan/questions/<int:item_id>/remove", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def remove_question(position_id: int, item_id: int) -> ResponseReturnValue:
    form = PlanItemForm()
    return _one_button(
        position_id,
        form,
        lambda edit: plan_edits.remove_question(edit, item_id),
        "Question removed.",
        form.anchor.data or "",
    )


@bp.route("/<int:position_id>/plan/questions/<int:item_id>/move", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def move_question(position_id: int, item_id: int) -> ResponseReturnValue:
    form = MoveForm()
    return _one_button(
        position_id,
        form,
        lambda edit: plan_edits.move_question(edit, item_id, form.step()),
        anchor=form.anchor.data or "",
    )


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/kit")
def kit(position_id: int, stage_id: int) -> ResponseReturnValue:
    """What an interviewer holds for one stage, on any revision of the plan."""
    position, stage = require(
        queries.load_stage(position_id, stage_id),
        lambda user, found: permissions.can_view_kit(user, *found),
    )
    return render_template("positions/kit.html", **queries.kit_context(position, stage))
