"""Who may read and extend the library."""

from __future__ import annotations

from hiring.auth.models import Role, User

#: Everyone who takes part in hiring reads the library; new hires do not need it.
READERS = (Role.ADMIN, Role.HIRING_MANAGER, Role.RECRUITER, Role.INTERVIEWER)
AUTHORS = (Role.ADMIN, Role.HIRING_MANAGER)


def can_read_library(user: User) -> bool:
    return user.has_role(*READERS)


def can_author_library(user: User) -> bool:
    """Add custom competencies and questions (they are linted, versioned and attributed)."""
    return user.has_role(*AUTHORS)
