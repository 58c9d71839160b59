"""Ride-alongs done right: planned before the call (objective, stage, the competency to watch
and the manager's role, declared up front: observe, or demonstrate, never both), assessed by
the rep first, then debriefed by the manager on the competency's anchors with one or two focus
points, the agreed practice and the client follow-ups. Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hiring import timezones
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.coaching import ride_along_queries
from hiring.coaching.models import (
    ActionKind,
    CallRole,
    CallStage,
    CompetencyRating,
    MeetingStatus,
    RatingSource,
    RideAlong,
)
from hiring.coaching.services.actions import add_action
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library.schema import ItemKind
from hiring.onboarding.services import items as plan_items

STALE = "Someone changed this ride-along after you opened the page; review it and try again."


@dataclass(frozen=True)
class Plan:
    """What is agreed before the call."""

    scheduled_at: datetime  # UTC
    time_zone: str
    minutes: int
    account: str
    objective: str
    call_stage: CallStage
    manager_role: CallRole
    competency_key: str | None


@dataclass(frozen=True)
class FollowUp:
    """A promise made to the client on the call: what, by whom, by when."""

    text: str
    owner: User
    due_on: date


@dataclass(frozen=True)
class Debrief:
    """The manager's side of the debrief."""

    observations: str
    score: int | None
    focus_points: str
    agreed_practice: str
    follow_ups: tuple[FollowUp, ...] = ()


def _check_plan(rep: User, plan: Plan) -> None:
    if not plan.objective.strip():
        raise DomainError(
            "State the call's objective: what the rep wants from it.", field="objective"
        )
    if plan.competency_key is not None:
        offered = ride_along_queries.competencies_for(rep.id)
        if ride_along_queries.competency(plan.competency_key, offered) is None:
            raise DomainError(
                f"Choose one of {rep.name}'s competencies to watch.", field="competency_key"
            )


def _label(ride: RideAlong) -> str:
    moment = timezones.format_moment_named(ride.scheduled_at, ride.time_zone)
    return f"{ride.rep.name}: ride-along {moment}"[:200]


def plan_ride_along(rep: User, plan: Plan, *, by: User) -> RideAlong:
    """The manager plans a ride-along with ``rep``, before the call: the role is declared up
    front, so a call that has already happened cannot be planned (and then given whichever
    role suits it) after the fact."""
    if plan.scheduled_at <= utcnow():
        raise DomainError(
            "Plan a ride-along before the call: the objective and your role are agreed up "
            "front, so choose a time that is still to come.",
            field="day",
        )
    _check_plan(rep, plan)
    ride = RideAlong(
        rep_id=rep.id,
        manager_id=by.id,
        scheduled_at=plan.scheduled_at,
        minutes=plan.minutes,
        time_zone=plan.time_zone,
        account=plan.account.strip(),
        objective=plan.objective.strip(),
        call_stage=plan.call_stage,
        manager_role=plan.manager_role,
        competency_key=plan.competency_key,
    )
    ride.rep = rep
    db.session.add(ride)
    db.session.flush()
    record(
        "coaching.ride_along_planned",
        ride,
        actor=by,
        label=_label(ride),
        after={"role": plan.manager_role.value, "stage": plan.call_stage.value},
    )
    return ride


def _still_planned(ride: RideAlong, doing: str) -> None:
    if ride.status == MeetingStatus.CANCELLED:
        raise DomainError(f"This ride-along was cancelled; {doing} is closed.")
    if ride.status == MeetingStatus.HELD:
        raise DomainError(f"This ride-along has been debriefed; {doing} is closed.")


def edit_plan(ride: RideAlong, plan: Plan, *, version: int, by: User) -> RideAlong:
    """Change the plan before the rep has assessed the call (after that, it is history). The
    manager's role is fixed once the call's time has come: observing or demonstrating is
    declared before the call, never chosen afterwards."""
    expect_version(ride, version, STALE)
    _still_planned(ride, "the plan")
    if ride.rep_assessed_at is not None:
        raise DomainError("The rep has assessed this call; its plan stays as it was.")
    if plan.manager_role != ride.manager_role and min(ride.scheduled_at, plan.scheduled_at) <= (
        utcnow()
    ):
        raise DomainError(
            f"Your role on this call was declared as “{ride.manager_role.label}” before it "
            "took place; it stays as it was.",
            field="manager_role",
        )
    _check_plan(ride.rep, plan)
    before = {"at": ride.scheduled_at.isoformat(), "role": ride.manager_role.value}
    ride.scheduled_at = plan.scheduled_at
    ride.time_zone = plan.time_zone
    ride.minutes = plan.minutes
    ride.account = plan.account.strip()
    ride.objective = plan.objective.strip()
    ride.call_stage = plan.call_stage
    ride.manager_role = plan.manager_role
    ride.competency_key = plan.competency_key
    db.session.flush()
    after = {"at": ride.scheduled_at.isoformat(), "role": ride.manager_role.value}
    record(
        "coaching.ride_along_edited", ride, actor=by, label=_label(ride), before=before, after=after
    )
    return ride


def cancel(ride: RideAlong, *, reason: str, version: int, by: User) -> RideAlong:
    expect_version(ride, version, STALE)
    _still_planned(ride, "cancelling")
    if not reason.strip():
        raise DomainError("Say why the ride-along is called off.", field="reason")
    ride.status = MeetingStatus.CANCELLED
    ride.cancel_reason = reason.strip()
    ride.cancelled_at = utcnow()
    db.session.flush()
    record(
        "coaching.ride_along_cancelled",
        ride,
        actor=by,
        label=_label(ride),
        after={"reason": ride.cancel_reason},
    )
    return ride


def assess(ride: RideAlong, *, text: str, version: int, by: User) -> RideAlong:
    """The rep's own assessment of the call, which comes before any feedback; they may revise
    it until the manager has debriefed."""
    expect_version(ride, version, STALE)
    _still_planned(ride, "the assessment")
    if ride.scheduled_at > utcnow():
        raise DomainError("Assess the call once it has happened.")
    if not text.strip():
        raise DomainError(
            "Say how you think the call went against its objective.", field="rep_assessment"
        )
    ride.rep_assessment = text.strip()
    ride.rep_assessed_at = utcnow()
    db.session.flush()
    record("coaching.ride_along_assessed", ride, actor=by, label=_label(ride))
    return ride


def _focus_points(text: str) -> str:
    points = [p.strip() for p in text.splitlines() if p.strip()]
    if not points:
        raise DomainError("Agree one or two focus points in the debrief.", field="focus_points")
    if len(points) > 2:
        raise DomainError(
            "Keep the debrief to one or two focus points; more do not stick.",
            field="focus_points",
        )
    return "\n".join(points)


def _rating(ride: RideAlong, score: int | None, by: User) -> CompetencyRating | None:
    """The manager's rating of the watched competency, on its anchored scale. A demonstration
    call rates nobody: the manager sold, so there was nothing of the rep's to observe."""
    if not ride.is_coaching or ride.competency_key is None:
        return None
    offered = ride_along_queries.competencies_for(ride.rep_id)
    watched = ride_along_queries.competency(ride.competency_key, offered)
    levels = watched.scale.levels if watched is not None else []
    if score is None or score not in levels:
        span = f"{levels[0]} to {levels[-1]}" if levels else "the competency's scale"
        raise DomainError(f"Rate what you saw on the anchors, from {span}.", field="score")
    return CompetencyRating(
        rep_id=ride.rep_id,
        competency_key=ride.competency_key,
        score=score,
        source=RatingSource.RIDE_ALONG,
        rated_on=timezones.local_date(ride.scheduled_at, ride.time_zone),
        assessor_id=by.id,
    )


def debrief(ride: RideAlong, debrief: Debrief, *, version: int, by: User) -> RideAlong:
    """The manager's debrief, once the rep has assessed the call: observations rated on the
    anchors, one or two focus points, the agreed practice and the client follow-ups (open
    action items). It marks the ride-along held and ticks the rep's next open item of the
    call's kind (ride-along or demonstration call) on an active onboarding plan."""
    expect_version(ride, version, STALE)
    _still_planned(ride, "the debrief")
    if ride.rep_assessed_at is None:
        raise DomainError(
            f"Waiting for {ride.rep.first_name}'s own assessment: the rep assesses the call "
            "first, then you debrief."
        )
    if not debrief.observations.strip():
        raise DomainError("Write what you observed on the call.", field="observations")
    ride.focus_points = _focus_points(debrief.focus_points)
    if not debrief.agreed_practice.strip():
        raise DomainError(
            "Agree what the rep will practise before the next call.", field="agreed_practice"
        )
    rating = _rating(ride, debrief.score, by)
    if rating is not None:
        rating.note = debrief.observations.strip()
        ride.ratings.append(rating)
    ride.observations = debrief.observations.strip()
    ride.agreed_practice = debrief.agreed_practice.strip()
    ride.status = MeetingStatus.HELD
    ride.debriefed_at = utcnow()
    db.session.flush()
    for follow_up in debrief.follow_ups:
        add_action(
            ride.rep,
            text=follow_up.text,
            owner=follow_up.owner,
            due_on=follow_up.due_on,
            by=by,
            kind=ActionKind.CLIENT_FOLLOW_UP,
            ride_along=ride,
        )
    _tick_plan_item(ride, by)
    record(
        "coaching.ride_along_debriefed",
        ride,
        actor=by,
        label=_label(ride),
        after={
            "score": rating.score if rating else None,
            "follow_ups": len(debrief.follow_ups),
            "plan_item": ride.plan_item_id,
        },
    )
    return ride


def _tick_plan_item(ride: RideAlong, by: User) -> None:
    """Tick the earliest open plan item this call fulfils: a coaching ride-along item for an
    observed call, a demonstration-call item for a demonstration (mentoring never counts as
    coaching, and the reverse). Each item asks for one call."""
    kind = ItemKind.RIDE_ALONG if ride.is_coaching else ItemKind.DEMO_CALL
    item = plan_items.next_open_item(ride.rep_id, kind)
    if item is None:
        return
    day = timezones.day(timezones.local_date(ride.scheduled_at, ride.time_zone))
    what = "Coaching ride-along" if ride.is_coaching else "Demonstration call (mentoring)"
    plan_items.tick_by_record(
        item, by=by, note=f"{what} held on {day}", audit={"ride_along": ride.id}
    )
    ride.plan_item_id = item.id
    db.session.flush()
