"""Read-side helpers about an interviewer's own cards, each a fixed number of queries.

They live here rather than in ``hiring.interviews.queries`` because they read the scorecard
model, and interviews come before scorecards in the flow.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewInterviewer, InterviewStatus
from hiring.interviews.queries import interview_options, load_interview
from hiring.scorecards.models import Scorecard


@dataclass
class MyInterview:
    interview: Interview
    card: Scorecard | None

    @property
    def overdue(self) -> bool:
        return self.due and self.interview.scorecard_due_at < utcnow()

    @property
    def due(self) -> bool:
        """Ended, and my scorecard is not submitted yet."""
        return self.interview.ends_at <= utcnow() and not (self.card and self.card.is_submitted)


def my_interviews(user: User) -> tuple[list[MyInterview], list[MyInterview], list[MyInterview]]:
    """(scorecards due, overdue first; upcoming interviews; recently submitted)."""
    rows = db.session.execute(
        select(Interview, Scorecard)
        .join(InterviewInterviewer, InterviewInterviewer.interview_id == Interview.id)
        .outerjoin(
            Scorecard,
            (Scorecard.interview_id == Interview.id) & (Scorecard.interviewer_id == user.id),
        )
        .where(
            InterviewInterviewer.user_id == user.id,
            Interview.status == InterviewStatus.SCHEDULED,
        )
        .options(*interview_options())  # type: ignore[arg-type]
        .order_by(Interview.starts_at)
    ).all()
    items = [MyInterview(row[0], row[1]) for row in rows]
    now = utcnow()
    due = sorted((i for i in items if i.due), key=lambda i: i.interview.scorecard_due_at)
    upcoming = [i for i in items if i.interview.ends_at > now]
    done = [i for i in items if i.card is not None and i.card.is_submitted][-10:][::-1]
    return due, upcoming, done


def own_card(user: User, interview_id: int) -> Scorecard | None:
    """``user``'s card for a scheduled interview (None when there is none to fill)."""
    interview = load_interview(interview_id)
    if interview is None or interview.status != InterviewStatus.SCHEDULED:
        return None
    return next((c for c in interview.scorecards if c.interviewer_id == user.id), None)
