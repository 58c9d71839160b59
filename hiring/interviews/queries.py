"""Read-side helpers for interview pages, each a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewInterviewer, InterviewStatus
from hiring.positions.models import PlanStage
from hiring.scorecards.models import Scorecard, ScorecardStatus


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


def _interview_options() -> list[object]:
    return [
        joinedload(Interview.application).joinedload(Application.candidate),
        joinedload(Interview.application).joinedload(Application.position),
        joinedload(Interview.stage),
        selectinload(Interview.interviewers).joinedload(InterviewInterviewer.user),
    ]


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
        .options(*_interview_options())  # type: ignore[arg-type]
        .order_by(Interview.starts_at)
    ).all()
    items = [MyInterview(row[0], row[1]) for row in rows]
    now = utcnow()
    due = sorted((i for i in items if i.due), key=lambda i: i.interview.scorecard_due_at)
    upcoming = [i for i in items if i.interview.ends_at > now]
    done = [i for i in items if i.card is not None and i.card.is_submitted][-10:][::-1]
    return due, upcoming, done


def load_interview(interview_id: int) -> Interview | None:
    return db.session.scalars(
        select(Interview)
        .where(Interview.id == interview_id)
        .options(
            *_interview_options(),  # type: ignore[arg-type]
            joinedload(Interview.stage).joinedload(PlanStage.revision),
            selectinload(Interview.scorecards).options(
                joinedload(Scorecard.interviewer),
                selectinload(Scorecard.ratings),
            ),
        )
    ).first()


def application_interviews(application_id: int) -> list[Interview]:
    return list(
        db.session.scalars(
            select(Interview)
            .where(Interview.application_id == application_id)
            .options(
                joinedload(Interview.stage).selectinload(PlanStage.focus),
                selectinload(Interview.interviewers).joinedload(InterviewInterviewer.user),
                selectinload(Interview.scorecards).options(
                    joinedload(Scorecard.interviewer), selectinload(Scorecard.ratings)
                ),
            )
            .order_by(Interview.starts_at)
        )
    )


def panel_for(user: User, application: Application) -> dict[str, object]:
    """What the application page shows about interviews, honouring independence."""
    from hiring.interviews.permissions import can_schedule
    from hiring.scorecards.permissions import can_see_others_ratings

    return {
        "interviews": application_interviews(application.id),
        "others_visible": can_see_others_ratings(user, application),
        "can_schedule": can_schedule(user, application),
        "submitted": ScorecardStatus.SUBMITTED,
    }
