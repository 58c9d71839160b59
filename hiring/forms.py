"""Form pieces every area shares, and the input limits every form and query string obeys."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from flask import Flask, abort, g, get_template_attribute, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup
from wtforms import (
    Field,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import Length, Optional, ValidationError

from hiring.auth.models import User
from hiring.converters import form_int
from hiring.domain import DomainError


def at_most(limit: int, what: str = "This") -> Length:
    """The one way a form limits length: a longer entry is refused with this message beside
    the field (and kept on the page to shorten), never cut."""
    return Length(max=limit, message=f"{what} can be at most {limit:,} characters.")


# --- Control characters ------------------------------------------------------------------------

#: Characters nobody means to type: C0 controls except tab, line feed and carriage return, DEL,
#: and the C1 controls. PostgreSQL refuses NUL outright; the rest hide in stored text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character_problem(text: str) -> str | None:
    """What to tell someone whose ``text`` holds a control character, or None if it holds none:
    "Remove the invisible control character (U+0000) at position 12."."""
    found = list(_CONTROL.finditer(text))
    if not found:
        return None
    first = found[0]
    more = len(found) - 1
    also = f" (and {more} more like it)" if more else ""
    return (
        f"Remove the invisible control character (U+{ord(first.group()):04X}) "
        f"at position {first.start() + 1:,}{also}."
    )


def refuse_control_characters(_form: Any, field: Field) -> None:
    """Validator on every text field: checks what was sent, before any filter tidied it."""
    for text in field.raw_data or []:
        if isinstance(text, str) and (problem := control_character_problem(text)):
            raise ValidationError(problem)


class _TextLimitsMeta(FlaskForm.Meta):
    """Binds ``refuse_control_characters`` first on every text field of every form."""

    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Field:
        field: Field = super().bind_field(form, unbound_field, options)
        # Passwords are only ever hashed, never stored or shown: any character may be in one.
        if isinstance(field, StringField) and not isinstance(field, PasswordField):
            # A new list: the field class's own list is shared by every form instance.
            field.validators = [refuse_control_characters, *field.validators]
        return field


def install_input_limits(app: Flask) -> None:
    """Control characters are refused at the edge, once for the whole app:

    * every text field of every form (any ``FlaskForm``, present or future) gets
      ``refuse_control_characters``, so the message appears beside the field;
    * a query string (searches, filters) holding one is refused with the same words, and a
      path holding one is a page that does not exist.
    """
    if not issubclass(FlaskForm.Meta, _TextLimitsMeta):
        FlaskForm.Meta = _TextLimitsMeta

    @app.before_request
    def refuse_control_characters_in_the_address() -> None:
        if _CONTROL.search(request.path):
            abort(404)
        for name, value in request.args.items(multi=True):
            problem = control_character_problem(value)
            if problem:
                raise DomainError(f"The address has a problem in “{name[:40]}”. {problem}")


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


class Person(NamedTuple):
    """One person as a people picker lists them."""

    value: int
    name: str
    detail: str
    checked: bool
    #: Place in the list as offered (by name), so the page can re-sort after a change.
    order: int


class PeoplePicker:
    """Renders a ``PeopleField`` as a fieldset of checkboxes with a search box (the
    ``people_picker`` macro of ``templates/_macros/forms.html``; ``js/pickers.js`` adds the
    search and the live count).

    Ctrl-click multi-selects were unusable on touch screens and one plain click deselected
    everyone; a checkbox per person can only ever change that person.
    """

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        macro = get_template_attribute("_macros/forms.html", "people_picker")
        html: Markup = macro(field, kwargs.get("hint"))
        return html


class PeopleField(SelectMultipleField):
    """Several people, chosen by ticking them. Submits one ``name=id`` pair per person, exactly
    as the multi-select it replaces did, so services and validators do not change."""

    widget = PeoplePicker()

    def offer(self, people: Sequence[User]) -> None:
        """The people to choose from, in the order given (the queries sort them by name)."""
        self.choices = [SelectChoice(u.id, u.name) for u in people]
        self._details = {u.id: _detail(u) for u in people}

    _details: dict[int, str]

    def people(self) -> list[Person]:
        """Everyone offered, the chosen first (so a long list opens on who is already in)."""
        listed = [
            Person(c.value, c.label or "", self._details.get(c.value, ""), c.selected, order)
            for order, c in enumerate(self.iter_choices())
        ]
        return sorted(listed, key=lambda person: not person.checked)


def _detail(user: User) -> str:
    """What tells two people apart in a picker: their job title (else their roles) and e-mail."""
    what = user.title or ", ".join(role.label for role in user.sorted_roles)
    return f"{what} · {user.email}" if what else user.email


def csrf_token() -> str:
    """The request's CSRF token, for the hand-written forms (``name="csrf_token"``).

    Flask-WTF's ``generate_csrf`` makes the token once per request and keeps it in ``g`` under
    the field name, but every call first looks up two settings: a board or plan page with a
    form per card asks for it dozens of times, so later calls read it from ``g`` directly."""
    kept = g.get("csrf_token")
    return kept if isinstance(kept, str) else str(generate_csrf())


# A page that shows a refused form again (the plan page has dozens of forms, nearly always
# none refused) asks these for every field: as template macros they were a tenth of its work.


def typed(form: FlaskForm | None, name: str, default: object = "") -> object:
    """What was typed into field ``name`` of a refused ``form``, else ``default``."""
    return form[name]._value() if form else default


def problem(form: FlaskForm | None, name: str) -> Markup:
    """The message beside field ``name`` of a refused ``form`` (nothing when it is fine)."""
    if form and form[name].errors:
        return Markup('<small class="field-error">{}</small>').format(" ".join(form[name].errors))
    return Markup("")
