"""Who may read and extend the library."""

from __future__ import annotations

from hiring.auth.models import PANEL, PEOPLE_MANAGERS, User

#: Everyone who takes part in hiring reads the library; new hires do not need it.


def can_read_library(user: User) -> bool:
    return user.has_role(*PANEL)


def can_author_library(user: User) -> bool:
    """Add custom competencies and questions (they are linted, versioned and attributed)."""
    return user.has_role(*PEOPLE_MANAGERS)
