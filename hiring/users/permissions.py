"""Who may do what to an account. Views and templates call the same predicates."""

from __future__ import annotations

from hiring.auth.models import Role, User


def can_administer(actor: User, person: User) -> bool:
    """Edit someone's name, roles and manager, or send them a sign-in link."""
    return actor.has_role(Role.ADMIN)


def can_deactivate(actor: User, person: User) -> bool:
    """Admins deactivate others, never themselves (someone must be able to undo it)."""
    return actor.has_role(Role.ADMIN) and actor.id != person.id and person.active


def can_reactivate(actor: User, person: User) -> bool:
    return actor.has_role(Role.ADMIN) and not person.active
