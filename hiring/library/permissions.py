"""Who may read and extend the library."""

from __future__ import annotations

from hiring.auth.models import PEOPLE_MANAGERS, Role, User
from hiring.library.models import Competency, LintFlag, Origin, Question


def can_author_library(user: User) -> bool:
    """Add custom competencies and questions (they are linted, versioned and attributed)."""
    return user.has_role(*PEOPLE_MANAGERS)


def can_edit_entry(user: User, item: Competency | Question) -> bool:
    """Only the current version of a custom entry is edited in the app; the library files'
    entries are changed in scorecards/ and reloaded, and old versions stay as they were."""
    return can_author_library(user) and item.origin == Origin.CUSTOM and item.current


def can_add_question(user: User, competency: Competency) -> bool:
    """Questions join the bank of the current version of any competency, file or custom."""
    return can_author_library(user) and competency.current


def can_clear_lint_flag(user: User, item: LintFlag) -> bool:
    """An admin reviews wording kept against the lint and clears the flag."""
    return user.has_role(Role.ADMIN) and item.flagged


def can_add_reference_answer(user: User, question: Question) -> bool:
    """Admins write practice answers; the reference rating would spoil practice for anyone
    who reads it first, so only they see the answers in the library."""
    return user.has_role(Role.ADMIN) and question.current
