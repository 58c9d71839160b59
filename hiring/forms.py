"""Form pieces every area shares."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import Length

from hiring.converters import form_int


def at_most(limit: int, what: str = "This") -> Length:
    """The one way a form limits length: a longer entry is refused with this message beside
    the field (and kept on the page to shorten), never cut."""
    return Length(max=limit, message=f"{what} can be at most {limit:,} characters.")


def error_text(form: FlaskForm) -> str:
    """Every message of a refused form, in one line (for a flash after a small form)."""
    return " ".join(e for errors in form.errors.values() for e in errors or [])


class ButtonForm(FlaskForm):
    """A button with nothing to type (sign off a phase, deactivate an account): it still goes
    through a form, so the CSRF token is checked the same way as everywhere else."""


class VersionedForm(FlaskForm):
    """A form changing something other people may change too: it carries the version the
    page showed, so a save from an outdated page is refused (``hiring.domain.expect_version``)."""

    version = HiddenField()

    def expected_version(self) -> int:
        """The version the page showed; a missing or tampered value never matches a real one."""
        return form_int(self.version.data)

    def error_text(self) -> str:
        return error_text(self)
