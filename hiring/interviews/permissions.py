"""Who may schedule, see and prepare for an interview."""

from __future__ import annotations

from hiring.applications.models import Application
from hiring.auth.models import Role, User
from hiring.interviews.models import Interview


def can_schedule(user: User, application: Application) -> bool:
    if user.has_role(Role.ADMIN, Role.RECRUITER):
        return True
    return user.has_role(Role.HIRING_MANAGER) and (
        application.position.hiring_manager_id == user.id
    )


def is_interviewer(user: User, interview: Interview) -> bool:
    return any(i.user_id == user.id for i in interview.interviewers)


def can_view_interview(user: User, interview: Interview) -> bool:
    """Assigned interviewers, plus the staff who run the opening. Nobody else."""
    return is_interviewer(user, interview) or can_schedule(user, interview.application)


def can_cancel(user: User, interview: Interview) -> bool:
    """Cancelling is for whoever may schedule the application's interviews."""
    return can_schedule(user, interview.application)
