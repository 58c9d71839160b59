"""Who may schedule, see and prepare for an interview, and what its panel may read."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, select

from hiring.applications.models import Application
from hiring.applications.permissions import can_manage_application
from hiring.auth.models import Role, User
from hiring.candidates.models import Candidate, Resume
from hiring.candidates.permissions import can_view_candidate
from hiring.db import db
from hiring.interviews.models import Interview, InterviewInterviewer, InterviewStatus


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
    return is_interviewer(user, interview) or runs_interview(user, interview)


# Reading an application and a candidate's resumes -------------------------------------------
#
# An interviewer may open the application they interview for (read-only) and download the
# candidate's resumes. The rule needs the interview panel, so it lives here rather than in
# ``hiring.applications`` or ``hiring.candidates``, which come earlier in the flow and must
# not import interviews; the application and resume pages ask these predicates.


def _on_a_panel(user: User, *where: ColumnElement[bool]) -> bool:
    """True when ``user`` is on the panel of an interview matching ``where``."""
    found = db.session.scalar(
        select(
            exists().where(
                InterviewInterviewer.user_id == user.id,
                InterviewInterviewer.interview_id == Interview.id,
                *where,
            )
        )
    )
    return found is True


def is_assigned_interviewer(user: User, application: Application) -> bool:
    """True when ``user`` is on any interview of ``application``."""
    return _on_a_panel(user, Interview.application_id == application.id)


def _interviews_candidate(user: User, candidate: Candidate) -> bool:
    return _on_a_panel(
        user,
        Interview.application_id == Application.id,
        Application.candidate_id == candidate.id,
    )


def can_view_application(user: User, application: Application) -> bool:
    """Managers of the application, plus anyone assigned to one of its interviews (read-only)."""
    return can_manage_application(user, application) or is_assigned_interviewer(user, application)


def can_download_resume(user: User, resume: Resume) -> bool:
    """Whoever may see the candidate, and the interviewers of any of their applications."""
    return can_view_candidate(user, resume.candidate) or _interviews_candidate(
        user, resume.candidate
    )


def runs_interview(user: User, interview: Interview) -> bool:
    """The staff who schedule the application's interviews run this one (the cancel URL
    answers them even once it is cancelled: cancelling twice is no error)."""
    return can_schedule(user, interview.application)


def can_cancel(user: User, interview: Interview) -> bool:
    """Whoever runs the interview cancels it, only while it is scheduled."""
    return runs_interview(user, interview) and interview.status == InterviewStatus.SCHEDULED
