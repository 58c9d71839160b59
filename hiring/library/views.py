"""Browse and search the library; add custom competencies, questions and reference answers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select

from hiring.auth.login import safe_next_url
from hiring.auth.models import PANEL, PEOPLE_MANAGERS, Role
from hiring.db import db
from hiring.forms import ButtonForm
from hiring.library import authoring, flags, lint, permissions, queries, reference_answers
from hiring.library.forms import CompetencyForm, QuestionForm, ReferenceAnswerForm
from hiring.library.models import Competency, Question
from hiring.permissions import bounded_int, load_or_404, roles_required
from hiring.transaction import attempt

bp = Blueprint("library", __name__, url_prefix="/library")


def _competency_or_404(key: str, version: int | None = None) -> Competency:
    query = select(Competency).where(Competency.key == key)
    query = (
        query.where(Competency.version == version)
        if version
        else query.order_by(Competency.current.desc(), Competency.version.desc())
    )
    competency = db.session.scalars(query.limit(1)).first()
    if competency is None:
        abort(404)
    return competency


@bp.route("/")
@roles_required(*PANEL)
def index() -> ResponseReturnValue:
    q = request.args.get("q", "").strip()[:200]
    role = request.args.get("role", "").strip()
    return render_template(
        "library/index.html", index=queries.library_index(q, role), q=q, role=role
    )


@bp.route("/competencies/<key>")
@roles_required(*PANEL)
def competency(key: str) -> ResponseReturnValue:
    version = request.args.get("version", type=bounded_int)
    item = _competency_or_404(key, version)
    return render_template(
        "library/competency.html",
        competency=item,
        questions=queries.bank_for(key),
        roles=queries.roles_using(key),
        versions=queries.competency_versions(key),
        references=queries.reference_answer_counts(key),
    )


@bp.route("/roles/<key>")
@roles_required(*PANEL)
def role(key: str) -> ResponseReturnValue:
    profile = queries.current_role(key)
    if profile is None:
        abort(404)
    question_ids = [qid for stage in profile.default_plan for qid in stage["question_ids"]]
    return render_template(
        "library/role.html",
        role=profile,
        questions=queries.questions_by_id(question_ids),
        names={link.competency.key: link.competency.name for link in profile.competency_links},
    )


@bp.route("/competencies/new", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def new_competency() -> ResponseReturnValue:
    form = CompetencyForm()
    if form.validate_on_submit() and (
        done := attempt(
            lambda: authoring.create_custom_competency(**form.content(), actor=current_user), form
        )
    ):
        flash(f"Added {done.value.name}. Now add at least three questions to its bank.", "success")
        return redirect(url_for("library.competency", key=done.value.key))
    return render_template("library/new_competency.html", form=form)


@bp.route("/competencies/<key>/questions/new", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def new_question(key: str) -> ResponseReturnValue:
    item = _competency_or_404(key)
    form = QuestionForm()
    next_url = safe_next_url(request.args.get("next"))
    if form.validate_on_submit() and attempt(
        lambda: authoring.create_custom_question(item, **form.content(), actor=current_user), form
    ):
        flash(
            "Question added to the bank." + (" Add it to the stage below." if next_url else ""),
            "success",
        )
        return redirect(next_url or url_for("library.competency", key=item.key) + "#questions")
    return render_template(
        "library/new_question.html", form=form, competency=item, next_url=next_url
    )


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def edit_question(question_id: int) -> ResponseReturnValue:
    question = load_or_404(Question, question_id)
    back = url_for("library.competency", key=question.competency_key) + "#questions"
    form = QuestionForm()
    if request.method == "GET":  # on POST the service refuses a stale edit, keeping the text
        if not permissions.can_edit_entry(current_user, question):
            flash("Only the current version of a custom question can be edited here.", "error")
            return redirect(back)
        form.fill(question)
    if form.validate_on_submit() and (
        done := attempt(
            lambda: authoring.revise_custom_question(
                question, **form.content(), actor=current_user
            ),
            form,
        )
    ):
        flash(
            f"Saved as version {done.value.version}. Plans that chose version "
            f"{question.version} keep asking it.",
            "success",
        )
        return redirect(back)
    competency = _competency_or_404(question.competency_key)
    return render_template(
        "library/new_question.html", form=form, competency=competency, question=question
    )


@bp.route("/competencies/<key>/edit", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def edit_competency(key: str) -> ResponseReturnValue:
    item = _competency_or_404(key)
    form = CompetencyForm()
    if request.method == "GET":
        if not permissions.can_edit_entry(current_user, item):
            flash(
                "Competencies from the library files are changed in scorecards/ and reloaded.",
                "error",
            )
            return redirect(url_for("library.competency", key=key))
        form.fill(item)
    if form.validate_on_submit() and (done := attempt(lambda: _revise(item, form), form)):
        flash(f"Saved as version {done.value.version}.", "success")
        return redirect(url_for("library.competency", key=key))
    return render_template("library/new_competency.html", form=form, competency=item)


@bp.route("/questions/<int:question_id>/clear-flag", methods=["POST"])
@roles_required(Role.ADMIN)
def clear_question_flag(question_id: int) -> ResponseReturnValue:
    """An admin accepts wording its author kept against the lint (audited)."""
    question = load_or_404(Question, question_id)
    if ButtonForm().validate_on_submit() and attempt(
        lambda: flags.clear(question, actor=current_user, label=question.text[:200])
    ):
        flash("Flag cleared: the wording stays, and the review is in the audit log.", "success")
    return redirect(
        url_for("library.competency", key=question.competency_key, version=None)
        + f"#question-{question.id}"
    )


def _revise(item: Competency, form: CompetencyForm) -> Competency:
    return authoring.revise_custom_competency(
        item, expected_version=form.expected_version(), actor=current_user, **form.content()
    )


#: Fields the live lint checks line by line, as the services do on save (``lint.findings_for``).
LINTED_LISTS = frozenset({"probes", "look_fors", "red_flags", "instructions"})
#: As long as the longest text an interviewer reads (a list of probes, stage instructions).
LINT_MAX = 4000


@bp.route("/lint", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def lint_text() -> ResponseReturnValue:
    """Live feedback while typing a question, its lists or stage instructions (JSON in, JSON
    out; one entry per line is linted on its own, as the server does on save)."""
    payload = request.get_json(silent=True)
    payload = payload if isinstance(payload, dict) else {}
    text, field = str(payload.get("text", "")), str(payload.get("field", ""))
    if len(text) > LINT_MAX:  # no field holds more: say so, never cut
        message = f"The lint checks at most {LINT_MAX:,} characters at a time."
        return jsonify(error="too_long", message=message), 400
    if field in LINTED_LISTS:  # each line on its own, in the voice of that field
        return jsonify(findings=lint.findings_for(**{field: text.splitlines()}))
    return jsonify(findings=lint.findings_as_data(text))


@bp.route("/questions/<int:question_id>/reference-answers/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_reference_answer(question_id: int) -> ResponseReturnValue:
    """An admin adds a practice answer with its reference rating (interviewers never see
    reference ratings here: only in practice, after rating)."""
    question = load_or_404(Question, question_id)
    item = _competency_or_404(question.competency_key)
    levels = question.observable_levels(item) if question.has_observable_anchors else item.levels
    form = ReferenceAnswerForm().for_levels(levels)
    if form.validate_on_submit() and attempt(
        lambda: reference_answers.add_reference_answer(
            item, question, **form.content(), actor=current_user
        ),
        form,
    ):
        flash("Reference answer added: practice sets started from now on include it.", "success")
        return redirect(
            url_for("library.competency", key=item.key, _anchor=f"question-{question.id}")
        )
    page = render_template(
        "library/new_reference_answer.html",
        form=form,
        competency=item,
        question=question,
        levels=levels,
    )
    return page, 400 if form.errors or form.form_errors else 200
