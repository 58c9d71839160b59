"""Building the context of each packet and rendering it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from hiring import timezones
from hiring.analytics import correlation
from hiring.analytics import funnel as funnels
from hiring.analytics import quality as qualities
from hiring.analytics.agreement import agreement
from hiring.analytics.calibration import calibration
from hiring.analytics.impact import MIN_CELL, MIN_SELECTIONS
from hiring.analytics.impact_queries import impact_by_position
from hiring.analytics.ratings import load_ratings
from hiring.analytics.scope import Scope, role_profiles
from hiring.applications.models import Application
from hiring.applications.queries import application_events
from hiring.applications.stages import stage_label, stage_names
from hiring.coaching.plan_summary import CoachingSummary
from hiring.db import db, utcnow
from hiring.debriefs.comparison import CompareRow, comparison, finalists
from hiring.debriefs.queries import Debrief, load_debrief, profile_specs
from hiring.interviews.models import Interview
from hiring.library.schema import ItemKind
from hiring.onboarding.models import PHASE_DAYS, OnboardingPlan, PlanItem
from hiring.packets.render import Bundle, Packet, build
from hiring.positions import queries as position_queries
from hiring.positions.models import PlanStage, Position
from hiring.scorecards.models import Recommendation

BLANK = "______________________________"


def interview_packet(interview: Interview) -> Packet:
    """The kit and a blank anchored scorecard for one interview, to run it on paper."""
    position = interview.application.position
    candidate = interview.application.candidate.name
    return _kit_packet(
        position,
        interview.stage,
        title_subject=candidate,
        filename=f"interview-{interview.id}-packet.pdf",
        candidate_name=candidate,
        # In the zone of whoever prints it (the CLI: the organisation's), zone named.
        when_text=timezones.format_moment(interview.starts_at),
        interviewer_names=", ".join(u.name for u in interview.panel_users)
        + "".join(f", {u.name} (shadow)" for u in interview.shadow_users),
    )


def stage_packet(position: Position, stage: PlanStage) -> Packet:
    """A blank interview packet for one stage of a plan, to print before scheduling."""
    return _kit_packet(
        position,
        stage,
        title_subject=position.title,
        filename=f"position-{position.id}-stage-{stage.position + 1}-packet.pdf",
        candidate_name=BLANK,
        when_text=BLANK,
        interviewer_names=", ".join(u.name for u in stage.interviewer_users) or BLANK,
    )


def _kit_packet(
    position: Position, stage: PlanStage, *, title_subject: str, filename: str, **cover: str
) -> Packet:
    kit = position_queries.kit_context(position, stage)
    return build(
        "interview.html",
        title=f"Interview packet: {title_subject}, {kit['stage'].name}",
        filename=filename,
        packet_person=title_subject,
        **kit,
        **cover,
    )


# The candidate packet: the decision memo ---------------------------------------------------


def candidate_packet(debrief: Debrief, prepared_for: str = "") -> Packet:
    """Everything the debrief shows (submitted scorecards only) plus the timeline, on paper.

    ``debrief`` is loaded and permission-checked by the caller, so the memo shows exactly
    what the requester may see on the debrief page: never a draft, never a rating the
    requester may not read yet.
    """
    return build("candidate.html", **_memo_context(debrief, prepared_for))


def _memo_context(debrief: Debrief, prepared_for: str) -> dict[str, Any]:
    application = debrief.application
    candidate = application.candidate.name
    names = stage_names(application.position)
    return {
        "title": f"Decision memo: {candidate}, {application.position.title}",
        "filename": f"application-{application.id}-decision-memo.pdf",
        "packet_person": candidate,
        "packet_subject": f"Debrief and decision for {candidate}",
        "d": debrief,
        "events": application_events(application),
        "stage_names": names,
        "stage_label": stage_label,
        "prepared_for": prepared_for,
        "recommendations": list(Recommendation),
        "scale_top": len(debrief.position.role_profile.scale.levels),
    }


# The onboarding packet -----------------------------------------------------------------------


#: What a plan with a ramp phase adds to the packet's title.
RAMP_TITLE = " with the months 4\u20136 ramp"


def onboarding_packet(
    plan: OnboardingPlan,
    *,
    items: list[PlanItem],
    manager_copy: bool,
    prepared_for: str = "",
    coaching: CoachingSummary | None = None,
) -> Packet:
    """The 30/60/90 plan on paper. Only the manager's copy carries the interview evidence
    behind the development goals; the new hire's copy has the goals in the manager's words.
    ``coaching``: the new hire's next and last held 1:1s and ride-alongs, kept in coaching
    (when and what kind, never the notes), for the manager's and the new hire's copies only."""
    phases = {
        phase: sorted((i for i in items if i.phase == phase), key=lambda i: (i.due_date, i.id))
        for phase in plan.phases
    }
    weekly = [i for i in items if i.kind == ItemKind.ONE_ON_ONE and i.generated]
    goals = [g for g in plan.goals if not g.is_development]
    development = [g for g in plan.goals if g.is_development]
    new_hire = plan.new_hire.name
    return build(
        "onboarding.html",
        title=f"Onboarding plan: {new_hire}" + (" (manager's copy)" if manager_copy else ""),
        filename=f"onboarding-plan-{plan.id}{'-manager-copy' if manager_copy else ''}.pdf",
        packet_person=new_hire,
        packet_subject=f"30/60/90-day onboarding plan{RAMP_TITLE if plan.has_ramp else ''} "
        f"for {new_hire}",
        plan=plan,
        phases=phases,
        phase_labels=plan.phases,
        phase_days=PHASE_DAYS,
        phase_dates={
            phase: (
                plan.start_date + timedelta(days=first - 1),
                plan.start_date + timedelta(days=last - 1),
            )
            for phase, (first, last) in PHASE_DAYS.items()
            if phase in plan.phases
        },
        goals=goals,
        development=development,
        one_on_ones=sorted(weekly, key=lambda i: i.due_date),
        coaching=coaching,
        manager_copy=manager_copy,
        prepared_for=prepared_for,
        ramp_title=RAMP_TITLE if plan.has_ramp else "",
        end_date=plan.start_date + timedelta(days=plan.last_day - 1),
    )


# The position packet: the finalists' memos, merged ----------------------------------------


#: Memos per position packet from the CLI, which renders it where it runs (the web's packets
#: are built by a worker and hold every finalist: ``hiring.packets.builds``).
CLI_MAX_FINALISTS = 60


def finalists_packet(
    position: Position,
    *,
    viewer_id: int | None,
    picked: list[int],
    limit: int | None,
    may_open: Callable[[Application], bool] = lambda _application: True,
    prepared_for: str = "",
    separate: bool = False,
) -> tuple[Bundle, list[Debrief]]:
    """The position packet for a viewer (``None``: the CLI, which sees what an admin sees),
    with the debriefs it holds; candidates whose numbers the viewer may not see are left out,
    and those beyond ``limit`` (None: none). ``separate`` also builds each part as a
    document of its own (the CLI's ``--out-dir``).
    """
    rows = comparison(position, viewer_id=viewer_id)
    plan = position.current_plan
    last_stage = len(plan.stages) - 1 if plan and plan.stages else None
    eligible = finalists(rows, last_stage=last_stage, picked=picked)
    debriefs = [
        debrief
        for row in eligible[:limit]
        if (debrief := load_debrief(row.application.id)) and may_open(debrief.application)
    ]
    shown = {d.application.id for d in debriefs}
    bundle = position_packet(
        position,
        [row for row in eligible if row.application.id in shown],
        debriefs,
        withheld=sum(1 for r in rows if r.hidden),
        left_out=0 if limit is None else max(len(eligible) - limit, 0),
        prepared_for=prepared_for,
        separate=separate,
    )
    return bundle, debriefs


def position_packet(
    position: Position,
    finalist_rows: list[CompareRow],
    debriefs: list[Debrief],
    *,
    withheld: int = 0,
    left_out: int = 0,
    prepared_for: str = "",
    separate: bool = False,
) -> Bundle:
    """A comparison summary of the finalists first, then each finalist's decision memo.

    The packet is one document (``finalists.html``): concatenated PDFs would number their
    pages part by part and lose the document's language and structure on the way.
    """
    plan = position.current_plan
    summary: dict[str, Any] = {
        "packet_person": position.title,
        "position": position,
        "rows": finalist_rows,
        "specs": profile_specs(position.role_profile),
        "stages": plan.stages if plan else [],
        "withheld": withheld,
        "left_out": left_out,
        "prepared_for": prepared_for,
        "scale_top": len(position.role_profile.scale.levels),
    }
    memos = [_memo_context(d, prepared_for) for d in debriefs]
    whole = build(
        "finalists.html",
        title=f"Finalists' packet: {position.title}",
        filename=f"position-{position.id}-finalists-packet.pdf",
        packet_subject=f"Comparison of the finalists for {position.title}, and their memos",
        memos=memos,
        **summary,
    )
    if not separate:
        return Bundle(whole, [])
    parts = [
        build(
            "position.html",
            title=f"Finalists: {position.title}",
            filename=f"position-{position.id}-summary.pdf",
            packet_subject=f"Comparison of the finalists for {position.title}",
            **summary,
        ),
        *(build("candidate.html", **memo) for memo in memos),
    ]
    return Bundle(whole, parts)


# The hiring quality report: the analytics sections on paper ---------------------------------


def analytics_report(
    scope: Scope, *, prepared_for: str, calibration_too: bool, impact_too: bool
) -> Packet:
    """Every analytics section the reader may open, for the same filters, from the same
    functions as the pages (so the numbers match them and their CSVs). The caller decides
    ``calibration_too`` and ``impact_too`` from the reader's permissions, and records the
    impact read before calling.

    The cover's "generated" time is to the minute, so asking again within the minute (or
    revalidating) finds the same fingerprint and the cached PDF.
    """
    ratings = load_ratings(scope)
    funnel_report = funnels.funnel_report(scope)
    quality_report = qualities.quality_report(scope)
    position = db.session.get(Position, scope.position_id) if scope.position_id else None
    return build(
        "analytics_report.html",
        title="Hiring quality report",
        filename=f"hiring-quality-report-{scope.since.isoformat()}-to-{scope.until.isoformat()}.pdf",
        packet_subject="Agreement, calibration, adverse impact, funnel and quality of hire",
        packet_person=prepared_for,
        scope=scope,
        position=position,
        role_name=dict(role_profiles()).get(scope.role_key or "", ""),
        prepared_for=prepared_for,
        generated=timezones.format_moment(utcnow().replace(second=0, microsecond=0)),
        a=agreement(ratings),
        c=calibration(ratings) if calibration_too else None,
        impact=impact_by_position(scope) if impact_too else None,
        min_cell=MIN_CELL,
        min_selections=MIN_SELECTIONS,
        funnel=funnel_report,
        funnel_summary=funnels.summary_rows(funnel_report),
        quality=quality_report,
        competency_rows=qualities.rows(quality_report.competencies),
        question_rows=qualities.rows(quality_report.questions),
        min_pairs=correlation.MIN_PAIRS,
    )
