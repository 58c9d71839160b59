"""The day-before reminder of a 1:1, to the rep and the manager, sent once.

The hourly reminder job (``hiring.schedule``) and ``flask reminders send`` call
``send_reminders``: each 1:1 starting within the next day is claimed with a conditional
update of ``reminded_at``, so two workers running at the same moment never send it twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import joinedload

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching.models import AgendaTopic, MeetingStatus, OneOnOne
from hiring.db import db, utcnow

#: How far ahead a 1:1 is announced: the day before.
AHEAD = timedelta(days=1)


def send_reminders(now: datetime | None = None) -> int:
    """Queue a reminder to both for each 1:1 starting in the next 24 hours not yet reminded;
    return how many 1:1s were announced. Flushes; the caller commits."""
    from hiring.auth.services import external_url
    from hiring.mail import services as mail

    now = now or utcnow()
    due = db.session.scalars(
        select(OneOnOne)
        .where(
            OneOnOne.status == MeetingStatus.SCHEDULED,
            OneOnOne.reminded_at.is_(None),
            OneOnOne.scheduled_at > now,
            OneOnOne.scheduled_at <= now + AHEAD,
        )
        .options(joinedload(OneOnOne.rep), joinedload(OneOnOne.manager))
        .order_by(OneOnOne.scheduled_at)
    ).all()
    sent = 0
    for meeting in due:
        claimed = db.session.execute(
            update(OneOnOne)
            .where(OneOnOne.id == meeting.id, OneOnOne.reminded_at.is_(None))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        if not claimed.rowcount:  # type: ignore[attr-defined]
            continue  # another worker announced it a moment ago
        link = external_url("coaching.one_on_one", meeting_id=meeting.id)
        topics = db.session.scalar(
            select(AgendaTopic.id).where(AgendaTopic.one_on_one_id == meeting.id).limit(1)
        )
        for person, other in ((meeting.rep, meeting.manager), (meeting.manager, meeting.rep)):
            if person.active:
                mail.queue(
                    person.email,
                    f"1:1 with {other.name} tomorrow",
                    _body(meeting, person, other, link, topics is not None),
                )
        sent += 1
    db.session.flush()
    return sent


def _body(meeting: OneOnOne, person: User, other: User, link: str, has_topics: bool) -> str:
    zone = timezones.zone_for_event(person, meeting.time_zone)
    when = timezones.format_moment_named(meeting.scheduled_at, zone)
    ask = (
        "Add what you want to talk about first: your topics lead the agenda."
        if person.id == meeting.rep_id
        else "Add your topics after theirs, and look over the open action items."
    )
    agenda = "" if has_topics else "The agenda is still empty. "
    return (
        f"Hello {person.first_name},\n\n"
        f"Your 1:1 with {other.name} is {when} ({meeting.minutes} minutes).\n"
        f"{agenda}{ask}\n{link}\n"
    )
