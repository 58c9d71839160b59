"""Who may do what in training. Anyone who may sit on a panel practises; people managers
(admins and hiring managers) read everyone's qualification status, never their practice
answers, and sign interviewers off; admins set how long a qualification lasts."""

from __future__ import annotations

from hiring.auth.models import PANEL, PEOPLE_MANAGERS, Role, User


def can_practise(user: User) -> bool:
    return user.has_role(*PANEL)


def can_view_qualifications(user: User) -> bool:
    return user.has_role(*PEOPLE_MANAGERS)


def can_sign_off(user: User, interviewer: User) -> bool:
    """A people manager qualifies someone else, never themselves."""
    return user.has_role(*PEOPLE_MANAGERS) and user.id != interviewer.id


def can_set_policy(user: User) -> bool:
    return user.has_role(Role.ADMIN)
