"""Every printable thing, at the address of the page it prints: one blueprint for all packets.

Each route loads and authorises exactly as the page it prints does, then hands the HTML to
the packet pipeline (``render`` → fingerprint → cached PDF → ``http.pdf_response``). The
finalists' packet is the exception: too long to render in a request, and too costly even to
fingerprint there, a worker builds it (``hiring.packets.builds``) while its requester
watches a progress page. A request never renders more than one packet.

Printing a decision memo is reading its debrief (``debriefs.services.note_read``). That write
comes only after the PDF is built: rendering takes seconds, and a pending UPDATE would hold
the database's write lock all that time (on SQLite every other writer would wait, then fail
with "database is locked"). The memos do not show when the debrief was opened, so noting it
afterwards changes nothing printed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import timezones
from hiring.analytics import permissions as analytics_permissions
from hiring.analytics import selfid
from hiring.analytics.filters import READERS, page_filters
from hiring.auth.models import HIRING_TEAM, PANEL
from hiring.coaching import permissions as coaching_permissions
from hiring.coaching import plan_summary, support_queries
from hiring.coaching.services.support_plans import SUPPORT_KINDS
from hiring.debriefs import permissions as debrief_permissions
from hiring.debriefs import queries as debrief_queries
from hiring.debriefs import services as debrief_services
from hiring.forms import ButtonForm
from hiring.interviews import permissions as interview_permissions
from hiring.interviews import queries as interview_queries
from hiring.onboarding import permissions as onboarding_permissions
from hiring.onboarding import queries as onboarding_queries
from hiring.packets import builds, services
from hiring.packets.http import pdf_response, stored_pdf_response
from hiring.packets.models import BuildStatus, PacketBuild
from hiring.packets.render import build as build_packet
from hiring.permissions import bounded_int, require, roles_required
from hiring.positions import permissions as position_permissions
from hiring.positions import queries as position_queries
from hiring.positions.models import Position
from hiring.transaction import attempt

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
    comparison page choose them; otherwise the finalists by stage and decision).

    Always the job's work (``builds.build_packet``): working out the finalists, their memos
    and the packet's fingerprint costs as much as the position's history, so this request
    only asks for the build and answers with its progress page. A packet built before and
    unchanged is found in the cache by the job at once, and the page offers its download."""
    position = require(position_queries.load_position(position_id), debrief_permissions.can_compare)
    picked = list(request.args.getlist("pick", type=bounded_int))
    outcome = attempt(lambda: builds.request_build(position, current_user, picked))
    if not outcome:
        return redirect(url_for("debriefs.compare", position_id=position.id), 303)
    return redirect(url_for(".build", position_id=position.id, build_id=outcome.value.id), 303)


@bp.route("/positions/<int:position_id>/packets/<int:build_id>")
@roles_required(*HIRING_TEAM)
def build(position_id: int, build_id: int) -> ResponseReturnValue:
    """A packet on its way: progress (updated by packet-progress.js), then its download."""
    found = _own_build(position_id, build_id)
    return render_template("packets/progress.html", build=found, form=ButtonForm(), **_state(found))


@bp.route("/positions/<int:position_id>/packets/<int:build_id>.json")
@roles_required(*HIRING_TEAM)
def build_status(position_id: int, build_id: int) -> ResponseReturnValue:
    """What the progress page polls: a few numbers, never cached."""
    state = _state(_own_build(position_id, build_id))
    response = jsonify(
        status=state["status"].value,
        done=state["done"],
        total=state["total"],
        text=state["text"],
        download=state["download"],
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/positions/<int:position_id>/packets/<int:build_id>.pdf")
@roles_required(*HIRING_TEAM)
def download_build(position_id: int, build_id: int) -> ResponseReturnValue:
    """The finished packet from the shared cache, while its requester may still see every
    candidate in it (re-checked at each download); if it has been pruned, built again."""
    found = _own_build(position_id, build_id)
    if builds.shown_status(found) != BuildStatus.READY or found.fingerprint is None:
        return redirect(url_for(".build", position_id=position_id, build_id=build_id))
    if builds.hides_something_now(found, current_user):  # its page offers to build it again
        flash("That packet can no longer be downloaded: see why below.", "error")
        return redirect(url_for(".build", position_id=position_id, build_id=build_id), 303)
    response = stored_pdf_response(found.fingerprint, found.filename or "finalists-packet.pdf")
    if response is not None:
        return response
    flash("That packet is no longer kept, so it is being built again.", "info")
    return redirect(url_for(".finalists", position_id=position_id, pick=found.picked_ids), 303)


@bp.route("/positions/<int:position_id>/packets/<int:build_id>/retry", methods=["POST"])
@roles_required(*HIRING_TEAM)
def retry_build(position_id: int, build_id: int) -> ResponseReturnValue:
    """Build a packet again (the same picks, for the same person): a failed one, or one that
    holds candidates its requester may no longer see (the new one leaves them out)."""
    found = _own_build(position_id, build_id)
    if ButtonForm().validate_on_submit() and (
        outcome := attempt(
            lambda: builds.request_build(found.position, current_user, found.picked_ids)
        )
    ):
        return redirect(url_for(".build", position_id=position_id, build_id=outcome.value.id))
    return redirect(url_for(".build", position_id=position_id, build_id=build_id))


def _own_build(position_id: int, build_id: int) -> PacketBuild:
    """The signed-in person's build (404 for anyone else's), while they may still compare."""
    found = require(builds.load_build(position_id, build_id, current_user))
    require(found.position, debrief_permissions.can_compare)
    return found


def _state(found: PacketBuild) -> dict[str, Any]:
    status = builds.shown_status(found)
    ready = status == BuildStatus.READY
    outdated = ready and builds.hides_something_now(found, current_user)
    return {
        "status": status,
        "outdated": outdated,
        "done": found.done,
        "total": found.total,
        "text": builds.OUTDATED if outdated else builds.progress_text(found),
        "download": url_for(".download_build", position_id=found.position_id, build_id=found.id)
        if ready and not outdated
        else None,
    }


@bp.app_template_global("packet_builds")
def packet_builds(position: Position) -> list[tuple[PacketBuild, BuildStatus]]:
    """The reader's recent finalists' packets of ``position``, for the comparison pages."""
    if not current_user.is_authenticated:
        return []
    return [(b, builds.shown_status(b)) for b in builds.recent_builds(position, current_user)]


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
            coaching=plan_summary.summary(plan.new_hire_id)
            if onboarding_permissions.can_see_meetings(current_user, plan)
            else None,
        )
    )


@bp.route("/coaching/support-plans/<int:plan_id>/packet.pdf")
def support_plan(plan_id: int) -> ResponseReturnValue:
    """A support plan on paper, for whoever reads its page: diagnosis, expectations, support,
    check-ins, outcome and both sides' signature lines."""
    plan = require(support_queries.load_plan(plan_id), coaching_permissions.can_view_support_plan)
    today = timezones.today()
    return pdf_response(
        build_packet(
            "support_plan.html",
            title=f"Support plan: {plan.rep.name}",
            filename=f"support-plan-{plan.id}.pdf",
            packet_person=plan.rep.name,
            packet_subject=f"Support plan for {plan.rep.name}",
            plan=plan,
            weeks=support_queries.weeks(plan, today),
            past_window=support_queries.past_window(plan, today),
            kinds=SUPPORT_KINDS,
            prepared_for=current_user.name,
        )
    )


@bp.route("/analytics/report.pdf")
@roles_required(*READERS)
def analytics_report() -> ResponseReturnValue:
    """The hiring quality report: the analytics sections this reader may open, same filters.

    Its adverse-impact section reads the self-identification, so an admin's report is
    audited like the impact page (``what="report"``). The audit row is written after the
    PDF is built (a pending INSERT would hold the write lock while it renders: see the
    module docstring) but in the request's one transaction, so no report leaves unrecorded.
    """
    filters = page_filters()
    impact_too = analytics_permissions.can_see_impact(current_user)
    response = pdf_response(
        services.analytics_report(
            filters.scope,
            prepared_for=current_user.name,
            calibration_too=analytics_permissions.can_see_calibration(current_user),
            impact_too=impact_too,
        )
    )
    if impact_too:
        read = filters.scope.query_args()
        attempt(lambda: selfid.record_impact_read(current_user, read, "report"))
    return response
