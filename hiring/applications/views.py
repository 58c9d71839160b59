"""Application pages (/applications/<id>, its actions) and the pipeline board.

Every action has one shape: load and authorise, validate its form, run ONE state-machine
service through ``attempt``, then go back. A refusal about a field re-shows the page with the
form open (400); any other refusal (stale version, a status that forbids it) is flashed on
the page the person came from.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from hiring.applications import board, forms, permissions, queries, services
from hiring.applications.models import Application
from hiring.applications.stages import current_stage, stage_label, stage_names
from hiring.auth.models import HIRING_TEAM, PANEL
from hiring.candidates import queries as candidate_queries
from hiring.db import utcnow
from hiring.domain import DomainError
from hiring.interviews.permissions import can_view_application
from hiring.pagination import paginate_rows
from hiring.permissions import load_or_404, require, roles_required
from hiring.positions.models import Position
from hiring.transaction import attempt, show_error

#: Application pages live at /applications/<id>; the board at /positions/<id>/pipeline.
bp = Blueprint("applications", __name__)


@bp.record_once
def _template_globals(state: BlueprintSetupState) -> None:
    # Stage names read the same on every page (including other areas' partials and packets).
    state.app.jinja_env.globals.update(stage_label=stage_label, current_stage=current_stage)


def _action_forms(
    application: Application, names: list[str], key: str | None, posted: FlaskForm | None
) -> dict[str, FlaskForm]:
    move = forms.MoveForm(formdata=None)
    move.set_stages(names)
    move.stage.data = forms.NEW_STEP if application.stage_index is None else application.stage_index
    built: dict[str, FlaskForm] = {
        "move": move,
        "reactivate": forms.ReactivateForm(formdata=None),
        **{action: forms.ReasonForm.build(action, blank=True) for action in forms.REASON_LABELS},
    }
    if key is not None and posted is not None:
        built[key] = posted
    for form in built.values():
        form.version.data = str(application.version)
    return built


def _render(
    application: Application, key: str | None = None, posted: FlaskForm | None = None
) -> ResponseReturnValue:
    """The page; it offers each action its reader may take now (``permissions.can_take``)."""
    names = stage_names(application.position)
    return render_template(
        "applications/detail.html",
        application=application,
        candidate=application.candidate,
        position=application.position,
        stage_names=names,
        events=queries.application_events(application),
        resumes=candidate_queries.resumes(application.candidate),
        forms=_action_forms(application, names, key, posted),
        open_form=key,
    ), (400 if posted is not None else 200)


def _back(application: Application, form: forms.ActionForm) -> Response:
    if form.return_to.data == "pipeline":
        return redirect(
            url_for(
                "applications.pipeline",
                position_id=application.position_id,
                _anchor=f"application-{application.id}",
            )
        )
    return redirect(url_for("applications.detail", application_id=application.id))


def _refused(
    application: Application, key: str, form: forms.ActionForm, error: DomainError | None = None
) -> ResponseReturnValue:
    """A field to correct: the page again with the form open. Anything else: say it, go back."""
    if error is None or any(field.errors for field in form):
        return _render(application, key, form)
    show_error(error)
    return _back(application, form)


def _managed(application_id: int) -> Application:
    return load_or_404(Application, application_id, permissions.can_manage_application)


@bp.route("/applications/<int:application_id>")
@roles_required(*PANEL)
def detail(application_id: int) -> ResponseReturnValue:
    return _render(require(queries.load_application(application_id), can_view_application))


@bp.route("/applications/<int:application_id>/move", methods=["POST"])
@roles_required(*HIRING_TEAM)
def move(application_id: int) -> ResponseReturnValue:
    """Move to a chosen stage, or one step with ``direction=next|previous`` (board buttons)."""
    application = _managed(application_id)
    form = forms.MoveForm()
    form.set_stages(stage_names(application.position))
    if not form.validate_on_submit():
        return _refused(application, "move", form)
    change = (
        partial(services.step_application, application, form.step())
        if form.step()
        else partial(services.move_application, application, form.target())
    )
    if done := attempt(
        lambda: change(expected_version=form.expected_version(), actor=current_user), form
    ):
        flash(f"Moved {application.candidate.name} to {current_stage(application)}.", "success")
        return _back(application, form)
    return _refused(application, "move", form, done.error)


#: Closing steps that take a reason: the service, and what the person is told after it.
_WITH_REASON: dict[str, tuple[Callable[..., object], str]] = {
    "hold": (services.put_on_hold, "{name}'s application is on hold."),
    "reject": (services.reject, "Rejected {name}."),
    "withdraw": (services.withdraw, "Recorded that {name} withdrew."),
}


def _with_reason(application_id: int, action: str) -> ResponseReturnValue:
    """Hold, reject or withdraw: one form (the reason), one service call, one message."""
    application, form = _managed(application_id), forms.ReasonForm.build(action)
    if not form.validate_on_submit():
        return _refused(application, action, form)
    change, message = _WITH_REASON[action]
    if done := attempt(
        lambda: change(
            application,
            reason=form.text(),
            expected_version=form.expected_version(),
            actor=current_user,
        ),
        form,
    ):
        flash(message.format(name=application.candidate.name), "success")
        return _back(application, form)
    return _refused(application, action, form, done.error)


@bp.route("/applications/<int:application_id>/hold", methods=["POST"])
@roles_required(*HIRING_TEAM)
def hold(application_id: int) -> ResponseReturnValue:
    return _with_reason(application_id, "hold")


@bp.route("/applications/<int:application_id>/reject", methods=["POST"])
@roles_required(*HIRING_TEAM)
def reject(application_id: int) -> ResponseReturnValue:
    return _with_reason(application_id, "reject")


@bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@roles_required(*HIRING_TEAM)
def withdraw(application_id: int) -> ResponseReturnValue:
    return _with_reason(application_id, "withdraw")


@bp.route("/applications/<int:application_id>/reactivate", methods=["POST"])
@roles_required(*HIRING_TEAM)
def reactivate(application_id: int) -> ResponseReturnValue:
    application, form = _managed(application_id), forms.ReactivateForm()
    if not form.validate_on_submit():
        return _refused(application, "reactivate", form)
    if done := attempt(
        lambda: services.reactivate(
            application, expected_version=form.expected_version(), actor=current_user
        ),
        form,
    ):
        flash(
            f"{application.candidate.name}'s application is active again, "
            f"at {current_stage(application)}.",
            "success",
        )
        return _back(application, form)
    return _refused(application, "reactivate", form, done.error)


@bp.route("/positions/<int:position_id>/pipeline")
@roles_required(*HIRING_TEAM)
def pipeline(position_id: int) -> ResponseReturnValue:
    position = load_or_404(Position, position_id, permissions.can_view_pipeline)
    return render_template(
        "applications/pipeline.html",
        position=position,
        board=board.pipeline(position, now=utcnow()),
    )


#: What each column's own page is called, besides a stage's name.
_COLUMN_TITLES = {board.NEW: "New", board.STRAY: "Not in the current plan"}


@bp.route("/positions/<int:position_id>/pipeline/<column>")
@roles_required(*HIRING_TEAM)
def pipeline_column(position_id: int, column: str) -> ResponseReturnValue:
    """One column of the board in full, a page at a time (the board's "Show all" link)."""
    position = load_or_404(Position, position_id, permissions.can_view_pipeline)
    names = stage_names(position)
    key = board.column_key(column, len(names))
    if key is None:
        abort(404)
    page = paginate_rows(board.column_page(position, key, now=utcnow()))
    return render_template(
        "applications/column.html",
        position=position,
        title=_COLUMN_TITLES.get(key) or ("Closed" if key == board.CLOSED else names[key]),
        key=key,
        closed=key == board.CLOSED,
        page=page,
        stage_names=names,
    )
