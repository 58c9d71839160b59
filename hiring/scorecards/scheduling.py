"""Booking an interview together with its panel's scorecards.

Interviews come before scorecards in the flow, so ``hiring.interviews.services`` books the
interview and knows nothing of cards; this module, which may import interviews, books
through it and opens one empty card per interviewer. Every page and the demo seeding book
through ``schedule_panel``, so no interview exists without its cards. The scheduling page
books through ``book_panel``, which first checks the panel's qualifications (issue #17).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.interviews.services import check_booking, schedule_interview
from hiring.positions import qualification_check
from hiring.positions.models import PlanStage
from hiring.scorecards.models import Scorecard


def schedule_panel(
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
    """Book an interview (``interviews.services.schedule_interview``) and open each
    interviewer's empty scorecard for it (a shadow's card is flagged ``shadow``: kept out of
    the debrief).

    Opening cards lives here, not in the interviews package, because interviews come first
    in the flow and must not know about scorecards; every page that books an interview
    calls this one function, so no interview is ever booked without its cards.
    """
    interview = schedule_interview(
        application,
        stage,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location,
        video_link=video_link,
        interviewers=interviewers,
        actor=actor,
        shadows=shadows,
    )
    for user in interviewers:
        interview.scorecards.append(Scorecard(interviewer_id=user.id))
    for user in shadows:
        interview.scorecards.append(Scorecard(interviewer_id=user.id, shadow=True))
    db.session.flush()
    return interview


def book_panel(
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
    go_ahead: bool = False,
    override_reason: str = "",
) -> Interview:
    """What the scheduling page books: ``schedule_panel``, refused with
    ``qualification_check.Unqualified`` when an interviewer is not qualified for a must-have
    the stage assesses, unless an admin or the position's hiring manager goes ahead with a
    reason, which is kept per interviewer (shadows are not checked: they are learning).

    The demo seeding and test builders call ``schedule_panel`` itself: the rule is the
    page's, so seeded history needs no training records.
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
    position = application.position
    # A go-ahead the hiring manager or an admin gave for this stage's default interviewers in
    # the plan editor covers booking them on it: the recruiter is not asked again.
    found = qualification_check.not_yet_allowed(
        qualification_check.gaps(position, {f.competency_id for f in stage.focus}, interviewers),
        [stage.id],
    )
    qualification_check.refuse_unless_allowed(
        position, found, go_ahead=go_ahead, reason=override_reason, actor=actor
    )
    interview = schedule_panel(
        application,
        stage,
        starts_at=starts_at,
        time_zone=time_zone,
        duration_minutes=duration_minutes,
        location=location,
        video_link=video_link,
        interviewers=interviewers,
        actor=actor,
        shadows=shadows,
    )
    qualification_check.record_go_aheads(
        found, interviewers, reason=override_reason, actor=actor, interview_id=interview.id
    )
    return interview
