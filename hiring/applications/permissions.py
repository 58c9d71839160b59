"""Who may manage applications and see a position's pipeline board.

- Admins and recruiters manage every application.
- A hiring manager manages the applications of the positions they manage (move, hold,
  reject, withdraw, reactivate) and sees those positions' boards.
- A step is offered only when the state machine (``hiring.applications.states``) allows it
  from the application's current status (``can_take``).

Who may merely *read* an application also depends on the interview panel, which comes later
in the flow: that rule is ``hiring.interviews.permissions.can_view_application``.
"""

from __future__ import annotations

from hiring.applications.models import Application
from hiring.applications.states import Step, allows
from hiring.auth.models import Role, User
from hiring.candidates.permissions import manages_all
from hiring.positions.models import Position


def can_manage_application(user: User, application: Application) -> bool:
    """Move, hold, reject, withdraw, reactivate: admins, recruiters, the position's manager."""
    return can_manage_pipeline(user, application.position)


def can_manage_pipeline(user: User, position: Position) -> bool:
    """Every application of ``position`` at once (the board asks once, not card by card)."""
    return can_view_pipeline(user, position)


def can_take(user: User, application: Application, step: Step | str) -> bool:
    """Whether ``user`` may take ``step`` now: they manage the application and its current
    status allows the step. Templates name the step ("move", "hold", "reactivate", ...)."""
    return can_manage_application(user, application) and allows(
        application, step if isinstance(step, Step) else Step[step.upper()]
    )


def can_view_pipeline(user: User, position: Position) -> bool:
    """The board of a position: admins, recruiters and the position's hiring manager."""
    if manages_all(user):
        return True
    return user.has_role(Role.HIRING_MANAGER) and position.hiring_manager_id == user.id
