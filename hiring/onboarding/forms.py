"""Every input of the onboarding pages. Length limits live here, once: a too-long entry is
refused with a message beside the field, never cut. Hidden version counters are fields too."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from hiring import timezones
from hiring.auth.models import User
from hiring.calendar import start_date_problem
from hiring.db import utcnow
from hiring.debriefs.models import Decision
from hiring.forms import VersionedForm, at_most, error_text
from hiring.interviews.services import to_utc
from hiring.library.models import RoleProfile
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding import permissions, queries
from hiring.onboarding.models import MeetingKind, Progress


def sensible_start(_form: Any, field: Any) -> None:
    if field.data is not None and (problem := start_date_problem(field.data, utcnow().date())):
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
        if start is not None and (problem := start_date_problem(start, utcnow().date())):
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
        choices=[SelectChoice(k.value, k.value.replace("_", " ")) for k in ItemKind],
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

    def values(self) -> dict[str, Any]:
        """What ``goals.add_goal`` takes, from a validated form."""
        return {
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


def known_zone(_form: Any, field: Any) -> None:
    if field.data and not timezones.is_zone(field.data):
        raise ValidationError("Choose a time zone from the list, like America/Chicago.")


class _Timed(FlaskForm):
    """A meeting's start time, length and zone (the calendar feed shows it at that time)."""

    time = TimeField("Time", validators=[Optional()])
    minutes = IntegerField(
        "Minutes", validators=[Optional(), NumberRange(5, 480, "Between 5 and 480 minutes.")]
    )
    time_zone = StringField("Time zone", validators=[Optional(), known_zone])

    def timing(self, day: date | None) -> dict[str, Any]:
        """starts_at (UTC), minutes and time_zone for the services; no time, no start.

        Call it inside ``attempt``: an impossible local time is refused as a ``DomainError``.
        """
        zone = self.time_zone.data or "UTC"
        if day is None or self.time.data is None:
            return {"starts_at": None, "minutes": None, "time_zone": None}
        return {
            "starts_at": to_utc(datetime.combine(day, self.time.data), zone),
            "minutes": self.minutes.data or 30,
            "time_zone": zone,
        }


class ScheduleCheckInForm(_Timed):
    day = Day("Date", "Give the date of the check-in, like 2026-12-01.")
    time = TimeField("Time", validators=[InputRequired("Give the start time, like 10:00.")])

    def values(self) -> dict[str, Any]:
        """What ``checkins.schedule_checkin`` takes (call inside ``attempt``)."""
        return self.timing(self.day.data)


class MeetingForm(_Timed):
    kind = HiddenField(
        validators=[AnyOf([k.value for k in MeetingKind], "Choose a 1:1 or a ride-along.")]
    )
    held_on = Day("Date", "Give the date it happened, like 2026-12-01.")
    #: The plan item the record ticks off (0 or empty: none).
    item_id = IntegerField("Ticks off", validators=[Optional()])
    agenda = TextAreaField("Agenda", validators=[Optional(), at_most(10000, "The agenda")])
    notes = TextAreaField("Notes", validators=[Optional(), at_most(20000, "The notes")])
    action_items = TextAreaField(
        "Action items", validators=[Optional(), at_most(10000, "The action items")]
    )
    pre_call_plan = TextAreaField(
        "Pre-call plan", validators=[Optional(), at_most(10000, "The pre-call plan")]
    )
    observations = TextAreaField(
        "What you observed", validators=[Optional(), at_most(20000, "The observations")]
    )
    focus_points = TextAreaField(
        "Focus points", validators=[Optional(), at_most(4000, "The focus points")]
    )
    agreed_action = StringField(
        "Agreed action", validators=[Optional(), at_most(500, "The agreed action")]
    )

    @property
    def is_ride_along(self) -> bool:
        return bool(self.kind.data == MeetingKind.RIDE_ALONG.value)

    def values(self) -> dict[str, Any]:
        """What ``meetings.record_meeting`` takes, but the item (call inside ``attempt``)."""
        return {
            **self.timing(self.held_on.data),
            "kind": MeetingKind(self.kind.data),
            "held_on": self.held_on.data,
            "agenda": self.agenda.data or "",
            "notes": self.notes.data or "",
            "action_items": lines(self.action_items.data),
            "pre_call_plan": self.pre_call_plan.data or "",
            "observations": self.observations.data or "",
            "focus_points": self.focus_points.data or "",
            "agreed_action": self.agreed_action.data or "",
        }


class CalendarTokenForm(FlaskForm):
    """Create (or replace) the secret calendar feed address, or turn it off."""

    action = HiddenField(default="create")

    @property
    def revoke(self) -> bool:
        return bool(self.action.data == "revoke")
