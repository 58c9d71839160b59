"""An interviewer's work: my interviews, the kit, the calendar invite and the scorecard."""

from __future__ import annotations

from datetime import datetime

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from hiring.applications.models import Application
from hiring.auth.models import HIRING_TEAM, PANEL
from hiring.db import db
from hiring.interviews import permissions, queries, services
from hiring.interviews.forms import ScheduleForm
from hiring.interviews.models import Interview, InterviewStatus
from hiring.permissions import bounded_int, load_or_404, roles_required
from hiring.positions import queries as position_queries
from hiring.scorecards import permissions as card_permissions
from hiring.scorecards import services as cards
from hiring.scorecards.models import Recommendation, Scorecard

bp = Blueprint("interviews", __name__, url_prefix="/interviews")


def _interview(interview_id: int) -> Interview:
    interview = queries.load_interview(interview_id)
    if interview is None:
        abort(404)
    if not permissions.can_view_interview(current_user, interview):
        abort(403)
    return interview


@bp.route("/mine")
@roles_required(*PANEL)
def mine() -> ResponseReturnValue:
    due, upcoming, done = queries.my_interviews(current_user)
    return render_template("interviews/mine.html", due=due, upcoming=upcoming, done=done)


@bp.route("/schedule/<int:application_id>", methods=["GET", "POST"])
@roles_required(*HIRING_TEAM)
def schedule(application_id: int) -> ResponseReturnValue:
    application = load_or_404(Application, application_id, permissions.can_schedule)
    plan = application.position.current_plan
    if plan is None or not plan.stages:
        flash("The position has no interview plan yet.", "error")
        return redirect(url_for("applications.detail", application_id=application.id))
    form = ScheduleForm()
    form.set_time_zones(services.time_zone_choices())
    form.stage_id.choices = [SelectChoice(s.id, f"{s.position + 1}. {s.name}") for s in plan.stages]
    people = position_queries.interviewer_choices()
    form.interviewers.choices = [SelectChoice(u.id, f"{u.name} ({u.email})") for u in people]
    stage_by_id = {s.id: s for s in plan.stages}
    if request.method == "GET":
        wanted = request.args.get("stage_id", type=bounded_int)
        # The stage after the one the candidate is at (the first for a new candidate).
        next_index = (
            0
            if application.stage_index is None
            else min(application.stage_index + 1, len(plan.stages) - 1)
        )
        default_stage = stage_by_id.get(wanted or 0) or plan.stages[next_index]
        form.stage_id.data = default_stage.id
        form.duration_minutes.data = default_stage.duration_minutes
        form.interviewers.data = [i.user_id for i in default_stage.interviewers]
    if form.validate_on_submit():
        stage = stage_by_id.get(form.stage_id.data or 0)
        if stage is None:
            abort(400)
        try:
            starts_at = services.to_utc(
                datetime.combine(form.date.data, form.time.data),
                form.time_zone.data or "UTC",
            )
            interviewers = [u for u in people if u.id in set(form.interviewers.data or [])]
            interview = services.schedule_interview(
                application,
                stage,
                starts_at=starts_at,
                time_zone=form.time_zone.data or "UTC",
                duration_minutes=form.duration_minutes.data or stage.duration_minutes,
                location=form.location.data or "",
                video_link=form.video_link.data or "",
                interviewers=interviewers,
                actor=current_user,
            )
        except services.InterviewError as exc:
            field = getattr(form, exc.field or "stage_id")
            field.errors = [*field.errors, str(exc)]
        else:
            db.session.commit()
            from hiring.mail.services import deliver_pending

            deliver_pending()
            flash(
                f"Scheduled {stage.name} for {application.candidate.name}; the interviewers "
                "were e-mailed their kit and calendar invitation.",
                "success",
            )
            return redirect(url_for("interviews.detail", interview_id=interview.id))
    return render_template(
        "interviews/schedule.html", form=form, application=application, plan=plan
    )


@bp.route("/<int:interview_id>")
@roles_required(*PANEL)
def detail(interview_id: int) -> ResponseReturnValue:
    interview = _interview(interview_id)
    application = interview.application
    others_visible = card_permissions.can_see_others_ratings(current_user, application)
    return render_template(
        "interviews/detail.html",
        interview=interview,
        application=application,
        others_visible=others_visible,
        can_schedule=permissions.can_schedule(current_user, application),
    )


@bp.route("/<int:interview_id>/cancel", methods=["POST"])
@roles_required(*HIRING_TEAM)
def cancel(interview_id: int) -> ResponseReturnValue:
    interview = _interview(interview_id)
    if not permissions.can_schedule(current_user, interview.application):
        abort(403)
    try:
        services.cancel_interview(
            interview, reason=request.form.get("reason", ""), actor=current_user
        )
    except services.InterviewError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash("Interview cancelled.", "success")
    return redirect(url_for("interviews.detail", interview_id=interview_id))


def _kit_context(interview: Interview) -> dict[str, object]:
    context = position_queries.kit_context(interview.application.position, interview.stage)
    return {**context, "interview": interview}


@bp.route("/<int:interview_id>/kit")
@roles_required(*PANEL)
def kit(interview_id: int) -> ResponseReturnValue:
    """The kit of the plan revision this interview used (not today's plan)."""
    interview = _interview(interview_id)
    return render_template("positions/kit.html", **_kit_context(interview))


@bp.route("/<int:interview_id>/invite.ics")
@roles_required(*PANEL)
def invite(interview_id: int) -> ResponseReturnValue:
    interview = _interview(interview_id)
    body = services.invitation(
        interview,
        kit_url=url_for("interviews.kit", interview_id=interview.id, _external=True),
        scorecard_url=url_for("interviews.scorecard", interview_id=interview.id, _external=True),
    )
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="interview-{interview.id}.ics"'
    return response


# Scorecards --------------------------------------------------------------------------------


def _own_card(interview_id: int) -> tuple[Interview, Scorecard]:
    """The signed-in interviewer's card; anyone else gets 404 (a card is never shared)."""
    interview = queries.load_interview(interview_id)
    if interview is None or interview.status != InterviewStatus.SCHEDULED:
        abort(404)
    card = next((c for c in interview.scorecards if c.interviewer_id == current_user.id), None)
    if card is None or not card_permissions.can_fill(current_user, card):
        abort(404)
    return interview, card


def _render_card(
    interview: Interview,
    card: Scorecard,
    *,
    entered: cards.ScorecardInput | None = None,
    problems: dict[str, str] | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    context = _kit_context(interview)
    return render_template(
        "scorecards/form.html",
        card=card,
        snapshot=cards.snapshot(card),
        entered_snapshot=_as_snapshot(entered) if entered is not None else None,
        problems=problems or {},
        recommendations=list(Recommendation),
        **context,
    ), status


@bp.route("/<int:interview_id>/scorecard", methods=["GET", "POST"])
@roles_required(*PANEL)
def scorecard(interview_id: int) -> ResponseReturnValue:
    interview, card = _own_card(interview_id)
    if request.method == "GET":
        return _render_card(interview, card)
    action = request.form.get("action", "save")
    expected = request.form.get("version", 0, type=bounded_int)
    data = cards.ScorecardInput.from_form(request.form, card)
    try:
        if action == "submit":
            cards.submit(card, data, expected_version=expected, actor=current_user)
            message = "Scorecard submitted. It is locked; later changes are amendments."
        elif action == "amend":
            cards.amend(
                card,
                data,
                reason=request.form.get("amend_reason", ""),
                expected_version=expected,
                actor=current_user,
            )
            message = "Amendment saved; the original stays in the history."
        else:
            cards.save_draft(card, data, expected_version=expected)
            message = "Draft saved."
        db.session.commit()
    except cards.ScorecardIncomplete as exc:
        db.session.commit()  # the draft kept every word even though submit was refused
        return _render_card(interview, card, entered=data, problems=exc.problems, status=400)
    except (cards.ScorecardConflict, StaleDataError):
        db.session.rollback()
        interview, card = _own_card(interview_id)
        return render_template(
            "scorecards/conflict.html",
            card=card,
            interview=interview,
            saved=cards.snapshot(card),
            yours=_as_snapshot(data),
            focus=cards.focus_competencies(card),
            form_data=request.form,
        ), 409
    except cards.ScorecardError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        current = queries.load_interview(interview_id)
        if current is None or current.status != InterviewStatus.SCHEDULED:
            return redirect(url_for("interviews.mine"))  # cancelled meanwhile
        interview, card = _own_card(interview_id)
        return _render_card(interview, card, entered=data, status=400)
    flash(message, "success")
    return redirect(url_for("interviews.scorecard", interview_id=interview_id))


def _as_snapshot(data: cards.ScorecardInput) -> dict[str, object]:
    return {
        "recommendation": data.recommendation.value if data.recommendation else None,
        "summary": data.summary,
        "ratings": {
            str(cid): {"rating": r.rating, "not_assessed": r.not_assessed, "evidence": r.evidence}
            for cid, r in data.ratings.items()
        },
        "notes": {str(qid): parts for qid, parts in data.notes.items()},
    }


@bp.route("/<int:interview_id>/scorecard/autosave", methods=["POST"])
@roles_required(*PANEL)
def autosave(interview_id: int) -> ResponseReturnValue:
    """Save a draft as the interviewer types (JSON answer for the page's script)."""
    _interview_loaded, card = _own_card(interview_id)
    if card.is_submitted:
        return jsonify(error="locked", message=str(cards.ScorecardLocked())), 409
    data = cards.ScorecardInput.from_form(request.form, card)
    try:
        cards.save_draft(
            card, data, expected_version=request.form.get("version", 0, type=bounded_int)
        )
        db.session.commit()
    except (cards.ScorecardConflict, StaleDataError):
        db.session.rollback()
        return jsonify(error="conflict", message="Saved elsewhere since you opened this page."), 409
    return jsonify(version=card.version, saved_at=card.updated_at.isoformat())
