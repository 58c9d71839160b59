"""Every input of the onboarding pages (the timed meetings' are in ``forms_meetings``). Length
limits live here, once: a too-long entry is refused with a message beside the field, never
cut. Hidden version counters are fields too."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import AnyOf, InputRequired, Optional, ValidationError

from hiring.auth.models import User
from hiring.calendar import start_date_problem
from hiring.debriefs.models import Decision
from hiring.forms import VersionedForm, at_most, error_text
from hiring.library.models import RoleProfile
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding import permissions, queries
from hiring.onboarding.models import Progress


def sensible_start(_form: Any, field: Any) -> None:
    if field.data is not None and (problem := start_date_problem(field.data, queries.today())):
        raise ValidationError(problem)


def finite(_form: Any, field: Any) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter an ordinary number.")


def lines(text: str | None) -> list[str]:
    """The non-empty lines of a one-per-line text area."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Day(DateField):
    """A date field whose unreadable input gets this form's own wording."""

    def __init__(self, label: str, message: str = "Give a date like 2027-01-31.", **kw: Any):
        super().__init__(label, validators=[InputRequired(message)], **kw)
        self.message = message

    def process_formdata(self, valuelist: list[Any]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(self.message) from exc


class NewPlanForm(FlaskForm):
    title = StringField(
        "Plan title", validators=[InputRequired("Name the plan."), at_most(200, "The title")]
    )
    new_hire_id = SelectField("New hire", coerce=int, default=0)
    role_profile_id = SelectField("Template (role profile)", coerce=int, default=0)
    manager_id = SelectField("Manager (owns the plan)", coerce=int)
    buddy_id = SelectField("Buddy", coerce=int, default=0, validators=[Optional()])
    start_date = DateField(
        "Start date", validators=[InputRequired("Choose the first day."), sensible_start]
    )
    submit = SubmitField("Create plan")
    #: The role profiles offered as templates (set by ``for_request``).
    profiles: list[RoleProfile]

    @classmethod
    def for_request(cls, user: User, decision: Decision | None) -> NewPlanForm:
        """The form as sent (POST), as asked for a preview (GET with a query), or blank; with
        the choices ``user`` may make and the hire decision's values filled in."""
        form = cls() if request.method == "POST" else cls(formdata=request.args or None)
        people, form.profiles = queries.active_people(), queries.current_profiles()
        form.new_hire_id.choices = [SelectChoice(0, "Choose a person")] + [
            SelectChoice(u.id, f"{u.name} ({u.email})")
            for u in people
            if permissions.can_plan_for(user, u)
        ]
        owners = people if permissions.names_any_manager(user, decision) else [user]
        form.manager_id.choices = [SelectChoice(u.id, u.name) for u in owners]
        form.buddy_id.choices = [SelectChoice(0, "No buddy")] + [
            SelectChoice(u.id, u.name) for u in people
        ]
        form.role_profile_id.choices = [SelectChoice(p.id, p.label) for p in form.profiles]
        if decision is not None:
            pinned = decision.application.position.role_profile
            form.role_profile_id.data = pinned.id
            form.title.data = form.title.data or (
                f"{decision.application.candidate.name}: {pinned.name} 30/60/90"
            )
            form.start_date.data = form.start_date.data or decision.start_date
            form.manager_id.data = form.manager_id.data or decision.manager_id or user.id
        elif not form.manager_id.data:
            form.manager_id.data = user.id
        return form

    @property
    def profile(self) -> RoleProfile | None:
        """The chosen template (the decision's role profile, else the first one offered)."""
        chosen = next((p for p in self.profiles if p.id == self.role_profile_id.data), None)
        return chosen or (self.profiles[0] if self.profiles else None)

    def values(self) -> dict[str, Any]:
        """What ``plans.start_plan`` takes, from a validated form."""
        return {
            "new_hire_id": self.new_hire_id.data or 0,
            "manager_id": self.manager_id.data or 0,
            "buddy_id": self.buddy_id.data or 0,
            "profile": self.profile,
            "start": self.start_date.data,
            "title": self.title.data or "",
        }

    def preview_start(self) -> date | None:
        """The start date to preview from; a date out of range is explained, not previewed."""
        start: date | None = self.start_date.data
        if start is not None and (problem := start_date_problem(start, queries.today())):
            self.start_date.errors = [problem]
            return None
        return start


class CompleteItemForm(FlaskForm):
    note = TextAreaField("Note", validators=[Optional(), at_most(4000, "The note")])
    evidence_url = StringField(
        "Evidence link", validators=[Optional(), at_most(500, "The evidence link")]
    )
    #: The page the box was on when it is not the plan page (the home's to-do lists), so
    #: the outcome is shown there; checked by ``safe_next_url`` before use.
    back = HiddenField()
    submit = SubmitField("Mark done")

    def error_text(self) -> str:
        """Every message, in one line, for the flash on the plan page (a done box sits in
        every list the item shows in, so the page has no one place to show it again)."""
        return error_text(self)


class ActualForm(FlaskForm):
    value = FloatField("Value", validators=[InputRequired("Enter a number."), finite])
    recorded_on = DateField("Date", validators=[InputRequired("Choose the date.")])
    note = StringField("Note", validators=[Optional(), at_most(300, "The note")])
    submit = SubmitField("Record")


class StartDateForm(VersionedForm):
    start_date = DateField(
        "New start date",
        validators=[InputRequired("Choose the new start date."), sensible_start],
    )
    submit = SubmitField("Move the plan")


class AddItemForm(VersionedForm):
    title = StringField(
        "Title", validators=[InputRequired("Give the item a title."), at_most(200, "The title")]
    )
    description = StringField(
        "Description", validators=[Optional(), at_most(2000, "The description")]
    )
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.label) for k in ItemKind],
        validate_choice=False,
        validators=[AnyOf([k.value for k in ItemKind], "Choose the kind of item.")],
    )
    owner = SelectField(
        "Owner",
        choices=[SelectChoice(o.value, o.value.replace("_", " ")) for o in ItemOwner],
        validate_choice=False,
        validators=[AnyOf([o.value for o in ItemOwner], "Choose who owns the item.")],
    )
    due_date = Day("Due")
    evidence_required = BooleanField("Needs evidence (a note or a link)")

    def values(self) -> dict[str, Any]:
        """What ``items.add_item`` takes, from a validated form."""
        return {
            "expected_version": self.expected_version(),
            "title": self.title.data or "",
            "description": self.description.data or "",
            "kind": ItemKind(self.kind.data),
            "owner": ItemOwner(self.owner.data),
            "due": self.due_date.data,
            "evidence_required": bool(self.evidence_required.data),
        }


class RescheduleItemForm(VersionedForm):
    due_date = Day("Due")


class RemoveForm(VersionedForm):
    """Removing an item or a goal: only the version the page showed."""


class AddGoalForm(VersionedForm):
    outcome = StringField(
        "Outcome",
        validators=[InputRequired("Say the outcome."), at_most(300, "The outcome")],
    )
    metric = StringField(
        "Metric",
        validators=[InputRequired("Say how it is measured."), at_most(200, "The metric")],
    )
    target = FloatField("Target", validators=[InputRequired("The target is a number."), finite])
    unit = StringField("Unit", validators=[Optional(), at_most(60, "The unit")])
    due_date = Day("Due")
    #: SMART's "assignable": whose goal it is (the new hire unless the manager says otherwise).
    owner = SelectField(
        "Owner",
        choices=[SelectChoice(o.value, o.value.replace("_", " ")) for o in ItemOwner],
        default=ItemOwner.NEW_HIRE.value,
        validate_choice=False,
        validators=[AnyOf([o.value for o in ItemOwner], "Choose whose goal it is.")],
    )

    def values(self) -> dict[str, Any]:
        """What ``goals.add_goal`` takes, from a validated form."""
        return {
            "owner": ItemOwner(self.owner.data),
            "expected_version": self.expected_version(),
            "outcome": self.outcome.data or "",
            "metric": self.metric.data or "",
            "target": self.target.data,
            "unit": self.unit.data or "",
            "due": self.due_date.data,
        }


def ten_lines_at_most(_form: Any, field: Any) -> None:
    if len(lines(field.data)) > 10:
        raise ValidationError("Keep it to at most 10 coaching actions.")


class RewordGoalForm(VersionedForm):
    outcome = StringField(
        "Goal",
        validators=[
            InputRequired("Say what the new hire will get better at."),
            at_most(300, "The goal"),
        ],
    )
    actions = TextAreaField(
        "Coaching actions (one per line)",
        validators=[Optional(), at_most(5000, "The coaching actions"), ten_lines_at_most],
    )


class CheckInForm(FlaskForm):
    rating = HiddenField(
        "Progress",
        validators=[
            InputRequired("Choose on track, at risk or off track."),
            AnyOf([p.value for p in Progress], "Choose on track, at risk or off track."),
        ],
    )
    comment = TextAreaField("Comment", validators=[Optional(), at_most(4000, "The comment")])

    @property
    def progress(self) -> Progress:
        return Progress(self.rating.data)


class CalendarTokenForm(FlaskForm):
    """Create (or replace) the secret calendar feed address, or turn it off."""

    action = HiddenField(default="create")

    @property
    def revoke(self) -> bool:
        return bool(self.action.data == "revoke")
