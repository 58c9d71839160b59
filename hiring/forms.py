"""Form pieces every area shares."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField
from wtforms.validators import Length, Optional

from hiring.converters import form_int


def at_most(limit: int, what: str = "This") -> Length:
    """The one way a form limits length: a longer entry is refused with this message beside
    the field (and kept on the page to shorten), never cut."""
    return Length(max=limit, message=f"{what} can be at most {limit:,} characters.")


class NeededWhen(Optional):
    """A field required only in some cases, which its label names ("needed when you decide
    against the formula") and its service checks. An empty entry passes the form as with
    ``Optional``, but the field carries no ``optional`` flag, so the form macro does not
    call it "(optional)"; that label is for fields nobody ever has to fill in."""

    def __init__(self) -> None:
        super().__init__()
        self.field_flags = {"needed_when": True}


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
