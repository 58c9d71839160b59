"""Who may see and change openings and their interview plans."""

from __future__ import annotations

from hiring.auth.models import Role, User
from hiring.positions.models import Position

#: Roles that work with openings at all.


def can_create_position(user: User) -> bool:
    return user.has_role(Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER)


def can_view_position(user: User, position: Position) -> bool:
    """Admins and recruiters see every opening; hiring managers see the ones they run."""
    if user.has_role(Role.ADMIN, Role.RECRUITER):
        return True
    return user.has_role(Role.HIRING_MANAGER) and position.hiring_manager_id == user.id


def can_edit_position(user: User, position: Position) -> bool:
    """Title, team, status, owners: admins, the position's recruiter and its hiring manager."""
    return user.has_role(Role.ADMIN) or user.id in (
        position.hiring_manager_id,
        position.recruiter_id,
    )


def can_edit_plan(user: User, position: Position) -> bool:
    """Only admins and the position's hiring manager change the interview plan."""
    return user.has_role(Role.ADMIN) or (
        user.has_role(Role.HIRING_MANAGER) and position.hiring_manager_id == user.id
    )


def can_view_plan(user: User, position: Position) -> bool:
    return can_view_position(user, position)


def can_view_kit(user: User, position: Position, stage: object) -> bool:
    """Staff who can see the plan, and anyone named as a default interviewer of the stage."""
    if can_view_plan(user, position):
        return True
    return any(i.user_id == user.id for i in getattr(stage, "interviewers", []))


def can_override_qualification(user: User, position: Position) -> bool:
    """Who may put an interviewer not qualified for a must-have on a stage of ``position``
    anyway, with a reason: admins and the position's hiring manager (not recruiters)."""
    return can_edit_plan(user, position)
