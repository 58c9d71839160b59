"""An interviewer's work: my interviews, scheduling, the kit and the calendar invite.

The scorecard pages under ``/interviews/<id>/scorecard`` are the scorecards area's own
(``hiring.scorecards.views``).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import timezones
from hiring.applications.models import Application
from hiring.auth.models import HIRING_TEAM, PANEL, Role
from hiring.interviews import permissions, queries, services
from hiring.interviews.forms import CancelForm, ScheduleForm
from hiring.interviews.models import Interview
from hiring.pagination import paginate_rows
from hiring.permissions import bounded_int, load_or_404, require, roles_required
from hiring.positions import queries as position_queries
from hiring.positions.qualification_check import Unqualified
from hiring.scorecards import mine as my_lists
from hiring.scorecards import queries as card_queries
from hiring.scorecards import scheduling
from hiring.transaction import attempt

bp = Blueprint("interviews", __name__, url_prefix="/interviews")


def _interview(interview_id: int) -> Interview:
    return require(queries.load_interview(interview_id), permissions.can_view_interview)


@bp.route("/mine")
@roles_required(*PANEL)
def mine() -> ResponseReturnValue:
    return render_template("interviews/mine.html", mine=my_lists.my_interviews(current_user))


@bp.route("/mine/<which>")
@roles_required(*PANEL)
def mine_list(which: str) -> ResponseReturnValue:
    """All of one of "my interviews" lists (due, upcoming, past), a page at a time."""
    if which not in my_lists.MINE_LISTS:
        abort(404)
    page = paginate_rows(
        lambda number, size: my_lists.my_interview_page(current_user, which, number, size)
    )
    return render_template("interviews/mine_list.html", which=which, page=page)


@bp.route("/overdue")
@roles_required(Role.RECRUITER, Role.ADMIN)
def overdue() -> ResponseReturnValue:
    """Every overdue scorecard of the company, oldest first, a page at a time (the
    recruiter's home shows the first few)."""
    page = paginate_rows(lambda number, size: card_queries.overdue_cards(number, size))
    return render_template("interviews/overdue.html", page=page)


@bp.route("/schedule/<int:application_id>", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def schedule(application_id: int) -> ResponseReturnValue:
    application = load_or_404(Application, application_id, permissions.can_schedule)
    plan = application.position.current_plan
    if plan is None or not plan.stages:
        flash("The position has no interview plan yet.", "error")
        return redirect(url_for("applications.detail", application_id=application.id))
    form = ScheduleForm.for_plan(
        plan, position_queries.interviewer_choices(), zone=timezones.zone_for(current_user)
    )
    if request.method == "GET":
        wanted = request.args.get("stage_id", type=bounded_int)
        form.preset(queries.stage_to_schedule(application, plan, wanted))
    done = form.validate_on_submit() and attempt(
        lambda: scheduling.book_panel(application, **form.values(), actor=current_user), form
    )
    if done:
        flash(
            f"Scheduled {done.value.stage.name} for {application.candidate.name}; the "
            "interviewers were e-mailed their kit and calendar invitation.",
            "success",
        )
        return redirect(url_for("interviews.detail", interview_id=done.value.id))
    page = render_template(
        "interviews/schedule.html",
        form=form,
        application=application,
        plan=plan,
        # Who is not qualified for what, when that refused the booking (see the template).
        gaps=done.error.gaps if done is not False and isinstance(done.error, Unqualified) else [],
    )
    return page, 400 if form.errors else 200


def _detail(interview: Interview, cancel_form: CancelForm) -> ResponseReturnValue:
    """The interview page; a refused cancellation comes back with its reason as typed."""
    return render_template(
        "interviews/detail.html",
        interview=interview,
        application=interview.application,
        cancel_form=cancel_form,
    ), (400 if cancel_form.errors else 200)


@bp.route("/<int:interview_id>")
@roles_required(*PANEL)
def detail(interview_id: int) -> ResponseReturnValue:
    return _detail(_interview(interview_id), CancelForm())


@bp.route("/<int:interview_id>/cancel", methods=["POST"])
@roles_required(*HIRING_TEAM)
def cancel(interview_id: int) -> ResponseReturnValue:
    interview = require(queries.load_interview(interview_id), permissions.runs_interview)
    form = CancelForm()
    if not form.validate_on_submit():
        return _detail(interview, form)
    if attempt(
        lambda: services.cancel_interview(interview, reason=form.reason.data, actor=current_user)
    ):
        flash("Interview cancelled.", "success")
    return redirect(url_for("interviews.detail", interview_id=interview_id))


@bp.route("/<int:interview_id>/kit")
@roles_required(*PANEL)
def kit(interview_id: int) -> ResponseReturnValue:
    """The kit of the plan revision this interview used (not today's plan)."""
    interview = _interview(interview_id)
    context = position_queries.kit_context(interview.application.position, interview.stage)
    return render_template("positions/kit.html", **{**context, "interview": interview})


@bp.route("/<int:interview_id>/invite.ics")
@roles_required(*PANEL)
def invite(interview_id: int) -> ResponseReturnValue:
    interview = _interview(interview_id)
    body = services.invitation(
        interview,
        kit_url=url_for("interviews.kit", interview_id=interview.id, _external=True),
        scorecard_url=url_for("scorecards.scorecard", interview_id=interview.id, _external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="interview-{interview.id}.ics"'
    return response
