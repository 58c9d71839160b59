"""Building the context of each packet and rendering it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from hiring.interviews.models import Interview
from hiring.packets.render import Packet, build
from hiring.positions import queries as position_queries
from hiring.positions.models import PlanStage, Position


def interview_packet(interview: Interview) -> Packet:
    """The kit and a blank anchored scorecard for one interview, to run it on paper."""
    position = interview.application.position
    plan = position_queries.load_plan(interview.stage.revision_id)
    assert plan is not None
    stage = next(s for s in plan.stages if s.id == interview.stage_id)
    links = {link.competency_id: link for link in position.role_profile.competency_links}
    local = interview.starts_at.astimezone(ZoneInfo(interview.time_zone))
    candidate = interview.application.candidate.name
    return build(
        "interview.html",
        title=f"Interview packet: {candidate}, {stage.name}",
        filename=f"interview-{interview.id}-packet.pdf",
        packet_person=candidate,
        position=position,
        plan=plan,
        stage=stage,
        names_by_key={link.competency.key: link.competency.name for link in links.values()},
        candidate_name=candidate,
        when_text=f"{local:%A %d %B %Y, %H:%M} ({interview.time_zone})",
        interviewer_names=", ".join(u.name for u in interview.interviewer_users),
    )


def stage_packet(position: Position, stage: PlanStage) -> Packet:
    """A blank interview packet for one stage of a plan, to print before scheduling."""
    plan = position_queries.load_plan(stage.revision_id)
    assert plan is not None
    stage = next(s for s in plan.stages if s.id == stage.id)
    links = {link.competency_id: link for link in position.role_profile.competency_links}
    return build(
        "interview.html",
        title=f"Interview packet: {position.title}, {stage.name}",
        filename=f"position-{position.id}-stage-{stage.position + 1}-packet.pdf",
        packet_person=position.title,
        position=position,
        plan=plan,
        stage=stage,
        names_by_key={link.competency.key: link.competency.name for link in links.values()},
        candidate_name="______________________________",
        when_text="______________________________",
        interviewer_names=", ".join(u.name for u in stage.interviewer_users)
        or "______________________________",
    )
