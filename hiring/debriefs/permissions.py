"""Who may open a debrief, read the reasons drawn from it, decide, and compare candidates."""

from __future__ import annotations

from hiring.applications.models import Application
from hiring.auth.models import Role, User
from hiring.positions.models import Position
from hiring.scorecards.permissions import can_see_others_ratings, own_cards_for_application


def can_open_debrief(user: User, application: Application) -> bool:
    """Staff of the opening; an interviewer only once every card of theirs is submitted."""
    if own_cards_for_application(user, application.id):
        return can_see_others_ratings(user, application)
    if user.has_role(Role.ADMIN, Role.RECRUITER):
        return True
    return application.position.hiring_manager_id == user.id


def sees_decision_reason(user: User, application: Application) -> bool:
    """Decision, rejection and hold reasons quote the panel, so they show to those who may
    open the debrief: not to an interviewer who still owes a scorecard for the application
    (the application page shows the rest of its history to its interviewers)."""
    return can_open_debrief(user, application)


def can_decide(user: User, application: Application) -> bool:
    """The hiring manager decides (admins may, for an absent manager)."""
    return application.position.hiring_manager_id == user.id or user.has_role(Role.ADMIN)


def can_compare(user: User, position: Position) -> bool:
    """The position's hiring manager, its recruiter and admins."""
    return user.has_role(Role.ADMIN) or user.id in (
        position.hiring_manager_id,
        position.recruiter_id,
    )
