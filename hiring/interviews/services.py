"""Scheduling interviews and writing their calendar invitations. Functions flush, never commit.

Interviews come before scorecards in the flow, so nothing here imports ``hiring.scorecards``:
``hiring.scorecards.scheduling.schedule_panel`` books an interview through ``schedule_interview``
and then opens one card per interviewer; cancelling reads the cards only through the
``Interview.scorecards`` relationship.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Event, vCalAddress, vText
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hiring import timezones
from hiring.applications.models import Application, ApplicationEvent
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.domain import DomainError
from hiring.ical import add_time_zones, new_calendar, uid
from hiring.interviews.models import (
    LONGEST_INTERVIEW_MINUTES,
    Interview,
    InterviewInterviewer,
    InterviewStatus,
)
from hiring.positions.models import PlanStage
from hiring.positions.plans import lock_revision

logger = logging.getLogger(__name__)


def schedule_interview(
    application: Application,
    stage: PlanStage,
    *,
    starts_at: datetime,
    time_zone: str,
    duration_minutes: int,
    location: str,
    video_link: str,
    interviewers: Sequence[User],
    actor: User,
    shadows: Sequence[User] = (),
) -> Interview:
    """Book one stage for one application on the position's current plan revision.

    ``shadows`` sit in to learn (interviewer training): invited like the interviewers, with
    a card the debrief leaves out. The scorecards are not opened here (see the module
    docstring): pages book through ``hiring.scorecards.scheduling.schedule_panel``.
    """
    check_booking(
        application,
        stage,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        video_link=video_link,
        interviewers=interviewers,
        shadows=shadows,
    )
    interview = Interview(
        application=application,
        stage=stage,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location.strip(),
        video_link=video_link.strip(),
        created_by_id=actor.id,
    )
    interview.interviewers = [InterviewInterviewer(user_id=u.id) for u in interviewers] + [
        InterviewInterviewer(user_id=u.id, shadow=True) for u in shadows
    ]
    db.session.add(interview)
    db.session.flush()
    # Every candidate interviewed on this revision is asked the same questions from now on.
    lock_revision(stage.revision)
    if application.stage_index is None or application.stage_index < stage.position:
        previous = application.stage_index
        application.stage_index = stage.position
        application.events.append(
            ApplicationEvent(
                actor_id=actor.id,
                kind="moved",
                from_stage=previous,
                to_stage=stage.position,
                reason=f"Interview scheduled: {stage.name}",
            )
        )
    application.events.append(
        ApplicationEvent(
            actor_id=actor.id,
            kind="interview_scheduled",
            to_stage=stage.position,
            reason=stage.name,
            happens_at=starts_at,
        )
    )
    db.session.flush()
    record(
        "interview.scheduled",
        interview,
        actor=actor,
        label=f"{application.candidate.name}: {stage.name}",
        after={
            "starts_at": starts_at.isoformat(),
            "time_zone": time_zone,
            "interviewers": sorted(u.email for u in interviewers),
            **({"shadows": sorted(u.email for u in shadows)} if shadows else {}),
        },
    )
    _invite(interview, [*interviewers, *shadows], shadows={u.id for u in shadows})
    return interview


def check_booking(
    application: Application,
    stage: PlanStage,
    *,
    starts_at: datetime,
    duration_minutes: int,
    video_link: str,
    interviewers: Sequence[User],
    shadows: Sequence[User] = (),
) -> None:
    """Refuse a booking that cannot be made, before anything is written (the scheduling page
    runs it ahead of the qualification check, so that warning comes only for a valid one)."""
    if not application.status.is_open:
        raise DomainError(
            f"This application is {application.status.label.lower()}; reactivate it first."
        )
    plan = application.position.current_plan
    if plan is None or stage.revision_id != plan.id:
        raise DomainError("Choose a stage of the position's current plan.", field="stage_id")
    if not interviewers:
        raise DomainError("Assign at least one interviewer.", field="interviewers")
    inactive = [u.name for u in interviewers if not u.active]
    if inactive:
        raise DomainError(f"{', '.join(inactive)} is deactivated.", field="interviewers")
    _check_shadows(interviewers, shadows)
    if video_link and not video_link.startswith(("https://", "http://")):
        raise DomainError("A video link starts with https://.", field="video_link")
    if starts_at.tzinfo is None:
        raise DomainError("The start time needs a time zone.", field="time_zone")
    if not 0 < duration_minutes <= LONGEST_INTERVIEW_MINUTES:
        raise DomainError(
            f"An interview lasts at most {LONGEST_INTERVIEW_MINUTES} minutes.",
            field="duration_minutes",
        )


def _check_shadows(interviewers: Sequence[User], shadows: Sequence[User]) -> None:
    on_panel = {u.id for u in interviewers}
    both = sorted(u.name for u in shadows if u.id in on_panel)
    if both:
        raise DomainError(
            f"{', '.join(both)} cannot both interview and shadow; choose one.", field="shadows"
        )
    inactive = [u.name for u in shadows if not u.active]
    if inactive:
        raise DomainError(f"{', '.join(inactive)} is deactivated.", field="shadows")


#: What a shadow's invitation adds: the card they fill is for their training only.
SHADOW_NOTE = (
    "You are sitting in as a shadow, to learn: fill in your scorecard as if you were on "
    "the panel; it counts towards your training and is kept out of the debrief.\n\n"
)


def _invite(interview: Interview, people: Sequence[User], *, shadows: set[int]) -> None:
    """E-mail everyone on the panel (shadows too) their kit, invitation and card link."""
    from hiring.auth.services import external_url
    from hiring.mail import services as mail

    candidate = interview.application.candidate.name
    for user in people:
        sitting_in = user.id in shadows
        # Each interviewer reads the start in their own zone (the interview's until chosen).
        zone = timezones.zone_for_event(user, interview.time_zone)
        when = timezones.format_moment(interview.starts_at, zone)
        mail.queue(
            user.email,
            f"Interview: {candidate}, {interview.stage.name} on {when}",
            f"Hello {user.first_name},\n\nYou are "
            f"{'shadowing the interview of' if sitting_in else 'interviewing'} {candidate} for "
            f"{interview.application.position.title}: {interview.stage.name}, "
            f"{timezones.format_moment_named(interview.starts_at, zone)}, "
            f"{interview.duration_minutes} minutes.\n\n"
            f"{SHADOW_NOTE if sitting_in else ''}"
            f"Your interview kit: {external_url('interviews.kit', interview_id=interview.id)}\n"
            "Add it to your calendar: "
            f"{external_url('interviews.invite', interview_id=interview.id)}\n"
            "Fill in your scorecard on your own, by "
            f"{timezones.format_moment(interview.scorecard_due_at, zone)}: "
            f"{external_url('scorecards.scorecard', interview_id=interview.id)}\n",
        )


def _send_cancellations(interview: Interview, reason: str) -> None:
    """Tell each (active) interviewer, with the calendar file that removes the event.

    The link serves the same UID as the invitation, now ``METHOD:CANCEL`` with a higher
    SEQUENCE (see ``invitation``), so the calendars that accepted it drop it.
    """
    from hiring.auth.services import external_url
    from hiring.mail import services as mail

    candidate = interview.application.candidate.name
    because = f"Reason: {reason}\n\n" if reason else ""
    for user in interview.interviewer_users:
        if not user.active:
            continue
        zone = timezones.zone_for_event(user, interview.time_zone)
        when = timezones.format_moment(interview.starts_at, zone)
        mail.queue(
            user.email,
            f"Cancelled: interview with {candidate}, {interview.stage.name} on {when}",
            f"Hello {user.first_name},\n\nYour interview with {candidate} for "
            f"{interview.application.position.title} ({interview.stage.name}), "
            f"{timezones.format_moment_named(interview.starts_at, zone)}, is cancelled. "
            "There is no scorecard to fill in.\n\n"
            f"{because}"
            "Remove it from your calendar: "
            f"{external_url('interviews.invite', interview_id=interview.id)}\n",
        )


def cancel_interview(interview: Interview, *, reason: str, actor: User) -> None:
    if interview.status == InterviewStatus.CANCELLED:
        return
    # Lock the interview row, then read its cards afresh (a second SELECT, after the lock is
    # held, overwriting whatever this session had loaded): a submission in flight (which holds
    # a shared lock on the row) commits first and is seen here.
    locked = db.session.scalars(
        select(Interview)
        .where(Interview.id == interview.id)
        .options(selectinload(Interview.scorecards))
        .with_for_update(of=Interview)
        .execution_options(populate_existing=True)
    ).one()
    # A shadow's card is practice kept out of the debrief: it does not hold the interview.
    if any(card.is_submitted and not card.shadow for card in locked.scorecards):
        raise DomainError("A scorecard for this interview is already submitted; it stays.")
    interview.status = InterviewStatus.CANCELLED
    interview.application.events.append(
        ApplicationEvent(
            actor_id=actor.id,
            kind="interview_cancelled",
            reason=reason.strip() or f"{interview.stage.name} cancelled",
        )
    )
    db.session.flush()
    record(
        "interview.cancelled",
        interview,
        actor=actor,
        label=f"{interview.application.candidate.name}: {interview.stage.name}",
        after={"reason": reason.strip()},
    )
    _send_cancellations(interview, reason.strip())


def invitation(interview: Interview, kit_url: str, scorecard_url: str) -> bytes:
    """The interview as an iTIP invitation (RFC 5546) whose description links to the kit.

    ``METHOD:REQUEST`` with an organiser and the interviewers as attendees asked to reply, so
    calendar clients file it as a meeting invitation rather than a copy of someone's event;
    once the interview is cancelled the same UID comes as ``METHOD:CANCEL`` with a higher
    SEQUENCE (the interview's version moves on every change), which removes it from the
    calendars that accepted it. The time zone is a rule-based VTIMEZONE (``hiring.ical``).
    """
    cancelled = interview.status == InterviewStatus.CANCELLED
    calendar = new_calendar("Interviews", method="CANCEL" if cancelled else "REQUEST")
    event = Event()
    zone = ZoneInfo(interview.time_zone)
    candidate = interview.application.candidate.name
    event.add("uid", uid("interview", interview.id))
    event.add("dtstamp", utcnow())
    event.add("dtstart", interview.starts_at.astimezone(zone))
    event.add("dtend", interview.ends_at.astimezone(zone))
    event.add("summary", f"Interview: {candidate} ({interview.stage.name})")
    if interview.location or interview.video_link:
        event.add("location", interview.video_link or interview.location)
    event.add(
        "description",
        f"{interview.stage.name} for {interview.application.position.title}.\n"
        f"Interview kit: {kit_url}\nScorecard (due 24 hours after the interview): {scorecard_url}",
    )
    event.add("url", kit_url)
    event.add("sequence", interview.version)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    name, address = organizer(interview)
    event.add("organizer", _address(address, name), encode=False)
    for seat in sorted(interview.interviewers, key=lambda i: i.user.name):
        person = seat.user
        attendee = _address(person.email, person.name)
        attendee.params["cutype"] = vText("INDIVIDUAL")
        # A shadow sits in to learn: invited, but the interview does not need them.
        attendee.params["role"] = vText("OPT-PARTICIPANT" if seat.shadow else "REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    add_time_zones(calendar, {interview.time_zone})
    ical: bytes = calendar.to_ical()
    return ical


def organizer(interview: Interview) -> tuple[str, str]:
    """Who the invitation comes from, as (name, e-mail): the CALENDAR_ORGANIZER setting
    (a team mailbox that should receive the replies), else whoever booked the interview,
    else the position's recruiter, else the app's sender address."""
    configured = current_app.config.get("CALENDAR_ORGANIZER")
    if configured:
        name, address = parseaddr(str(configured))
        if address:
            return name or current_app.config["APP_NAME"], address
    person = interview.created_by or interview.application.position.recruiter
    if person is not None:
        return person.name, person.email
    name, address = parseaddr(str(current_app.config["MAIL_FROM"]))
    return name or current_app.config["APP_NAME"], address


def _address(email: str, name: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name)
    return address
