"""Who may see and change candidates and their resumes.

Views (through ``load_or_404``) and templates call the same predicates.

- Admins and recruiters see and manage every candidate.
- A hiring manager sees the candidates who applied to a position they manage.
- New hires reach nothing here.
- A candidate's history (the audit log, filtered to them) is for admins, who read the log.

Rules that depend on later areas live there: managing applications in
``hiring.applications.permissions``; interviewers reading an application or downloading a
resume in ``hiring.interviews.permissions``.
"""

from __future__ import annotations

from hiring.auth.models import HIRING_TEAM, RECRUITING, Role, User
from hiring.candidates.models import Candidate


def manages_all(user: User) -> bool:
    """Admins and recruiters: create, edit, upload resumes, add to positions, for everyone."""
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


def can_read_history(user: User, candidate: Candidate) -> bool:
    """The candidate's audit history: admins only, as the audit log itself
    (``hiring.audit.views`` is ``roles_required(Role.ADMIN)``)."""
    return user.has_role(Role.ADMIN)
