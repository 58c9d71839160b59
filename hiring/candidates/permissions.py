"""Who may see and change candidates, resumes and applications.

Views (through ``load_or_404``) and templates call the same predicates.

- Admins and recruiters see and manage every candidate and application.
- A hiring manager sees the candidates who applied to a position they manage, and manages
  those applications (move, hold, reject, withdraw, reactivate).
- Anyone assigned to an interview of an application (usually an interviewer) may open that
  application read-only and download the candidate's resumes; nothing else.
- New hires reach nothing here.
"""

from __future__ import annotations

from sqlalchemy import exists, select

from hiring.applications.models import Application
from hiring.auth.models import HIRING_TEAM, RECRUITING, Role, User
from hiring.candidates.models import Candidate, Resume
from hiring.db import db
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.positions.models import Position

#: Roles that work with candidates at all (list, candidate pages, pipeline boards).
#: Roles that manage every candidate: create, edit, upload resumes, add to positions.
#: Roles that may open an application page (interviewers only when assigned).


def manages_all(user: User) -> bool:
    return user.has_role(*RECRUITING)


def can_list_candidates(user: User) -> bool:
    return user.has_role(*HIRING_TEAM)


def can_create_candidate(user: User) -> bool:
    return manages_all(user)


def can_view_candidate(user: User, candidate: Candidate) -> bool:
    """Admins and recruiters: everyone. Hiring managers: people who applied to their openings."""
    if manages_all(user):
        return True
    if not user.has_role(Role.HIRING_MANAGER):
        return False
    return any(a.position.hiring_manager_id == user.id for a in candidate.applications)


def can_edit_candidate(user: User, candidate: Candidate) -> bool:
    return manages_all(user)


def can_upload_resume(user: User, candidate: Candidate) -> bool:
    return manages_all(user)


def can_add_application(user: User, candidate: Candidate) -> bool:
    return manages_all(user)


def is_assigned_interviewer(user: User, application: Application) -> bool:
    """True when ``user`` is on any interview of ``application``."""
    return (
        db.session.scalar(
            select(
                exists().where(
                    InterviewInterviewer.user_id == user.id,
                    InterviewInterviewer.interview_id == Interview.id,
                    Interview.application_id == application.id,
                )
            )
        )
        is True
    )


def _interviews_candidate(user: User, candidate: Candidate) -> bool:
    return (
        db.session.scalar(
            select(
                exists().where(
                    InterviewInterviewer.user_id == user.id,
                    InterviewInterviewer.interview_id == Interview.id,
                    Interview.application_id == Application.id,
                    Application.candidate_id == candidate.id,
                )
            )
        )
        is True
    )


def can_manage_application(user: User, application: Application) -> bool:
    """Move, hold, reject, withdraw, reactivate: admins, recruiters, the position's manager."""
    if manages_all(user):
        return True
    return user.has_role(Role.HIRING_MANAGER) and application.position.hiring_manager_id == user.id


def can_view_application(user: User, application: Application) -> bool:
    """Managers of the application, plus anyone assigned to one of its interviews (read-only)."""
    return can_manage_application(user, application) or is_assigned_interviewer(user, application)


def can_download_resume(user: User, resume: Resume) -> bool:
    """Whoever may see the candidate, and the interviewers of any of their applications."""
    return can_view_candidate(user, resume.candidate) or _interviews_candidate(
        user, resume.candidate
    )


def can_view_pipeline(user: User, position: Position) -> bool:
    """The board of a position: admins, recruiters and the position's hiring manager."""
    if manages_all(user):
        return True
    return user.has_role(Role.HIRING_MANAGER) and position.hiring_manager_id == user.id
