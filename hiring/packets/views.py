"""Every printable thing, at the address of the page it prints: one blueprint for all packets.

Each route loads and authorises exactly as the page it prints does, then hands the HTML to
the packet pipeline (``render`` → fingerprint → cached PDF → ``http.pdf_response``).

Printing a decision memo is reading its debrief (``debriefs.services.note_read``). That write
comes only after the PDF is built: rendering takes seconds, and a pending UPDATE would hold
the database's write lock all that time (on SQLite every other writer would wait, then fail
with "database is locked"). The memos do not show when the debrief was opened, so noting it
afterwards changes nothing printed.
"""

from __future__ import annotations

from flask import Blueprint, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import HIRING_TEAM, PANEL
from hiring.debriefs import permissions as debrief_permissions
from hiring.debriefs import queries as debrief_queries
from hiring.debriefs import services as debrief_services
from hiring.interviews import permissions as interview_permissions
from hiring.interviews import queries as interview_queries
from hiring.onboarding import permissions as onboarding_permissions
from hiring.onboarding import queries as onboarding_queries
from hiring.packets import services
from hiring.packets.http import pdf_response
from hiring.permissions import bounded_int, require, roles_required
from hiring.positions import permissions as position_permissions
from hiring.positions import queries as position_queries

bp = Blueprint("packets", __name__)


@bp.route("/interviews/<int:interview_id>/packet.pdf")
@roles_required(*PANEL)
def interview(interview_id: int) -> ResponseReturnValue:
    """The kit and a blank anchored scorecard (same access as the kit)."""
    found = require(
        interview_queries.load_interview(interview_id), interview_permissions.can_view_interview
    )
    return pdf_response(services.interview_packet(found))


@bp.route("/positions/<int:position_id>/plan/stages/<int:stage_id>/packet.pdf")
def stage(position_id: int, stage_id: int) -> ResponseReturnValue:
    """A blank interview packet for one stage of any plan revision (same access as its kit)."""
    position, plan_stage = require(
        position_queries.load_stage(position_id, stage_id),
        lambda user, found: position_permissions.can_view_kit(user, *found),
    )
    return pdf_response(services.stage_packet(position, plan_stage))


@bp.route("/applications/<int:application_id>/packet.pdf")
@roles_required(*PANEL)
def decision_memo(application_id: int) -> ResponseReturnValue:
    """Exactly what this reader may see on the debrief page; printing it is opening it."""
    debrief = require(
        debrief_queries.load_debrief(application_id, current_user),
        lambda user, found: debrief_permissions.sees_debrief(user, found.application),
    )
    response = pdf_response(services.candidate_packet(debrief, current_user.name))
    debrief_services.note_read([debrief], current_user)  # after rendering: see the docstring
    return response


@bp.route("/positions/<int:position_id>/packet.pdf")
@roles_required(*HIRING_TEAM)
def finalists(position_id: int) -> ResponseReturnValue:
    """The finalists' decision memos after a comparison summary (``?pick=`` ids from the
    comparison page choose them; otherwise the finalists by stage and decision)."""
    position = require(position_queries.load_position(position_id), debrief_permissions.can_compare)
    bundle, debriefs = services.finalists_packet(
        position,
        viewer_id=current_user.id,
        picked=list(request.args.getlist("pick", type=bounded_int)),
        limit=services.WEB_MAX_FINALISTS,
        may_open=lambda application: debrief_permissions.sees_debrief(current_user, application),
        prepared_for=current_user.name,
    )
    response = pdf_response(bundle.whole)
    debrief_services.note_read(debriefs, current_user)  # after rendering: see the docstring
    return response


@bp.route("/onboarding/plans/<int:plan_id>/packet.pdf")
def onboarding_plan(plan_id: int) -> ResponseReturnValue:
    """The plan as the reader sees it; interview evidence only in the manager's copy."""
    plan = require(onboarding_queries.load_plan(plan_id), onboarding_permissions.can_view_plan)
    return pdf_response(
        services.onboarding_packet(
            plan,
            items=onboarding_permissions.visible_items(current_user, plan),
            manager_copy=onboarding_permissions.sees_interview_evidence(current_user, plan),
            prepared_for=current_user.name,
        )
    )
