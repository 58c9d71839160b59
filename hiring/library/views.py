"""Browse and search the library; add custom competencies and questions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from hiring.auth.models import PANEL, PEOPLE_MANAGERS
from hiring.auth.views import safe_next_url
from hiring.db import db
from hiring.library import lint, queries, services
from hiring.library.forms import CompetencyForm, QuestionForm
from hiring.library.models import Competency, Origin, Question
from hiring.library.schema import Scale
from hiring.permissions import bounded_int, load_or_404, roles_required

bp = Blueprint("library", __name__, url_prefix="/library")
SAVED_MEANWHILE = (
    "Someone saved a new version of this {what} at the same moment, so yours was not saved. "
    "Your text is still here; open the current version to apply it."
)


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
    if form.validate_on_submit():
        try:
            created = services.create_custom_competency(
                name=form.name.data or "",
                definition=form.definition.data or "",
                why=form.why.data or "",
                anchors=form.anchors(),
                scale=Scale(form.scale.data),
                actor=current_user,
            )
        except services.LibraryError as exc:
            db.session.rollback()
            form.anchor_1.errors = [*form.anchor_1.errors, str(exc)]
        except IntegrityError:  # someone saved the same new version a moment earlier
            db.session.rollback()
            form.name.errors = [*form.name.errors, SAVED_MEANWHILE.format(what="competency")]
        else:
            db.session.commit()
            flash(f"Added {created.name}. Now add at least three questions to its bank.", "success")
            return redirect(url_for("library.competency", key=created.key))
    return render_template("library/new_competency.html", form=form)


@bp.route("/competencies/<key>/questions/new", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def new_question(key: str) -> ResponseReturnValue:
    item = _competency_or_404(key)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            services.create_custom_question(
                item,
                **form.content(),
                actor=current_user,
            )
        except services.LibraryError as exc:
            field = getattr(form, exc.field or "text")
            field.errors = [*field.errors, str(exc)]
        else:
            db.session.commit()
            next_url = safe_next_url(request.args.get("next"))
            flash(
                "Question added to the bank." + (" Add it to the stage below." if next_url else ""),
                "success",
            )
            return redirect(next_url or url_for("library.competency", key=item.key) + "#questions")
    return render_template(
        "library/new_question.html",
        form=form,
        competency=item,
        next_url=safe_next_url(request.args.get("next")),
    )


@bp.route("/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def edit_question(question_id: int) -> ResponseReturnValue:
    question = load_or_404(Question, question_id)
    back = url_for("library.competency", key=question.competency_key) + "#questions"
    if request.method == "GET" and (question.origin != Origin.CUSTOM or not question.current):
        flash("Only the current version of a custom question can be edited here.", "error")
        return redirect(back)
    # On POST the service refuses a stale edit, and the form keeps what was typed.
    form = QuestionForm()
    if request.method == "GET":
        form.text.data = question.text
        form.minutes.data = question.minutes
        form.probes.data = "\n".join(question.probes)
        form.look_fors.data = "\n".join(question.look_fors)
        form.red_flags.data = "\n".join(question.red_flags)
    if form.validate_on_submit():
        try:
            revised = services.revise_custom_question(
                question,
                **form.content(),
                actor=current_user,
            )
        except services.LibraryError as exc:
            db.session.rollback()
            field = getattr(form, exc.field or "text")
            field.errors = [*field.errors, str(exc)]
        except IntegrityError:  # someone saved the same new version a moment earlier
            db.session.rollback()
            form.text.errors = [*form.text.errors, SAVED_MEANWHILE.format(what="question")]
        else:
            db.session.commit()
            flash(
                f"Saved as version {revised.version}. Plans that chose version "
                f"{question.version} keep asking it.",
                "success",
            )
            return redirect(back)
    competency = _competency_or_404(question.competency_key)
    return render_template(
        "library/new_question.html",
        form=form,
        competency=competency,
        question=question,
        next_url=None,
    )


@bp.route("/competencies/<key>/edit", methods=["GET", "POST"])
@roles_required(*PEOPLE_MANAGERS)
def edit_competency(key: str) -> ResponseReturnValue:
    item = _competency_or_404(key)
    if request.method == "GET" and (item.origin != Origin.CUSTOM or not item.current):
        flash(
            "Competencies from the library files are changed in scorecards/ and reloaded.", "error"
        )
        return redirect(url_for("library.competency", key=key))
    form = CompetencyForm(obj=item) if request.method == "GET" else CompetencyForm()
    if request.method == "GET":
        form.scale.data = item.scale.value
        for level in item.scale.levels:
            getattr(form, f"anchor_{level}").data = item.anchor(level)
    if form.validate_on_submit():
        try:
            revised = services.revise_custom_competency(
                item,
                name=form.name.data or "",
                definition=form.definition.data or "",
                why=form.why.data or "",
                anchors=form.anchors(),
                scale=Scale(form.scale.data),
                actor=current_user,
            )
        except services.LibraryError as exc:
            db.session.rollback()
            form.anchor_1.errors = [*form.anchor_1.errors, str(exc)]
        except IntegrityError:  # someone saved the same new version a moment earlier
            db.session.rollback()
            form.name.errors = [*form.name.errors, SAVED_MEANWHILE.format(what="competency")]
        else:
            db.session.commit()
            flash(f"Saved as version {revised.version}.", "success")
            return redirect(url_for("library.competency", key=key))
    return render_template("library/new_competency.html", form=form, competency=item)


@bp.route("/lint", methods=["POST"])
@roles_required(*PEOPLE_MANAGERS)
def lint_text() -> ResponseReturnValue:
    """Live feedback while typing a question (JSON in, JSON out)."""
    payload = request.get_json(silent=True)
    text = str(payload.get("text", ""))[:2000] if isinstance(payload, dict) else ""
    return jsonify(
        findings=[
            {"topic": f.topic, "severity": f.severity, "reason": f.reason, "matched": f.matched}
            for f in lint.lint_question(text)
        ]
    )
