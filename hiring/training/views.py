"""Training pages: an interviewer's course, practice and status (``/training/``), and who is
qualified for what (``/training/qualifications``). Load, authorise, validate a form, one
service call; the request pipeline commits."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.analytics.drift import interviewer_drift
from hiring.converters import bounded_int
from hiring.db import db
from hiring.library.models import ReferenceAnswer
from hiring.permissions import require
from hiring.training import answers, course, permissions, practice, queries, results
from hiring.training.forms import CompleteCourseForm, PracticeRatingForm, StartPracticeForm
from hiring.training.models import PracticeAttempt
from hiring.training.qualification import lapse_months
from hiring.transaction import attempt

bp = Blueprint("training", __name__, url_prefix="/training")


@bp.before_request
def only_interviewers() -> None:
    """Everyone who may sit on a panel trains; new hires never interview."""
    if not permissions.can_practise(current_user):
        abort(403)


@bp.route("/")
def index() -> ResponseReturnValue:
    must_haves = queries.must_have_competencies()
    return render_template(
        "training/index.html",
        completed=practice.course_completed(current_user),
        pages=course.PAGES,
        sets=practice.practice_sets(),
        progress=results.progress(current_user),
        accuracy=results.accuracy(current_user),
        names=queries.competency_names(),
        status=queries.my_qualifications(current_user, must_haves),
        lapse_months=lapse_months(),
        drift=interviewer_drift([current_user.id]).get(current_user.id),
    )


@bp.route("/course/<slug>")
def course_page(slug: str) -> ResponseReturnValue:
    page = course.page(slug)
    if page is None:
        abort(404)
    previous, following = course.neighbours(slug)
    return render_template(
        f"training/course/{slug}.html",
        page=page,
        pages=course.PAGES,
        number=course.PAGES.index(page) + 1,
        previous=previous,
        next=following,
        completed=practice.course_completed(current_user),
        complete_form=CompleteCourseForm(),
    )


@bp.post("/course/complete")
def complete_course() -> ResponseReturnValue:
    if CompleteCourseForm().validate_on_submit() and attempt(
        lambda: practice.complete_course(current_user)
    ):
        flash("Course read. Pick a practice set to rate your first answers.", "success")
    return redirect(url_for("training.index", _anchor="practice"))


@bp.route("/practice/<set_key>")
def practice_set(set_key: str) -> ResponseReturnValue:
    chosen = practice.practice_set(set_key)
    if chosen is None:
        abort(404)
    if not practice.course_completed(current_user):
        flash("Read the short course before your first practice.", "info")
        return redirect(url_for("training.course_page", slug=course.PAGES[0].slug))
    run = practice.open_attempt(current_user, set_key)
    shown = request.args.get("shown", type=bounded_int)
    if shown is not None:
        return _reveal(chosen, shown)
    answer = practice.next_answer(run) if run else None
    if run is None or answer is None:
        return render_template(
            "training/practice_start.html",
            chosen=chosen,
            last=practice.latest_attempt(current_user, set_key),
            names=queries.competency_names(),
            form=StartPracticeForm(),
        )
    return _rate_page(chosen, run, answer, PracticeRatingForm(answer_id=answer.id))


@bp.post("/practice/<set_key>/start")
def start_practice(set_key: str) -> ResponseReturnValue:
    chosen = practice.practice_set(set_key)
    if chosen is None:
        abort(404)
    if StartPracticeForm().validate_on_submit():
        attempt(lambda: practice.start_attempt(current_user, chosen))
    return redirect(url_for("training.practice_set", set_key=set_key))


@bp.post("/practice/<set_key>")
def rate(set_key: str) -> ResponseReturnValue:
    chosen = practice.practice_set(set_key)
    run = practice.open_attempt(current_user, set_key) if chosen else None
    if chosen is None or run is None:
        abort(404)
    form = PracticeRatingForm()
    answer = db.session.get(ReferenceAnswer, form.answer_number())
    if answer is None or answer.id not in run.answer_ids:
        abort(404)
    form.rate_on(practice.competency_of(answer))
    if form.validate_on_submit() and attempt(
        lambda: practice.rate_answer(run, answer, form.level(), form.evidence.data or ""), form
    ):
        return redirect(url_for("training.practice_set", set_key=set_key, shown=answer.id))
    return _rate_page(chosen, run, answer, form), 400


def _rate_page(
    chosen: practice.PracticeSet,
    run: PracticeAttempt,
    answer: ReferenceAnswer,
    form: PracticeRatingForm,
) -> str:
    return render_template(
        "training/practice.html",
        chosen=chosen,
        run=run,
        answer=answer,
        shown=answers.shown_answer(answer),
        form=form,
        number=len(run.ratings) + 1,
        total=len(run.ratings) + len(practice.pending_answers(run)),
    )


def _reveal(chosen: practice.PracticeSet, answer_id: int) -> ResponseReturnValue:
    """The reference after the interviewer's own rating: never before it."""
    rated = require(practice.own_rating(current_user, chosen.key, answer_id))
    return render_template(
        "training/reveal.html",
        chosen=chosen,
        rated=rated,
        shown=answers.shown_answer(rated.reference_answer),
        run=rated.attempt,
        more=rated.attempt.finished_at is None,
        evidence=[
            (quote, answers.cited(rated.evidence, quote))
            for quote in rated.reference_answer.evidence
        ],
    )


from hiring.training import views_qualifications as _qualifications  # noqa: E402, F401
