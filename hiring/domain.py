"""The one family of errors a domain service raises, and the version check they share.

A service refuses an action by raising ``DomainError`` (or a subclass) with a message that is
safe to show to the person who tried it, and optionally the form field it is about. When the
refusal is "someone else changed it first", the service raises ``Conflict``; the request
pipeline (``hiring.transaction``) also turns SQLAlchemy's stale-version and unique-constraint
races into ``Conflict``, so a view never needs to know which layer noticed the collision.
"""

from __future__ import annotations

from typing import Protocol


class DomainError(Exception):
    """A business rule refused the action; ``str(error)`` is safe to show to the user."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        #: The form field the message belongs beside, when there is one.
        self.field = field


class Conflict(DomainError):
    """Someone else changed the thing after this person loaded it; nothing was applied."""


class Versioned(Protocol):
    version: int


def expect_version(obj: Versioned, expected: int, message: str) -> None:
    """Refuse a change made from a page that showed an older ``version`` of ``obj``.

    SQLAlchemy's ``version_id_col`` catches two writers racing between load and flush; this
    catches the longer window between a form being shown and being sent.
    """
    if obj.version != expected:
        raise Conflict(message)
