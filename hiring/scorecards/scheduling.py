"""Booking an interview together with its panel's scorecards.

Interviews come before scorecards in the flow, so ``hiring.interviews.services`` books the
interview and knows nothing of cards; this module, which may import interviews, books
through it and opens one empty card per interviewer. Every page and the demo seeding book
through ``schedule_panel``, so no interview exists without its cards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview
from hiring.interviews.services import schedule_interview
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
) -> Interview:
    """Book an interview (``interviews.services.schedule_interview``) and open each
    interviewer's empty scorecard for it.

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
    )
    for user in interviewers:
        interview.scorecards.append(Scorecard(interviewer_id=user.id))
    db.session.flush()
    return interview
