"""Noah Kim's coaching, four months in: the day-30/60/90 check-ins, a weekly 1:1 cadence with
the 1:1s held on it, two ride-alongs and a third planned, and his motivators ranked twice.

The story is data (``hiring/demo_data/coaching.toml``), replayed through the coaching and
onboarding services after ``hiring.demo_new_hire`` has made his plan. The services stamp what
they record with the present moment (a 1:1 is "held" now), so each record's moments are set
back afterwards to when it happened in the story; every rule the services check still applies.
The replay functions here serve the second rep's story too (``hiring.demo_support``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from hiring.auth.models import User
from hiring.coaching.models import (
    ActionItem,
    Cadence,
    CallRole,
    CallStage,
    CoachingProfile,
    MeetingStatus,
    OneOnOne,
    RideAlong,
)
from hiring.coaching.services import actions, cadence, motivators, one_on_ones, ride_alongs
from hiring.db import db, utcnow
from hiring.demo import DemoDataError, read_data
from hiring.library.models import RoleProfile
from hiring.onboarding.models import CheckIn, OnboardingPlan, Progress
from hiring.onboarding.services import certifications, checkins

COACHING = read_data("coaching.toml")


def series_days(spec: dict[str, Any], count: int) -> list[date]:
    """The local days of the last ``count`` 1:1s of a weekly cadence (``spec``: weekday, time,
    zone, minutes) that have ended by now, oldest first: the story's 1:1s fill them (a 1:1
    still going on when the demo is seeded is not yet held)."""
    zone = ZoneInfo(spec["time_zone"])
    now = utcnow()
    today = now.astimezone(zone).date()
    last = today - timedelta(days=(today.weekday() - spec["weekday"]) % 7)
    starts = datetime.combine(last, time.fromisoformat(spec["time"]), tzinfo=zone)
    if starts + timedelta(minutes=spec["minutes"]) > now:
        last -= timedelta(days=7)
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


def moment(day: date, hhmm: str, zone: str) -> datetime:
    """``day`` at the local time ``hhmm`` in ``zone``, in UTC."""
    local = datetime.combine(day, time.fromisoformat(hhmm), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC)


def person(email: str) -> User:
    found = db.session.scalar(select(User).where(User.email == email))
    if found is None:
        raise DemoDataError(f"The coaching story needs {email} among the demo people.")
    return found


def active_plan(rep: User) -> OnboardingPlan:
    plan = db.session.scalar(select(OnboardingPlan).where(OnboardingPlan.new_hire_id == rep.id))
    if plan is None:
        raise DemoDataError(f"The coaching story needs {rep.name}'s onboarding plan first.")
    return plan


def seed_coaching() -> int:
    """Noah's coaching with Morgan; nothing when his cadence is already set."""
    spec = COACHING
    noah = person(spec["rep"])
    if db.session.scalar(select(CoachingProfile.id).where(CoachingProfile.rep_id == noah.id)):
        return 0
    manager = noah.manager
    assert manager is not None
    plan = active_plan(noah)
    replay_checkins(plan, spec["checkins"], rep=noah, manager=manager)
    profile = replay_cadence(noah, spec, manager=manager)
    replay_one_on_ones(profile, noah, spec, manager=manager)
    replay_ride_alongs(noah, spec, manager=manager)
    _next_agenda(noah, spec["next_one_on_one"], manager=manager)
    for entry in spec["motivators"]:
        recorded = motivators.record_motivators(
            noah, ranking=entry["ranking"], own_words=entry["own_words"], by=noah
        )
        recorded.recorded_at = utcnow() - timedelta(days=entry["days_ago"])
    db.session.flush()
    return 1


def replay_checkins(
    plan: OnboardingPlan, entries: list[dict[str, Any]], *, rep: User, manager: User
) -> None:
    """Each milestone as the story has it: the rep's own rating the day before, the manager's
    on the day with their competency ratings, then the sign-off once both are in."""
    by_milestone: dict[int, CheckIn] = {c.milestone: c for c in plan.checkins}
    competencies = certifications.plan_competencies(plan)
    for entry in entries:
        checkin = by_milestone[entry["milestone"]]
        on_day = moment(checkin.due_date, "15:00", rep.time_zone or "UTC")
        if "new_hire" in entry:
            rating, comment = entry["new_hire"]
            checkins.rate_checkin(checkin, by=rep, rating=Progress(rating), comment=comment)
            checkin.new_hire_rated_at = min(on_day - timedelta(days=1), utcnow())
        if "manager" in entry:
            rating, comment = entry["manager"]
            checkins.rate_checkin(checkin, by=manager, rating=Progress(rating), comment=comment)
            checkin.manager_rated_at = on_day
        if "ratings" in entry:
            certifications.rate_competencies(
                checkin,
                competencies=competencies,
                scores=entry["ratings"],
                expected_version=plan.version,
                by=manager,
            )
            for scored in checkin.competency_ratings:
                scored.rated_at = on_day
        if "new_hire" in entry and "manager" in entry:
            checkins.sign_off(checkin, by=manager)
            checkin.signed_off_at = on_day + timedelta(minutes=30)
        db.session.flush()


def replay_cadence(rep: User, spec: dict[str, Any], *, manager: User) -> CoachingProfile:
    """The weekly cadence, from the first 1:1 of the story (set the week before it)."""
    days = series_days(spec["cadence"], len(spec["one_on_ones"]))
    values = spec["cadence"]
    role = db.session.scalar(
        select(RoleProfile.id).where(
            RoleProfile.key == values["role_profile"], RoleProfile.current.is_(True)
        )
    )
    profile = cadence.set_cadence(
        rep,
        cadence.CadenceValues(
            cadence=Cadence.WEEKLY,
            first_on=days[0],
            starts_at_local=time.fromisoformat(values["time"]),
            time_zone=values["time_zone"],
            minutes=values["minutes"],
            ride_alongs_per_month=values["ride_alongs_per_month"],
            role_profile_id=role,
        ),
        by=manager,
        version=0,
    )
    profile.created_at = moment(days[0] - timedelta(days=5), "12:00", values["time_zone"])
    return profile


def replay_one_on_ones(
    profile: CoachingProfile, rep: User, spec: dict[str, Any], *, manager: User
) -> list[OneOnOne]:
    """Each week's 1:1, put in place by the cadence as the hourly job would have the day
    before, then its agenda (the rep's topics first), notes, record and action items."""
    zone, minutes = profile.time_zone, profile.minutes
    held: list[OneOnOne] = []
    for day, entry in zip(
        series_days(spec["cadence"], len(spec["one_on_ones"])), spec["one_on_ones"], strict=True
    ):
        slot = moment(day, spec["cadence"]["time"], zone)
        made = cadence.materialise(profile, rep=rep, now=slot - timedelta(days=1))
        meeting = next((m for m in made if m.scheduled_at == slot), None)
        if meeting is None:
            raise DemoDataError(f"The cadence made no 1:1 on {day} for {rep.name}.")
        meeting.created_at = slot - timedelta(days=1)
        if "cancelled" in entry:
            one_on_ones.cancel(
                meeting, by=manager, version=meeting.version, reason=entry["cancelled"]
            )
            continue
        _agenda(meeting, entry, rep=rep, manager=manager)
        one_on_ones.save_notes(meeting, by=manager, version=meeting.version, notes=entry["notes"])
        deal, skill = entry.get("deal"), entry.get("skill")
        one_on_ones.record_held(
            meeting,
            one_on_ones.HeldRecord(
                deal_coaching=deal is not None,
                opportunities=deal[0] if deal else "",
                next_steps=deal[1] if deal else "",
                skill_coaching=skill is not None,
                competency_key=skill[0] if skill else None,
                practised=skill[1] if skill else "",
            ),
            by=manager,
            version=meeting.version,
        )
        meeting.held_at = slot + timedelta(minutes=minutes)
        if meeting.plan_item is not None:
            meeting.plan_item.done_at = meeting.held_at
        for action in entry.get("actions", []):
            _action(rep, action, made_at=meeting.held_at, manager=manager, one_on_one=meeting)
        held.append(meeting)
    db.session.flush()
    return held


def _next_agenda(rep: User, entry: dict[str, Any], *, manager: User) -> None:
    """The next 1:1's agenda, started by the rep over the weekend, then the manager."""
    meeting = db.session.scalar(
        select(OneOnOne)
        .where(OneOnOne.rep_id == rep.id, OneOnOne.status == MeetingStatus.SCHEDULED)
        .order_by(OneOnOne.scheduled_at)
        .limit(1)
    )
    if meeting is None:
        raise DemoDataError(f"The cadence has no next 1:1 for {rep.name}.")
    for author, texts in ((rep, entry["rep_topics"]), (manager, entry["manager_topics"])):
        for text in texts:
            one_on_ones.add_topic(meeting, by=author, text=text)


def _agenda(meeting: OneOnOne, entry: dict[str, Any], *, rep: User, manager: User) -> None:
    """The rep's topics, added a few days before; the manager's the day before; all covered."""
    for author, texts, ahead in (
        (rep, entry.get("rep_topics", []), 3),
        (manager, entry.get("manager_topics", []), 1),
    ):
        for text in texts:
            topic = one_on_ones.add_topic(meeting, by=author, text=text)
            topic.added_at = meeting.scheduled_at - timedelta(days=ahead)
            one_on_ones.mark_topic(topic, by=manager, covered=True)


def _action(
    rep: User,
    spec: dict[str, Any],
    *,
    made_at: datetime,
    manager: User,
    one_on_one: OneOnOne | None = None,
    item: ActionItem | None = None,
) -> ActionItem:
    """An action agreed at ``made_at`` (or ``item``, made already by a ride-along debrief),
    due and perhaps done so many days later."""
    owner = rep if spec["owner"] == "rep" else manager
    if item is None:
        item = actions.add_action(
            rep,
            text=spec["text"],
            owner=owner,
            due_on=made_at.date() + timedelta(days=spec["due"]),
            by=manager,
            one_on_one=one_on_one,
        )
    item.created_at = made_at
    if "done" in spec:
        done_at = made_at + timedelta(days=spec["done"])
        if done_at > utcnow():
            raise DemoDataError(f"{spec['text']!r} would be done in the future.")
        actions.complete_action(item, by=owner, version=item.version)
        item.done_at = done_at
    return item


def replay_ride_alongs(rep: User, spec: dict[str, Any], *, manager: User) -> list[RideAlong]:
    """Each ride-along, planned a week ahead; a past one assessed by the rep that evening
    and debriefed by the manager the next morning, its client follow-ups tracked."""
    days = series_days(spec["cadence"], len(spec["one_on_ones"]))
    zone = spec["cadence"]["time_zone"]
    rides = []
    for entry in spec["ride_alongs"]:
        if "days_after_first" in entry:
            day = days[0] + timedelta(days=entry["days_after_first"])
        else:
            day = days[-1] + timedelta(days=entry["days_after_last"])
        starts = moment(day, entry["time"], zone)
        # Planned a week ahead of the call, as a manager does; the service only takes calls
        # still to come, so a past one is planned for tomorrow and then put on its day.
        ride = ride_alongs.plan_ride_along(
            rep,
            ride_alongs.Plan(
                scheduled_at=max(starts, utcnow() + timedelta(days=1)),
                time_zone=zone,
                minutes=entry["minutes"],
                account=entry["account"],
                objective=entry["objective"],
                call_stage=CallStage(entry["stage"]),
                manager_role=CallRole(entry["role"]),
                competency_key=entry.get("competency"),
            ),
            by=manager,
        )
        ride.scheduled_at = starts
        ride.created_at = min(starts - timedelta(days=7), utcnow())
        if "rep_assessment" in entry:
            _debrief(ride, entry, rep=rep, manager=manager)
        rides.append(ride)
    db.session.flush()
    return rides


def _debrief(ride: RideAlong, entry: dict[str, Any], *, rep: User, manager: User) -> None:
    ended = ride.scheduled_at + timedelta(minutes=ride.minutes)
    ride_alongs.assess(ride, text=entry["rep_assessment"], version=ride.version, by=rep)
    ride.rep_assessed_at = ended + timedelta(hours=2)
    follow_ups = entry.get("follow_ups", [])
    ride_alongs.debrief(
        ride,
        ride_alongs.Debrief(
            observations=entry["observations"],
            score=entry.get("score"),
            focus_points=entry["focus_points"],
            agreed_practice=entry["agreed_practice"],
            follow_ups=tuple(
                ride_alongs.FollowUp(
                    text=f["text"],
                    owner=rep if f["owner"] == "rep" else manager,
                    due_on=ended.date() + timedelta(days=f["due"]),
                )
                for f in follow_ups
            ),
        ),
        version=ride.version,
        by=manager,
    )
    debriefed = ended + timedelta(hours=18)
    ride.debriefed_at = debriefed
    for rating in ride.ratings:
        rating.created_at = debriefed
    if ride.plan_item is not None:
        ride.plan_item.done_at = debriefed
    made = db.session.scalars(
        select(ActionItem).where(ActionItem.ride_along_id == ride.id).order_by(ActionItem.id)
    ).all()
    for follow_up, item in zip(follow_ups, made, strict=True):
        _action(rep, follow_up, made_at=debriefed, manager=manager, item=item)
