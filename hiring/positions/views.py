"""Openings, their interview plans (editor and coverage) and the interview kit per stage."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from hiring.auth.models import HIRING_TEAM, Role, User
from hiring.db import db
from hiring.library.models import Question, RoleProfile
from hiring.library.schema import StageKind
from hiring.permissions import bounded_int, form_int, roles_required
from hiring.positions import permissions, queries, services
from hiring.positions.forms import AddStageForm, PositionForm, StageForm
from hiring.positions.models import PlanStage, Position, PositionStatus

bp = Blueprint("positions", __name__, url_prefix="/positions")


def _position(position_id: int, can: Callable[[User, Position], bool]) -> Position:
    position = queries.load_position(position_id)
    if position is None:
        abort(404)
    if not can(current_user, position):
        abort(403)
    return position


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


@bp.route("/")
@roles_required(*HIRING_TEAM)
def index() -> ResponseReturnValue:
    status = request.args.get("status", "")
    q = request.args.get("q", "").strip()[:200]
    page = db.paginate(queries.position_list(current_user, status=status, q=q), per_page=25)
    return render_template(
        "positions/index.html", page=page, status=status, q=q, statuses=list(PositionStatus)
    )


def _position_form(form: PositionForm) -> None:
    form.set_choices(
        queries.current_role_profiles(),
        services.users_with_role(Role.HIRING_MANAGER),
        services.users_with_role(Role.RECRUITER),
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def new() -> ResponseReturnValue:
    form = PositionForm()
    _position_form(form)
    if request.method == "GET":
        if current_user.has_role(Role.HIRING_MANAGER):
            form.hiring_manager_id.data = current_user.id
        if current_user.has_role(Role.RECRUITER):
            form.recruiter_id.data = current_user.id
        wanted = request.args.get("role")
        for option in queries.current_role_profiles():
            if option.key == wanted:
                form.role_profile_id.data = option.id
    if form.validate_on_submit():
        profile = db.session.get(RoleProfile, form.role_profile_id.data)
        manager = _user(form.hiring_manager_id.data)
        if profile is None or manager is None:  # the selects only offer real ones
            abort(400)
        try:
            position = services.create_position(
                title=form.title.data or "",
                team=form.team.data or "",
                location=form.location.data or "",
                role_profile=profile,
                hiring_manager=manager,
                recruiter=_user(form.recruiter_id.data),
                headcount=form.headcount.data or 1,
                status=PositionStatus(form.status.data),
                actor=current_user,
            )
        except services.PlanError as exc:
            field = getattr(form, exc.field or "title")
            field.errors = [*field.errors, str(exc)]
        else:
            db.session.commit()
            flash(
                f"Opened {position.title} with the {profile.name} plan. Review it below.", "success"
            )
            return redirect(url_for("positions.plan", position_id=position.id))
    return render_template("positions/new.html", form=form)


@bp.route("/<int:position_id>")
@roles_required(*HIRING_TEAM)
def detail(position_id: int) -> ResponseReturnValue:
    position = _position(position_id, permissions.can_view_position)
    revision = position.current_plan
    plan = queries.load_plan(revision.id) if revision else None
    return render_template(
        "positions/detail.html",
        position=position,
        plan=plan,
        coverage=services.plan_coverage(position, plan) if plan else None,
    )


@bp.route("/<int:position_id>/edit", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def edit(position_id: int) -> ResponseReturnValue:
    position = _position(position_id, permissions.can_edit_position)
    form = PositionForm(obj=position) if request.method == "GET" else PositionForm()
    _position_form(form)
    del form.role_profile_id  # the profile version is pinned when the position is opened
    if request.method == "GET":
        form.recruiter_id.data = position.recruiter_id or 0
        form.status.data = position.status.value
        form.version.data = str(position.version)
    status = 200
    if form.validate_on_submit():
        manager = _user(form.hiring_manager_id.data)
        assert manager is not None
        try:
            services.update_position(
                position,
                expected_version=form_int(form.version.data),
                title=form.title.data or "",
                team=form.team.data or "",
                location=form.location.data or "",
                hiring_manager=manager,
                recruiter=_user(form.recruiter_id.data),
                headcount=form.headcount.data or 1,
                status=PositionStatus(form.status.data),
                actor=current_user,
            )
            db.session.commit()
        except (services.StaleEdit, StaleDataError):
            db.session.rollback()
            # Keep what was typed: the form shows it against the latest saved version.
            flash(
                "Someone else changed this position since you opened it, so your change was not "
                f"saved. It is now titled “{position.title}”, managed by "
                f"{position.hiring_manager.name}, and {position.status.label.lower()}. Your "
                "entries are still below: save again to apply them over the latest version.",
                "warning",
            )
            form.version.data = str(position.version)
            status = 409
        except services.PlanError as exc:
            field = getattr(form, exc.field or "title")
            field.errors = [*field.errors, str(exc)]
            status = 400
        else:
            flash("Saved.", "success")
            return redirect(url_for("positions.detail", position_id=position.id))
    return render_template("positions/edit.html", form=form, position=position), status


# The plan ----------------------------------------------------------------------------------


def _stage_form(stage: PlanStage, position: Position, people: list[User]) -> StageForm:
    form = StageForm(prefix=f"stage{stage.id}", formdata=None, obj=stage)
    form.kind.data = stage.kind.value
    form.focus.data = [f.competency_id for f in stage.focus]
    form.interviewers.data = [i.user_id for i in stage.interviewers]
    _stage_choices(form, position, people)
    return form


def _stage_choices(form: StageForm, position: Position, people: list[User]) -> None:
    from wtforms import SelectChoice

    form.focus.choices = [
        SelectChoice(link.competency_id, link.competency.name + (" ★" if link.must_have else ""))
        for link in position.role_profile.competency_links
    ]
    form.interviewers.choices = [SelectChoice(u.id, u.name) for u in people]


def _render_plan(
    position: Position, overrides: dict[int, StageForm] | None = None, status: int = 200
) -> ResponseReturnValue:
    revision = position.current_plan
    if revision is None:
        abort(404)
    plan = queries.load_plan(revision.id)
    assert plan is not None
    people = queries.interviewer_choices()
    keys = [link.competency.key for link in position.role_profile.competency_links]
    stage_forms = {
        stage.id: (overrides or {}).get(stage.id) or _stage_form(stage, position, people)
        for stage in plan.stages
    }
    add_form = AddStageForm(formdata=None)
    add_form.version.data = str(plan.version)
    return render_template(
        "positions/plan.html",
        position=position,
        plan=plan,
        coverage=services.plan_coverage(position, plan),
        can_edit=permissions.can_edit_plan(current_user, position),
        stage_forms=stage_forms,
        add_form=add_form,
        bank=queries.question_bank(keys),
        names={
            link.competency.key: link.competency.name
            for link in position.role_profile.competency_links
        },
    ), status


@bp.route("/<int:position_id>/plan")
@roles_required(*HIRING_TEAM)
def plan(position_id: int) -> ResponseReturnValue:
    return _render_plan(_position(position_id, permissions.can_view_plan))


def _apply(
    position_id: int,
    change: Callable[[services.PlanEdit], str | None],
    anchor: str = "",
    expected_version: int | None = None,
) -> Response:
    """Run one plan change: authorise, check the version, apply, commit, redirect back."""
    position = _position(position_id, permissions.can_edit_plan)
    if expected_version is None:
        expected_version = request.form.get("version", 0, type=bounded_int)
    try:
        edit = services.PlanEdit(position, expected_version=expected_version, actor=current_user)
        message = change(edit)
        db.session.commit()
    except services.StaleEdit as exc:
        db.session.rollback()
        flash(str(exc), "warning")
    except (StaleDataError, IntegrityError):
        # A concurrent edit moved the plan's version, or (on a plan in use) started the same
        # new revision number first: either way ours is rolled back whole.
        db.session.rollback()
        flash(
            "Someone else changed the plan at the same moment, so your change was not applied. "
            "The page now shows the latest plan; make your change again.",
            "warning",
        )
    except services.PlanError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    else:
        if edit.new_revision:
            flash(
                f"Interviews already used revision {edit.source.number}, so this change starts "
                f"revision {edit.revision.number} for future interviews only. Candidates for one "
                "opening should all get the same questions: change a plan in use only when you "
                "must.",
                "warning",
            )
        if message:
            flash(message, "success")
    return redirect(url_for("positions.plan", position_id=position_id, _anchor=anchor))


def _direction() -> int:
    return -1 if request.form.get("direction") == "up" else 1


@bp.route("/<int:position_id>/plan/stages", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def add_stage(position_id: int) -> ResponseReturnValue:
    form = AddStageForm()
    if not form.validate():
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
        return redirect(url_for("positions.plan", position_id=position_id, _anchor="add-stage"))
    kind = StageKind(form.kind.data)

    def change(edit: services.PlanEdit) -> str:
        stage = services.add_stage(
            edit,
            name=form.name.data or "",
            kind=kind,
            duration_minutes=form.duration_minutes.data or 45,
        )
        return f"Added {stage.name}. Choose its focus competencies and questions."

    return _apply(position_id, change)


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def update_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    position = _position(position_id, permissions.can_edit_plan)
    form = StageForm(prefix=f"stage{stage_id}")
    people = queries.interviewer_choices()
    _stage_choices(form, position, people)
    if not form.validate():
        return _render_plan(position, {stage_id: form}, status=400)
    current = position.current_plan
    if current is None or current.version != form_int(form.version.data):
        # Keep what the person typed on screen beside the latest plan.
        flash(
            "The plan changed since you opened it, so this stage was not saved. Your entries are "
            "still in the form below; check them against the latest plan and save again.",
            "warning",
        )
        if current is not None:
            form.version.data = str(current.version)
        return _render_plan(position, {stage_id: form}, status=409)
    focus = queries.competencies_by_id(list(form.focus.data or []))
    interviewers = queries.active_users(list(form.interviewers.data or []))

    def change(edit: services.PlanEdit) -> str:
        stage = services.update_stage(
            edit,
            stage_id,
            name=form.name.data or "",
            kind=StageKind(form.kind.data),
            duration_minutes=form.duration_minutes.data or 45,
            instructions=form.instructions.data or "",
            focus=focus,
            interviewers=interviewers,
        )
        return f"Saved {stage.name}."

    return _apply(
        position_id,
        change,
        anchor=f"stage-{stage_id}",
        expected_version=form_int(form.version.data),
    )


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def remove_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    def change(edit: services.PlanEdit) -> str:
        services.remove_stage(edit, stage_id)
        return "Stage removed."

    return _apply(position_id, change)


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/move", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def move_stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    def change(edit: services.PlanEdit) -> None:
        services.move_stage(edit, stage_id, _direction())

    return _apply(position_id, change, anchor=f"stage-{stage_id}")


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/questions", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def add_question(position_id: int, stage_id: int) -> ResponseReturnValue:
    question = db.session.get(Question, request.form.get("question_id", 0, type=bounded_int))

    def change(edit: services.PlanEdit) -> str:
        if question is None:
            raise services.PlanError("Choose a question to add.")
        services.add_question(edit, stage_id, question)
        return "Question added."

    return _apply(position_id, change, anchor=f"stage-{stage_id}")


@bp.route("/<int:position_id>/plan/questions/<int:item_id>/remove", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def remove_question(position_id: int, item_id: int) -> ResponseReturnValue:
    def change(edit: services.PlanEdit) -> str:
        services.remove_question(edit, item_id)
        return "Question removed."

    return _apply(position_id, change, anchor=request.form.get("anchor", ""))


@bp.route("/<int:position_id>/plan/questions/<int:item_id>/move", methods=["POST"])
@roles_required(Role.ADMIN, Role.HIRING_MANAGER)
def move_question(position_id: int, item_id: int) -> ResponseReturnValue:
    def change(edit: services.PlanEdit) -> None:
        services.move_question(edit, item_id, _direction())

    return _apply(position_id, change, anchor=request.form.get("anchor", ""))


@bp.route("/<int:position_id>/plan/stages/<int:stage_id>/kit")
def kit(position_id: int, stage_id: int) -> ResponseReturnValue:
    """What an interviewer holds for one stage, on any revision of the plan."""
    position = queries.load_position(position_id)
    stage = db.session.get(PlanStage, stage_id)
    if position is None or stage is None or stage.revision.position_id != position.id:
        abort(404)
    if not permissions.can_view_kit(current_user, position, stage):
        abort(403)
    return render_template("positions/kit.html", **queries.kit_context(position, stage))
