"""The debrief and decision for one application; the comparison of a position's candidates."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from wtforms import SelectChoice

from hiring.applications.models import ApplicationStatus
from hiring.auth.models import HIRING_TEAM, PANEL, Role, User
from hiring.db import db
from hiring.debriefs import permissions, queries, services
from hiring.debriefs.forms import DecisionForm
from hiring.debriefs.models import DecisionOutcome
from hiring.permissions import bounded_int, form_int, roles_required
from hiring.positions import queries as position_queries
from hiring.positions.services import users_with_role
from hiring.scorecards.models import Recommendation

bp = Blueprint("debriefs", __name__)

PAGE_SIZE = 25  # as on the other lists


def _debrief(application_id: int) -> queries.Debrief:
    debrief = queries.load_debrief(application_id)
    if debrief is None:
        abort(404)
    if not permissions.can_open_debrief(current_user, debrief.application):
        abort(403)
    return debrief


def _decision_form(debrief: queries.Debrief, form: DecisionForm | None = None) -> DecisionForm:
    form = form or DecisionForm(formdata=None)
    managers = users_with_role(Role.HIRING_MANAGER)
    form.manager_id.choices = [SelectChoice(0, "The hiring manager")] + [
        SelectChoice(u.id, u.name) for u in managers
    ]
    if form.manager_id.data is None:
        form.manager_id.data = 0
    return form


@bp.route("/applications/<int:application_id>/debrief")
@roles_required(*PANEL)
def debrief(application_id: int) -> ResponseReturnValue:
    return _render(_opened_debrief(application_id))


def _opened_debrief(application_id: int) -> queries.Debrief:
    """The debrief, noting the first time the manager or a recruiter reads it (on screen or
    on paper): scorecard amendments after that are marked post-debrief."""
    data = _debrief(application_id)
    if data.submitted and services.mark_opened(data.application, current_user):
        db.session.commit()
        # The commit expired what was loaded; load it again in one go, not row by row.
        data = _debrief(application_id)
    return data


def _render(
    data: queries.Debrief, form: DecisionForm | None = None, status: int = 200
) -> ResponseReturnValue:
    return render_template(
        "debriefs/debrief.html",
        d=data,
        form=_decision_form(data, form),
        can_decide=permissions.can_decide(current_user, data.application),
        departs=services.departs_from_formula,
        outcomes=DecisionOutcome,
        recommendations=list(Recommendation),
    ), status


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@roles_required(*HIRING_TEAM)
def decide(application_id: int) -> ResponseReturnValue:
    data = _debrief(application_id)
    if not permissions.can_decide(current_user, data.application):
        abort(403)
    form = _decision_form(data, DecisionForm())
    if not data.submitted:
        flash("There are no submitted scorecards to decide on yet.", "error")
        return redirect(url_for("debriefs.debrief", application_id=application_id))
    if form.validate_on_submit():
        manager_id = form_int(form.manager_id.data)  # not choice-checked: keep it in range
        manager = db.session.get(User, manager_id) if manager_id else None
        try:
            services.decide(
                data.application,
                outcome=DecisionOutcome(form.outcome.data),
                rationale=form.rationale.data or "",
                override_reason=form.override_reason.data or "",
                start_date=form.start_date.data,
                manager=manager,
                formula=data.formula,
                actor=current_user,
                reversal_reason=form.reversal_reason.data or "",
            )
            db.session.commit()
        except services.DecisionError as exc:
            db.session.rollback()
            field = getattr(form, exc.field or "rationale")
            field.errors = [*field.errors, str(exc)]
        except IntegrityError:
            # Another decision for this application was committed after we read it: the
            # database allows one current decision, so ours was not recorded.
            db.session.rollback()
            flash(
                "Someone else recorded a decision for this candidate a moment ago, so yours "
                "was not saved. It is shown below; to change it, record a reversal.",
                "error",
            )
            return redirect(url_for("debriefs.debrief", application_id=application_id))
        else:
            flash("Decision recorded.", "success")
            return redirect(url_for("debriefs.debrief", application_id=application_id))
    return _render(queries.load_debrief(application_id) or data, form, status=400)


# Comparison ----------------------------------------------------------------------------------


def _position(position_id: int) -> Any:
    position = position_queries.load_position(position_id)
    if position is None:
        abort(404)
    if not permissions.can_compare(current_user, position):
        abort(403)
    return position


def _filtered_rows(position: Any) -> tuple[list[queries.CompareRow], dict[str, str]]:
    rows = queries.comparison(position, viewer_id=current_user.id)
    args = {k: request.args.get(k, "") for k in ("stage", "status", "sort", "dir")}
    if args["stage"] == "new":
        rows = [r for r in rows if r.application.stage_index is None]
    elif args["stage"].isdecimal() and args["stage"].isascii() and len(args["stage"]) < 4:
        rows = [r for r in rows if r.application.stage_index == int(args["stage"])]
    if args["status"] in {s.value for s in ApplicationStatus}:
        rows = [r for r in rows if r.application.status.value == args["status"]]
    elif args["status"] != "all":
        rows = [
            r
            for r in rows
            if r.application.status.is_open or r.application.status == ApplicationStatus.HIRED
        ]
    sort = args["sort"] or "score"
    key: Callable[[queries.CompareRow], Any]
    if sort.startswith("c:"):
        competency = sort[2:]
        key = lambda r: (r.mean(competency) is None, -(r.mean(competency) or 0))  # noqa: E731
    else:
        key = queries.SORTS.get(sort, queries.SORTS["score"])
    rows.sort(key=key, reverse=args["dir"] == "asc" if sort != "name" else args["dir"] == "desc")
    args["sort"] = sort
    return rows, args


@bp.route("/positions/<int:position_id>/compare")
@roles_required(*HIRING_TEAM)
def compare(position_id: int) -> ResponseReturnValue:
    position = _position(position_id)
    rows, args = _filtered_rows(position)
    page = max(request.args.get("page", 1, type=bounded_int), 1)
    pages = max((len(rows) + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    shown = rows[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    picked_ids = list(request.args.getlist("pick", type=bounded_int))[:4]
    # Candidates the viewer still owes a scorecard for stay out of the side-by-side view.
    picked = [r for r in queries.comparison_subset(rows, picked_ids) if not r.hidden]
    picked_ids = [r.application.id for r in picked]
    evidence = queries.evidence_for(picked_ids) if len(picked) >= 2 else {}
    plan = position.current_plan
    return render_template(
        "debriefs/compare.html",
        position=position,
        rows=shown,
        total=len(rows),
        page=page,
        pages=pages,
        args=args,
        stages=plan.stages if plan else [],
        statuses=list(ApplicationStatus),
        specs=queries.profile_specs(position.role_profile),
        picked=picked,
        picked_ids=picked_ids,
        evidence=evidence,
        chart_rows=rows[:30],
    )


@bp.route("/positions/<int:position_id>/compare.csv")
@roles_required(*HIRING_TEAM)
def compare_csv(position_id: int) -> ResponseReturnValue:
    position = _position(position_id)
    rows, _args = _filtered_rows(position)
    specs = queries.profile_specs(position.role_profile)
    stages = position.current_plan.stages if position.current_plan else []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["candidate", "application_id", "stage", "status", "scorecards"]
        + [_csv_safe(f"{s.name} (mean)") for s in specs]
        + [
            "disagreement_flags",
            "strong_yes",
            "yes",
            "no",
            "strong_no",
            "formula_score",
            "hiring_bar",
            "formula_recommendation",
            "decision",
        ]
    )
    for row in rows:
        stage = row.application.stage_index
        writer.writerow(
            [
                _csv_safe(row.application.candidate.name),
                row.application.id,
                _csv_safe(
                    stages[stage].name if stage is not None and stage < len(stages) else "New"
                ),
                row.application.status.value,
                "hidden until you submit your scorecard" if row.hidden else row.scorecards,
            ]
            + [f"{m:.2f}" if (m := row.mean(s.key)) is not None else "" for s in specs]
            + [
                row.flags,
                row.recommendations[Recommendation.STRONG_YES],
                row.recommendations[Recommendation.YES],
                row.recommendations[Recommendation.NO],
                row.recommendations[Recommendation.STRONG_NO],
                f"{row.formula.score:.2f}" if row.formula.score is not None else "",
                f"{position.role_profile.minimum_score:g}",
                row.formula.outcome.value,
                row.decision.outcome.value if row.decision else "",
            ]
        )
    response = Response(out.getvalue(), mimetype="text/csv")
    filename = f"comparison-position-{position.id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _csv_safe(text: str) -> str:
    """Stop spreadsheets from running a cell that starts like a formula."""
    stripped = text.lstrip(" \t\r\n")
    if text[:1] in ("\t", "\r", "\n") or stripped[:1] in ("=", "+", "-", "@"):
        return "'" + text
    return text
