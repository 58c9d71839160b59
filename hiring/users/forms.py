"""Forms for administering accounts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    widgets,
)
from wtforms.validators import DataRequired, Email, Optional

from hiring.auth.models import Role, User
from hiring.forms import VersionedForm, at_most


class RoleChoiceField(SelectMultipleField):
    """Roles as a list of checkboxes, each with its description."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _role_choices() -> list[SelectChoice]:
    return [SelectChoice(role.value, role.label) for role in Role]


class _UserFields(FlaskForm):
    name = StringField(
        "Full name", validators=[DataRequired("Enter the person's name."), at_most(120, "The name")]
    )
    title = StringField("Job title", validators=[Optional(), at_most(120, "The job title")])
    roles = RoleChoiceField(
        "Roles",
        choices=_role_choices(),
        validators=[DataRequired("Choose at least one role.")],
    )
    manager_id = SelectField("Manager", coerce=int, default=0, validators=[Optional()])

    def set_manager_choices(self, candidates: list[User], exclude: User | None = None) -> None:
        self.manager_id.choices = [SelectChoice(0, "No manager")] + [
            SelectChoice(u.id, f"{u.name} ({u.email})")
            for u in candidates
            if exclude is None or u.id != exclude.id
        ]

    def selected_roles(self) -> list[Role]:
        return [Role(value) for value in self.roles.data or []]


class InviteUserForm(_UserFields):
    email = EmailField(
        "E-mail",
        validators=[
            DataRequired("Enter an e-mail address."),
            Email("Enter a valid e-mail address, like name@company.com."),
            at_most(254, "The e-mail address"),
        ],
    )
    submit = SubmitField("Send invitation")


class EditUserForm(_UserFields, VersionedForm):
    submit = SubmitField("Save changes")

    def changes(self, manager_by_id: Callable[[int | None], User | None]) -> dict[str, Any]:
        """The entries as ``services.update_user`` takes them."""
        return {
            "expected_version": self.expected_version(),
            "name": self.name.data or "",
            "title": self.title.data or None,
            "roles": self.selected_roles(),
            "manager": manager_by_id(self.manager_id.data),
            "actor": current_user,
        }

    def entries(self, manager: User | None) -> dict[str, str]:
        """What the person typed, as words, to show beside a conflicting newer record."""
        return {
            "name": self.name.data or "",
            "title": self.title.data or "",
            "roles": ", ".join(r.label for r in self.selected_roles()),
            "manager": manager.name if manager else "No manager",
        }
