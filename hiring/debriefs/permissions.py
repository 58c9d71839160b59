"""Who may open a debrief, read the reasons drawn from it, decide, and compare candidates.

What shows inside always follows ``hiring.scorecards.permissions.can_see_others_ratings``
(the one independence rule): staff of the opening who still owe a card of their own open
the debrief but read "hidden until you submit your own scorecard".
"""

from __future__ import annotations

from hiring.applications.models import Application
from hiring.auth.models import Role, User
from hiring.positions.models import Position
from hiring.scorecards.permissions import can_see_others_ratings


def _staff(user: User, application: Application) -> bool:
    return user.has_role(Role.ADMIN, Role.RECRUITER) or (
        application.position.hiring_manager_id == user.id
    )


def can_open_debrief(user: User, application: Application) -> bool:
    """Staff of the opening; an interviewer only once every card of theirs is submitted."""
    return _staff(user, application) or can_see_others_ratings(user, application)


def sees_debrief(user: User, application: Application) -> bool:
    """The panel's ratings, evidence, recommendations and formula verdict (the debrief's
    body, its memo, the finalists packet): whoever may see others' ratings."""
    return can_see_others_ratings(user, application)


def sees_decision_reason(user: User, application: Application) -> bool:
    """Decision, rejection and hold reasons quote the panel, so they show to those who may
    read the debrief: not to anyone on the panel who still owes a scorecard for the
    application (the application page shows the rest of its history to its interviewers)."""
    return sees_debrief(user, application)


def can_decide(user: User, application: Application) -> bool:
    """The hiring manager decides (admins may, for an absent manager), once they may read
    the debrief: not while they still owe their own scorecard for the candidate."""
    return (
        application.position.hiring_manager_id == user.id or user.has_role(Role.ADMIN)
    ) and sees_debrief(user, application)


def can_compare(user: User, position: Position) -> bool:
    """The position's hiring manager, its recruiter and admins."""
    return user.has_role(Role.ADMIN) or user.id in (
        position.hiring_manager_id,
        position.recruiter_id,
    )
