"""Who may read and extend the library."""

from __future__ import annotations

from hiring.auth.models import PANEL, PEOPLE_MANAGERS, User
from hiring.library.models import Competency, Origin, Question

#: Everyone who takes part in hiring reads the library; new hires do not need it.


def can_read_library(user: User) -> bool:
    return user.has_role(*PANEL)


def can_author_library(user: User) -> bool:
    """Add custom competencies and questions (they are linted, versioned and attributed)."""
    return user.has_role(*PEOPLE_MANAGERS)


def can_edit_entry(user: User, item: Competency | Question) -> bool:
    """Only the current version of a custom entry is edited in the app; the library files'
    entries are changed in scorecards/ and reloaded, and old versions stay as they were."""
    return can_author_library(user) and item.origin == Origin.CUSTOM and item.current
