"""Form pieces every area shares."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField


class ActionForm(FlaskForm):
    """A button that changes something and carries no fields: it still goes through a form,
    so the CSRF token is checked the same way as everywhere else."""


class VersionedForm(FlaskForm):
    """A form editing something other people may edit too: it carries the version it was
    shown at, so a save from an outdated page is refused (``hiring.domain.expect_version``)."""

    version = HiddenField()

    def shown_version(self) -> int:
        """The version the page showed; a missing or tampered value never matches a real one."""
        try:
            number = int(self.version.data or "")
        except ValueError:
            return -1
        return number if 0 <= number < 2**31 else -1
