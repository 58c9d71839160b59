"""Candidates, their resumes, applications and the pipeline board."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.blueprints import BlueprintSetupState
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.datastructures import FileStorage
from werkzeug.wrappers import Response

from hiring.applications.models import Application
from hiring.auth.models import HIRING_TEAM, PANEL, RECRUITING
from hiring.candidates import forms, permissions, queries, services, uploads
from hiring.candidates.models import Candidate, Resume
from hiring.db import db, utcnow
from hiring.permissions import form_int, load_or_404, roles_required
from hiring.positions.models import Position

bp = Blueprint("candidates", __name__, url_prefix="/candidates")
#: Application pages live at /applications/<id>; the board at /positions/<id>/pipeline.
applications_bp = Blueprint("applications", __name__)


@bp.record_once
def _template_globals(state: BlueprintSetupState) -> None:
    # Templates (including other areas' partials) use the same predicates as the views.
    state.app.jinja_env.globals.update(
        stage_label=services.stage_label,
        current_stage=services.current_stage,
    )


def _version(form: FlaskForm) -> int:
    return form_int(form.version.data)  # a tampered value never matches: refused as stale


def _add_error(form: FlaskForm, name: str | None, message: str, default: str) -> None:
    field = getattr(form, name or default, None) or getattr(form, default)
    field.errors = [*field.errors, message]


# Candidates --------------------------------------------------------------------------------


@bp.route("/")
@roles_required(*HIRING_TEAM)
def index() -> ResponseReturnValue:
    q = request.args.get("q", "").strip()[:200]
    source = request.args.get("source", "")
    page = db.paginate(
        queries.candidate_list(current_user, q=q, source=source), per_page=25, max_per_page=100
    )
    return render_template(
        "candidates/index.html", page=page, q=q, source=source, sources=services.SOURCES
    )


def _candidate_values(form: forms.CandidateForm) -> dict[str, Any]:
    return {
        "name": form.name.data or "",
        "email": form.email.data or "",
        "phone": form.phone.data or "",
        "source": form.source.data or "",
        "links": form.links_list(),
        "notes": form.notes.data or "",
        "allow_duplicate": bool(form.create_anyway.data),
    }


def _uploaded(storage: FileStorage | None) -> uploads.ResumeFile | None:
    if storage is None or not storage.filename:
        return None
    return uploads.check_resume(storage.stream, storage.filename)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*RECRUITING)
def new() -> ResponseReturnValue:
    form = forms.NewCandidateForm()
    duplicates: list[Candidate] = []
    dropped_file = False
    status = 200
    if form.validate_on_submit():
        try:
            upload = _uploaded(form.resume.data)
            candidate = services.create_candidate(
                **_candidate_values(form), resume=upload, actor=current_user
            )
        except services.DuplicateCandidate as exc:
            duplicates = exc.existing
            dropped_file = form.resume.data is not None
            status = 409
        except uploads.UploadError as exc:
            _add_error(form, "resume", str(exc), "resume")
            status = 400
        except services.CandidateError as exc:
            _add_error(form, exc.field, str(exc), "name")
            status = 400
        else:
            db.session.commit()
            flash(f"Added {candidate.name}.", "success")
            return redirect(url_for("candidates.detail", candidate_id=candidate.id))
    elif request.method == "POST":
        status = 400
    return render_template(
        "candidates/new.html", form=form, duplicates=duplicates, dropped_file=dropped_file
    ), status


def _render_detail(
    candidate: Candidate,
    *,
    resume_form: forms.ResumeForm | None = None,
    apply_form: forms.ApplyForm | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    applications = [
        a
        for a in queries.candidate_applications(candidate)
        if permissions.can_manage_application(current_user, a)
    ]
    if apply_form is None:
        apply_form = forms.ApplyForm(formdata=None)
    if permissions.can_add_application(current_user, candidate):
        applied = {a.position_id for a in applications}
        apply_form.set_positions(queries.positions_to_apply(), applied)
    resumes = queries.resumes(candidate)
    resume_form = resume_form or forms.ResumeForm(formdata=None)
    if resumes:
        resume_form.resume.label.text = "Upload a new version"
    return render_template(
        "candidates/detail.html",
        candidate=candidate,
        resumes=resumes,
        applications=applications,
        resume_form=resume_form,
        apply_form=apply_form,
    ), status


@bp.route("/<int:candidate_id>")
@roles_required(*HIRING_TEAM)
def detail(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_view_candidate)
    return _render_detail(candidate)


def _edit_form(candidate: Candidate) -> forms.EditCandidateForm:
    form = forms.EditCandidateForm(formdata=None, obj=candidate)
    form.links.data = "\n".join(candidate.links or [])
    form.version.data = str(candidate.version)
    return form


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@roles_required(*RECRUITING)
def edit(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_edit_candidate)
    form = _edit_form(candidate) if request.method == "GET" else forms.EditCandidateForm()
    duplicates: list[Candidate] = []
    conflict: dict[str, Any] | None = None
    status = 200
    if form.validate_on_submit():
        yours = {
            "name": form.name.data,
            "email": form.email.data,
            "phone": form.phone.data,
            "source": form.source.data,
            "links": form.links.data,
            "notes": form.notes.data,
        }
        try:
            services.update_candidate(
                candidate,
                expected_version=_version(form),
                **_candidate_values(form),
                actor=current_user,
            )
            db.session.commit()
        except services.StaleEdit as exc:
            conflict = {"message": str(exc), "yours": yours}
        except StaleDataError:
            # Someone committed between our version check and our write.
            db.session.rollback()
            candidate = load_or_404(Candidate, candidate_id, permissions.can_edit_candidate)
            conflict = {"message": str(services.StaleEdit(candidate)), "yours": yours}
        except services.DuplicateCandidate as exc:
            duplicates = exc.existing
            status = 409
        except services.CandidateError as exc:
            _add_error(form, exc.field, str(exc), "name")
            status = 400
        else:
            flash(f"Saved changes to {candidate.name}.", "success")
            return redirect(url_for("candidates.detail", candidate_id=candidate.id))
        if conflict:
            form = _edit_form(candidate)
            status = 409
    elif request.method == "POST":
        status = 400
    return render_template(
        "candidates/edit.html",
        candidate=candidate,
        form=form,
        duplicates=duplicates,
        conflict=conflict,
    ), status


# Resumes -----------------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/resumes", methods=["POST"])
@roles_required(*RECRUITING)
def upload_resume(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_upload_resume)
    form = forms.ResumeForm()
    if form.validate_on_submit():
        try:
            upload = _uploaded(form.resume.data)
            if upload is None:
                raise uploads.UploadError("Choose a PDF or Word (.docx) file to upload.")
            stored = services.add_resume(candidate, upload, actor=current_user)
        except (uploads.UploadError, services.CandidateError) as exc:
            _add_error(form, "resume", str(exc), "resume")
        else:
            db.session.commit()
            flash(f"Uploaded {stored.filename}.", "success")
            return redirect(
                url_for("candidates.detail", candidate_id=candidate.id, _anchor="resumes")
            )
    return _render_detail(candidate, resume_form=form, status=400)


@bp.route("/<int:candidate_id>/resumes/<int:resume_id>")
@roles_required(*PANEL)
def resume(candidate_id: int, resume_id: int) -> ResponseReturnValue:
    """Always a download, never shown inline: the browser must not render uploaded content."""
    stored = load_or_404(Resume, resume_id)
    if stored.candidate_id != candidate_id:
        abort(404)
    if not permissions.can_download_resume(current_user, stored):
        abort(403)
    response = send_file(
        BytesIO(stored.data),
        mimetype=stored.content_type,
        as_attachment=True,
        download_name=stored.filename,
        etag=stored.sha256,
        last_modified=stored.uploaded_at,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response


# Applications ------------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/applications", methods=["POST"])
@roles_required(*RECRUITING)
def apply(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_add_application)
    form = forms.ApplyForm()
    form.set_positions(queries.positions_to_apply(), set())
    if form.validate_on_submit():
        position = db.session.get(Position, form.position_id.data)
        if position is None:  # the select only offers real positions
            abort(400)
        try:
            application = services.add_application(candidate, position, actor=current_user)
            db.session.commit()
        except services.ApplicationError as exc:
            db.session.rollback()
            _add_error(form, "position_id", str(exc), "position_id")
        except IntegrityError:
            # Someone added the same application at the same moment.
            db.session.rollback()
            _add_error(
                form,
                "position_id",
                f"{candidate.name} has already applied to {position.title}.",
                "position_id",
            )
        else:
            flash(f"Added {candidate.name} to {position.title}.", "success")
            return redirect(url_for("applications.detail", application_id=application.id))
    candidate = load_or_404(Candidate, candidate_id, permissions.can_add_application)
    return _render_detail(candidate, apply_form=form, status=400)


def _action_forms(
    application: Application, overrides: dict[str, FlaskForm] | None = None
) -> dict[str, FlaskForm]:
    version = str(application.version)
    move = forms.MoveForm(formdata=None)
    move.set_stages(services.stage_names(application.position))
    move.stage.data = forms.NEW_STEP if application.stage_index is None else application.stage_index
    built: dict[str, FlaskForm] = {
        "move": move,
        "hold": forms.HoldForm(formdata=None),
        "reactivate": forms.ReactivateForm(formdata=None),
        "reject": forms.RejectForm(formdata=None),
        "withdraw": forms.WithdrawForm(formdata=None),
    }
    for form in built.values():
        form.version.data = version
    for key, form in (overrides or {}).items():
        form.version.data = version
        built[key] = form
    return built


def _render_application(
    application: Application,
    overrides: dict[str, FlaskForm] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    can_manage = permissions.can_manage_application(current_user, application)
    return render_template(
        "applications/detail.html",
        application=application,
        candidate=application.candidate,
        position=application.position,
        stage_names=services.stage_names(application.position),
        events=queries.application_events(application),
        resumes=queries.resumes(application.candidate),
        can_manage=can_manage,
        forms=_action_forms(application, overrides) if can_manage else {},
        open_form=next(iter(overrides or {}), None),
    ), status


@applications_bp.route("/applications/<int:application_id>", endpoint="detail")
@roles_required(*PANEL)
def application_detail(application_id: int) -> ResponseReturnValue:
    application = load_or_404(Application, application_id, permissions.can_view_application)
    return _render_application(application)


def _back(application: Application) -> Response:
    if request.form.get("return_to") == "pipeline":
        return redirect(
            url_for(
                "applications.pipeline",
                position_id=application.position_id,
                _anchor=f"application-{application.id}",
            )
        )
    return redirect(url_for("applications.detail", application_id=application.id))


def _act(
    application_id: int,
    key: str,
    form: FlaskForm,
    change: Any,
) -> ResponseReturnValue:
    """Run one application action: authorise, validate, apply, commit, redirect back."""
    application = load_or_404(Application, application_id, permissions.can_manage_application)
    if not form.validate_on_submit():
        return _render_application(application, {key: form}, status=400)
    try:
        message = change(application, form)
        db.session.commit()
    except (services.StaleApplication, StaleDataError) as exc:
        db.session.rollback()
        flash(
            str(exc)
            if isinstance(exc, services.StaleApplication)
            else "Someone else changed this application at the same moment, so nothing was "
            "changed. Check its current stage and status, then try again.",
            "warning",
        )
    except services.ApplicationError as exc:
        db.session.rollback()
        if exc.field and hasattr(form, exc.field):
            application = load_or_404(Application, application_id)
            _add_error(form, exc.field, str(exc), exc.field)
            return _render_application(application, {key: form}, status=400)
        flash(str(exc), "error")
    else:
        flash(message, "success")
    return _back(application)


@applications_bp.route("/applications/<int:application_id>/move", methods=["POST"])
@roles_required(*HIRING_TEAM)
def move(application_id: int) -> ResponseReturnValue:
    """Move to a chosen stage, or one step with ``direction=next|previous`` (board buttons)."""
    direction = request.form.get("direction")
    if direction in ("next", "previous"):

        def step(application: Application, form: forms.StepForm) -> str:
            services.step_application(
                application,
                1 if direction == "next" else -1,
                expected_version=_version(form),
                actor=current_user,
            )
            return f"Moved {application.candidate.name} to {services.current_stage(application)}."

        return _act(application_id, "move", forms.StepForm(), step)

    application = load_or_404(Application, application_id, permissions.can_manage_application)
    form = forms.MoveForm()
    form.set_stages(services.stage_names(application.position))

    def to_stage(application: Application, form: forms.MoveForm) -> str:
        target = None if form.stage.data == forms.NEW_STEP else form.stage.data
        services.move_application(
            application, target, expected_version=_version(form), actor=current_user
        )
        return f"Moved {application.candidate.name} to {services.current_stage(application)}."

    return _act(application_id, "move", form, to_stage)


@applications_bp.route("/applications/<int:application_id>/hold", methods=["POST"])
@roles_required(*HIRING_TEAM)
def hold(application_id: int) -> ResponseReturnValue:
    def change(application: Application, form: forms.HoldForm) -> str:
        services.put_on_hold(
            application,
            reason=form.reason.data or "",
            expected_version=_version(form),
            actor=current_user,
        )
        return f"{application.candidate.name}'s application is on hold."

    return _act(application_id, "hold", forms.HoldForm(), change)


@applications_bp.route("/applications/<int:application_id>/reactivate", methods=["POST"])
@roles_required(*HIRING_TEAM)
def reactivate(application_id: int) -> ResponseReturnValue:
    def change(application: Application, form: forms.ReactivateForm) -> str:
        services.reactivate(application, expected_version=_version(form), actor=current_user)
        return (
            f"{application.candidate.name}'s application is active again, "
            f"at {services.current_stage(application)}."
        )

    return _act(application_id, "reactivate", forms.ReactivateForm(), change)


@applications_bp.route("/applications/<int:application_id>/reject", methods=["POST"])
@roles_required(*HIRING_TEAM)
def reject(application_id: int) -> ResponseReturnValue:
    def change(application: Application, form: forms.RejectForm) -> str:
        services.reject(
            application,
            reason=form.reason.data or "",
            expected_version=_version(form),
            actor=current_user,
        )
        return f"Rejected {application.candidate.name}."

    return _act(application_id, "reject", forms.RejectForm(), change)


@applications_bp.route("/applications/<int:application_id>/withdraw", methods=["POST"])
@roles_required(*HIRING_TEAM)
def withdraw(application_id: int) -> ResponseReturnValue:
    def change(application: Application, form: forms.WithdrawForm) -> str:
        services.withdraw(
            application,
            reason=form.reason.data or "",
            expected_version=_version(form),
            actor=current_user,
        )
        return f"Recorded that {application.candidate.name} withdrew."

    return _act(application_id, "withdraw", forms.WithdrawForm(), change)


# The pipeline board ------------------------------------------------------------------------


@applications_bp.route("/positions/<int:position_id>/pipeline")
@roles_required(*HIRING_TEAM)
def pipeline(position_id: int) -> ResponseReturnValue:
    position = load_or_404(Position, position_id, permissions.can_view_pipeline)
    board = queries.pipeline(position, now=utcnow())
    return render_template("applications/pipeline.html", position=position, board=board)
