"""The debrief and decision for one application; the comparison of a position's candidates."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import Select

from hiring.analytics.statistics import Rwg, rwg
from hiring.applications.models import ApplicationStatus
from hiring.applications.stages import stage_names
from hiring.auth.models import HIRING_TEAM, PANEL, Role
from hiring.db import db
from hiring.debriefs import comparison, export, permissions, queries, ranking, services
from hiring.debriefs.forms import DecisionForm
from hiring.debriefs.headcount import headcount
from hiring.debriefs.models import Decision, DecisionOutcome
from hiring.domain import Conflict
from hiring.onboarding import permissions as onboarding_permissions
from hiring.onboarding import queries as onboarding_queries
from hiring.pagination import paginate
from hiring.permissions import bounded_int, require, roles_required
from hiring.positions import queries as position_queries
from hiring.positions.models import Position
from hiring.positions.services import users_with_role
from hiring.scorecards.models import Recommendation
from hiring.scorecards.permissions import owes_scorecard
from hiring.transaction import attempt

bp = Blueprint("debriefs", __name__)

#: Candidates the chart under the comparison shows: the first of the filtered order.
CHART_ROWS = 30


def _debrief(application_id: int) -> queries.Debrief:
    debrief = queries.load_debrief(application_id, current_user)
    if debrief is None:
        abort(404)
    require(debrief.application, permissions.can_open_debrief)
    return debrief


@bp.route("/applications/<int:application_id>/debrief")
@roles_required(*PANEL)
def debrief(application_id: int) -> ResponseReturnValue:
    """The first time the manager or a recruiter reads it, that is noted (the request
    commits it): scorecard amendments after that are marked post-debrief."""
    data = _debrief(application_id)
    services.note_read([data], current_user)
    return _render(data)


def _rwg(data: queries.Debrief) -> dict[str, Rwg | None]:
    """rWG per competency beside its range (None under two raters: no agreement to measure).
    "Not assessed" is no rating. An interviewer who rated at two stages is one rater: their
    ratings are averaged first, as the agreement page does, so one person does not count as
    two raters agreeing with each other."""
    points = len(data.position.role_profile.scale.levels)
    interviewer = {card.id: card.interviewer_id for card in data.submitted}
    result: dict[str, Rwg | None] = {}
    for key, cells in data.cells.items():
        by_rater: dict[int, list[int]] = defaultdict(list)
        for card_id, r in cells.items():
            if r.rating is not None:
                by_rater[interviewer[card_id]].append(r.rating)
        result[key] = rwg([sum(v) / len(v) for v in by_rater.values()], points)
    return result


def _render(data: queries.Debrief, form: DecisionForm | None = None) -> ResponseReturnValue:
    shown = form or DecisionForm(formdata=None)
    shown.set_managers(users_with_role(Role.HIRING_MANAGER))
    hired = data.decision is not None and data.decision.outcome == DecisionOutcome.HIRE
    return render_template(
        "debriefs/debrief.html",
        d=data,
        rwg=_rwg(data),
        plan=onboarding_queries.plan_for_application(data.application.id) if hired else None,
        form=shown,
        hires=headcount(data.position, excluding_application=data.application.id),
        outcomes=DecisionOutcome,
        recommendations=list(Recommendation),
    ), (400 if form is not None else 200)


@bp.route("/applications/<int:application_id>/decision", methods=["POST"])
@roles_required(*HIRING_TEAM)
def decide(application_id: int) -> ResponseReturnValue:
    data = _debrief(application_id)
    require(data.application, permissions.can_decide)
    back = redirect(url_for("debriefs.debrief", application_id=application_id))
    if not data.submitted:
        flash("There are no submitted scorecards to decide on yet.", "error")
        return back
    form = DecisionForm()
    if not form.validate_on_submit():
        return _render(data, form)
    done = attempt(
        lambda: services.decide(
            data.application, **form.decision(), formula=data.formula, actor=current_user
        ),
        form,
    )
    if done:
        flash(_recorded(done.value), "success")
        if done.value.outcome == DecisionOutcome.HIRE:
            _warn_over_headcount(data.position)
        return back
    if isinstance(done.error, Conflict):  # lost the race to another decision, shown there
        flash(done.error.message, "error")
        return back
    return _render(queries.load_debrief(application_id, current_user) or data, form)


def _warn_over_headcount(position: Position) -> None:
    hires = headcount(position)
    if hires.over_by:
        flash(
            f"{hires.warning(position.title)} This hire goes beyond the headcount; "
            "it is noted in the audit log.",
            "warning",
        )


def _recorded(decision: Decision) -> str:
    """The message after deciding: a hire leads straight on to the new hire's onboarding plan
    (the form to create it, prefilled from the decision, or the plan if it already exists)."""
    if decision.outcome != DecisionOutcome.HIRE:
        return "Decision recorded."
    plan = onboarding_queries.plan_for_application(decision.application_id)
    if plan is not None and onboarding_permissions.can_view_plan(current_user, plan):
        link = (url_for("onboarding.plan", plan_id=plan.id), "Open the onboarding plan")
    elif plan is None and onboarding_permissions.can_plan_from_decision(current_user, decision):
        link = (url_for("onboarding.new", decision=decision.id), "Create the onboarding plan")
    else:
        return "Decision recorded."
    return Markup('Decision recorded. Next: <a href="{}">{}</a>.').format(*link)


# Comparison ----------------------------------------------------------------------------------


def _position(position_id: int) -> Position:
    return require(position_queries.load_position(position_id), permissions.can_compare)


def _args() -> dict[str, str]:
    """The filters as asked, with the default sort named (for the page's links)."""
    args = {k: request.args.get(k, "") for k in ranking.FILTERS}
    return {**args, "sort": args["sort"] or "score"}


def _set(args: dict[str, str]) -> dict[str, Any]:
    """The filters that are set, for a tidy link."""
    return {k: v for k, v in args.items() if v}


def _ranked(position: Position) -> tuple[Select[int], set[int]]:
    """The filtered, sorted ids (stored numbers refreshed first), and the candidates whose
    numbers the reader may not see yet."""
    ranking.refresh(position)
    owed = owes_scorecard(current_user.id, position.id)
    return ranking.ordered(position, ranking.Order.read(request.args), owed), owed


def _picked(position: Position) -> comparison.SideBySide:
    """The ``?pick=`` candidates among all of the position's rows: a pick is an explicit
    choice, so the filters (which only shape the table) never drop one."""
    picks = request.args.getlist("pick", type=bounded_int)[: comparison.SIDE_BY_SIDE]
    rows = comparison.rows_for(position, current_user.id, picks)
    return comparison.picked(rows.values(), picks)


@bp.route("/positions/<int:position_id>/compare")
@roles_required(*HIRING_TEAM)
def compare(position_id: int) -> ResponseReturnValue:
    """One page of the sorted, filtered comparison: only its rows (and the chart's) are
    built; sorting, filtering and counting happen in SQL (``ranking``)."""
    position, args = _position(position_id), _args()
    side = _picked(position)
    if len(side.rows) >= 2:  # an old side-by-side link: side by side has its own page now
        return redirect(
            url_for(".side_by_side", position_id=position.id, pick=side.ids, **_set(args))
        )
    statement, owed = _ranked(position)
    page = paginate(statement)
    chart_ids = list(db.session.scalars(statement.limit(CHART_ROWS)))
    rows = comparison.rows_for(position, current_user.id, {*page.items, *chart_ids}, owed=owed)
    return render_template(
        "debriefs/compare.html",
        position=position,
        rows=[rows[i] for i in page.items],
        total=page.total,
        page=page.page,
        pages=max(page.pages, 1),
        args=args,
        stage_names=stage_names(position),
        statuses=list(ApplicationStatus),
        specs=queries.profile_specs(position.role_profile),
        picked_ids=side.ids,
        asked_to_pick=bool(request.args.getlist("pick")),
        chart_rows=[rows[i] for i in chart_ids],
    )


@bp.route("/positions/<int:position_id>/compare/side-by-side")
@roles_required(*HIRING_TEAM)
def side_by_side(position_id: int) -> ResponseReturnValue:
    """Two to four picked candidates' means and evidence, competency by competency; with
    fewer than two it is the comparison again, saying so (it redirects only when there are
    two, so the two pages never bounce a link between them)."""
    position, args = _position(position_id), _args()
    side = _picked(position)
    if len(side.rows) < 2:
        picks = request.args.getlist("pick", type=bounded_int)
        return redirect(url_for(".compare", position_id=position.id, pick=picks, **_set(args)))
    return render_template(
        "debriefs/side_by_side.html",
        position=position,
        back=url_for(".compare", position_id=position.id, **_set(args)),
        specs=queries.profile_specs(position.role_profile),
        picked=side.rows,
        evidence=side.evidence,
    )


@bp.route("/positions/<int:position_id>/compare.csv")
@roles_required(*HIRING_TEAM)
def compare_csv(position_id: int) -> ResponseReturnValue:
    """Every row the filters keep, in the page's order (all of them: it is an export)."""
    position = _position(position_id)
    statement, owed = _ranked(position)
    ids = list(db.session.scalars(statement))
    rows = comparison.rows_for(position, current_user.id, owed=owed)
    response = Response(
        export.comparison_csv(position, [rows[i] for i in ids]),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"comparison-position-{position.id}.csv"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
