"""1:1s the rep drives: the shared agenda (the rep's topics first), notes private to the two,
moving, cancelling or adding a 1:1, and the record of one held (deal coaching and/or skill
coaching). Recording a 1:1 held ticks the rep's next open "Weekly 1:1" item on an active
onboarding plan, and every change that ends an occurrence rolls the series on
(``cadence.materialise``). Functions flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.coaching import queries
from hiring.coaching.models import AgendaTopic, CoachingProfile, MeetingStatus, OneOnOne
from hiring.coaching.services import cadence
from hiring.db import db, utcnow
from hiring.domain import DomainError, expect_version
from hiring.library.schema import ItemKind
from hiring.onboarding.services import items as plan_items

STALE = "Someone changed this 1:1 after you opened the page. Check it and save again."


def _label(meeting: OneOnOne) -> str:
    return f"{meeting.rep.name}: 1:1 of {meeting.scheduled_at:%Y-%m-%d %H:%M} UTC"


def _open(meeting: OneOnOne, what: str) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise DomainError(f"This 1:1 was cancelled: {what} the next one instead.")


def add_topic(meeting: OneOnOne, *, by: User, text: str) -> AgendaTopic:
    """Put a topic on the agenda (the rep or the manager; it shows who added it)."""
    text = text.strip()
    if not text:
        raise DomainError("Say what you want to talk about.", field="text")
    _open(meeting, "add it to")
    topic = AgendaTopic(one_on_one=meeting, author_id=by.id, text=text)
    db.session.add(topic)
    db.session.flush()
    # The audit names the meeting, never the topic: the agenda stays between the two.
    record("coaching.topic_added", topic, actor=by, label=_label(meeting))
    return topic


def mark_topic(topic: AgendaTopic, *, by: User, covered: bool) -> None:
    """Tick a topic covered (or not) during the 1:1; either of the two may."""
    if topic.covered == covered:
        return
    topic.covered = covered
    db.session.flush()
    record(
        "coaching.topic_covered" if covered else "coaching.topic_reopened",
        topic,
        actor=by,
        label=_label(topic.one_on_one),
    )


def save_notes(meeting: OneOnOne, *, by: User, version: int, notes: str) -> None:
    """The notes only the rep and the manager ever read."""
    expect_version(meeting, version, STALE)
    meeting.notes = notes.strip()
    db.session.flush()
    # The audit says the notes changed, never what they say (they stay between the two).
    record("coaching.notes_saved", meeting, actor=by, label=_label(meeting))


def reschedule(
    meeting: OneOnOne,
    *,
    by: User,
    version: int,
    starts_at: datetime,
    minutes: int,
    zone: str,
    reason: str,
) -> None:
    """Move one occurrence (the series stays as it is); the reminder goes out again."""
    expect_version(meeting, version, STALE)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError("Only a 1:1 still to come can be moved.")
    if not reason.strip():
        raise DomainError("Say why it moves: both of you see it.", field="reason")
    before = {"scheduled_at": meeting.scheduled_at.isoformat(), "time_zone": meeting.time_zone}
    meeting.scheduled_at, meeting.minutes, meeting.time_zone = starts_at, minutes, zone
    meeting.move_reason = reason.strip()
    meeting.reminded_at = None
    db.session.flush()
    record(
        "coaching.one_on_one_moved",
        meeting,
        actor=by,
        label=_label(meeting),
        before=before,
        after={"scheduled_at": starts_at.isoformat(), "time_zone": zone, "reason": reason.strip()},
    )


def cancel(meeting: OneOnOne, *, by: User, version: int, reason: str) -> None:
    """Cancel one occurrence with a reason; the next one of the series is put in place."""
    expect_version(meeting, version, STALE)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError("Only a 1:1 still to come can be cancelled.")
    if not reason.strip():
        raise DomainError("Say why it is cancelled: both of you see it.", field="reason")
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason.strip()
    db.session.flush()
    record(
        "coaching.one_on_one_cancelled",
        meeting,
        actor=by,
        label=_label(meeting),
        after={"reason": reason.strip()},
    )
    _roll_on(meeting)


def add_extra(rep: User, *, by: User, starts_at: datetime, minutes: int, zone: str) -> OneOnOne:
    """An extra 1:1 outside the cadence."""
    if rep.manager_id is None:
        raise DomainError(f"{rep.name} has no manager to meet.")
    taken = db.session.scalar(
        select(OneOnOne.id).where(OneOnOne.rep_id == rep.id, OneOnOne.scheduled_at == starts_at)
    )
    if taken is not None:
        raise DomainError("There is already a 1:1 at that moment.", field="time")
    meeting = OneOnOne(
        rep_id=rep.id,
        manager_id=rep.manager_id,
        scheduled_at=starts_at,
        minutes=minutes,
        time_zone=zone,
    )
    db.session.add(meeting)
    db.session.flush()
    record(
        "coaching.one_on_one_added",
        meeting,
        actor=by,
        label=_label(meeting),
        after={"scheduled_at": starts_at.isoformat(), "time_zone": zone},
    )
    return meeting


@dataclass(frozen=True)
class HeldRecord:
    """What the record of a held 1:1 says: deal coaching and/or skill coaching."""

    deal_coaching: bool
    opportunities: str
    next_steps: str
    skill_coaching: bool
    competency_key: str | None
    practised: str


def record_held(meeting: OneOnOne, held: HeldRecord, *, by: User, version: int) -> None:
    """Record the 1:1 as held: at least one kind of coaching with its fields filled."""
    expect_version(meeting, version, STALE)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise DomainError(f"This 1:1 is already {meeting.status.value}.")
    if meeting.scheduled_at > utcnow():
        raise DomainError("This 1:1 has not started yet: record it once it is held.")
    _check_held(meeting, held)
    meeting.status = MeetingStatus.HELD
    meeting.held_at = utcnow()
    meeting.deal_coaching = held.deal_coaching
    meeting.opportunities = held.opportunities.strip() if held.deal_coaching else ""
    meeting.next_steps = held.next_steps.strip() if held.deal_coaching else ""
    meeting.skill_coaching = held.skill_coaching
    meeting.competency_key = held.competency_key if held.skill_coaching else None
    meeting.practised = held.practised.strip() if held.skill_coaching else ""
    item = plan_items.next_open_item(meeting.rep_id, ItemKind.ONE_ON_ONE)
    if item is not None:
        meeting.plan_item_id = item.id
    db.session.flush()
    record(
        "coaching.one_on_one_held",
        meeting,
        actor=by,
        label=_label(meeting),
        after={
            "deal_coaching": held.deal_coaching,
            "skill_coaching": held.skill_coaching,
            "competency": meeting.competency_key,
            "plan_item": meeting.plan_item_id,
        },
    )
    if item is not None:
        plan_items.complete_item(
            item,
            by=by,
            note=f"Coaching 1:1 held ({meeting.scheduled_at:%d %b %Y})",
            evidence_url="",
        )
    _roll_on(meeting)


def _check_held(meeting: OneOnOne, held: HeldRecord) -> None:
    if not (held.deal_coaching or held.skill_coaching):
        raise DomainError(
            "Tick deal coaching, skill coaching or both, and say what it covered.",
            field="deal_coaching",
        )
    if held.deal_coaching:
        if not held.opportunities.strip():
            raise DomainError("Name the opportunities you coached on.", field="opportunities")
        if not held.next_steps.strip():
            raise DomainError("Give the next step agreed on each.", field="next_steps")
    if held.skill_coaching:
        if held.competency_key not in competency_keys(meeting.rep_id):
            raise DomainError(
                "Choose a competency from the rep's role profile.", field="competency_key"
            )
        if not held.practised.strip():
            raise DomainError("Say what was practised.", field="practised")


def competency_keys(rep_id: int) -> set[str]:
    """The competencies on the rep's chart: skill coaching works on one of them."""
    return {competency.key for competency in queries.rep_competencies(rep_id)}


def _roll_on(meeting: OneOnOne) -> None:
    """After an occurrence ends, put the next one of the series in place."""
    profile = db.session.scalar(
        select(CoachingProfile).where(CoachingProfile.rep_id == meeting.rep_id)
    )
    if profile is not None:
        cadence.materialise(profile, rep=meeting.rep)
