"""Candidate pages: the list, adding and editing people, their resumes, adding them to positions.

A candidate page shows the candidate's applications and the form to add one, so this view
module reads ``hiring.applications`` (views are the outer layer); the candidates domain itself
never does. Application pages are ``hiring.applications.views``.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.applications import forms as application_forms
from hiring.applications import permissions as application_permissions
from hiring.applications import queries as application_queries
from hiring.applications import services as application_services
from hiring.auth.models import HIRING_TEAM, PANEL, RECRUITING
from hiring.candidates import forms, permissions, queries, services
from hiring.candidates.models import Candidate, Resume
from hiring.db import db
from hiring.domain import Conflict
from hiring.interviews.permissions import can_download_resume
from hiring.pagination import paginate
from hiring.permissions import load_or_404, require, roles_required
from hiring.positions import queries as position_queries
from hiring.positions.models import Position
from hiring.transaction import Outcome, attempt

bp = Blueprint("candidates", __name__, url_prefix="/candidates")


@bp.route("/")
@roles_required(*HIRING_TEAM)
def index() -> ResponseReturnValue:
    filters = forms.CandidateFilterForm(request.args)
    filters.validate()
    q, source = filters.search(), filters.source.data or ""
    page = paginate(application_queries.candidate_list(current_user, q=q, source=source))
    shown = (a.position_id for candidate in page.items for a in candidate.applications)
    return render_template(
        "candidates/index.html",
        page=page,
        stage_names=position_queries.current_stage_names(shown),
        q=q,
        source=source,
        sources=services.SOURCES,
        filters=filters,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*RECRUITING)
def new() -> ResponseReturnValue:
    form = forms.NewCandidateForm()
    done = form.validate_on_submit() and attempt(
        lambda: services.create_candidate(**form.values(), resume=form.upload, actor=current_user),
        form,
    )
    if done:
        flash(f"Added {done.value.name}.", "success")
        return redirect(url_for("candidates.detail", candidate_id=done.value.id))
    duplicates = _duplicates(form, done)
    return render_template(
        "candidates/new.html",
        form=form,
        duplicates=duplicates,
        dropped_file=bool(duplicates) and form.resume.data is not None,
    ), (409 if duplicates else 400 if form.is_submitted() else 200)


def _duplicates(form: forms.CandidateForm, done: Outcome[Any] | bool) -> list[Candidate]:
    """The candidates a refused save found with the same e-mail: listed in their own panel
    (which asks to confirm), so their message is not repeated above the form."""
    error = done.error if isinstance(done, Outcome) else None
    if not isinstance(error, services.DuplicateCandidate):
        return []
    form.form_errors = [m for m in form.form_errors if m != error.message]
    return error.existing


def _render_detail(
    candidate: Candidate,
    *,
    resume_form: forms.ResumeForm | None = None,
    apply_form: application_forms.ApplyForm | None = None,
) -> ResponseReturnValue:
    applications = [
        a
        for a in application_queries.candidate_applications(candidate)
        if application_permissions.can_manage_application(current_user, a)
    ]
    posted = apply_form is not None or resume_form is not None
    apply_form = apply_form or application_forms.ApplyForm(formdata=None)
    if permissions.can_add_application(current_user, candidate):
        applied = {a.position_id for a in applications}
        apply_form.set_positions(application_queries.positions_to_apply(), applied)
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
    ), (400 if posted else 200)


@bp.route("/<int:candidate_id>")
@roles_required(*HIRING_TEAM)
def detail(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_view_candidate)
    return _render_detail(candidate)


@bp.route("/<int:candidate_id>/edit", methods=["GET", "POST"])
@roles_required(*RECRUITING)
def edit(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_edit_candidate)
    posted = request.method == "POST"
    form = forms.EditCandidateForm() if posted else forms.EditCandidateForm.of(candidate)
    done = form.validate_on_submit() and attempt(
        lambda: services.update_candidate(
            candidate, expected_version=form.expected_version(), **form.values(), actor=current_user
        ),
        form,
    )
    if done:
        flash(f"Saved changes to {candidate.name}.", "success")
        return redirect(url_for("candidates.detail", candidate_id=candidate.id))
    conflict = _conflict(candidate, form, done)
    duplicates = _duplicates(form, done)
    return render_template(
        "candidates/edit.html",
        candidate=candidate,
        form=forms.EditCandidateForm.of(candidate) if conflict else form,
        duplicates=duplicates,
        conflict=conflict,
    ), (409 if conflict or duplicates else 400 if posted else 200)


def _conflict(
    candidate: Candidate, form: forms.EditCandidateForm, done: Outcome[Any] | bool
) -> dict[str, Any] | None:
    """After a stale save the form shows the saved values, and what was typed beside them."""
    if not (isinstance(done, Outcome) and isinstance(done.error, Conflict)):
        return None
    typed = ("name", "email", "phone", "source", "links", "notes")
    return {"message": services.edit_conflict(candidate), "yours": {k: form[k].data for k in typed}}


# Resumes -----------------------------------------------------------------------------------


@bp.route("/<int:candidate_id>/resumes", methods=["POST"])
@roles_required(*RECRUITING)
def upload_resume(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_upload_resume)
    form = forms.ResumeForm()
    if form.validate_on_submit() and (
        done := attempt(
            lambda: services.add_resume(candidate, form.checked_file(), actor=current_user), form
        )
    ):
        flash(f"Uploaded {done.value.filename}.", "success")
        return redirect(url_for("candidates.detail", candidate_id=candidate.id, _anchor="resumes"))
    return _render_detail(candidate, resume_form=form)


@bp.route("/<int:candidate_id>/resumes/<int:resume_id>")
@roles_required(*PANEL)
def resume(candidate_id: int, resume_id: int) -> ResponseReturnValue:
    """Always a download, never shown inline: the browser must not render uploaded content."""
    stored = load_or_404(Resume, resume_id)
    if stored.candidate_id != candidate_id:
        abort(404)
    require(stored, can_download_resume)
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


# Adding to a position ----------------------------------------------------------------------


@bp.route("/<int:candidate_id>/applications", methods=["POST"])
@roles_required(*RECRUITING)
def apply(candidate_id: int) -> ResponseReturnValue:
    candidate = load_or_404(Candidate, candidate_id, permissions.can_add_application)
    form = application_forms.ApplyForm()
    form.set_positions(application_queries.positions_to_apply(), set())
    if (
        form.validate_on_submit()
        # the select only offers real positions, so this finds one
        and (position := db.session.get(Position, form.position_id.data)) is not None
        and (
            done := attempt(
                lambda: application_services.add_application(
                    candidate, position, actor=current_user
                ),
                form,
            )
        )
    ):
        flash(f"Added {candidate.name} to {position.title}.", "success")
        return redirect(url_for("applications.detail", application_id=done.value.id))
    return _render_detail(candidate, apply_form=form)
