"""The forms of the plan page's timed meetings: booking a milestone check-in and recording a
1:1 or ride-along, each with a start time, a length and a time zone (the calendar feed shows
them at that time). A wall-clock time the clocks skip is refused beside the time field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional, ValidationError

from hiring import timezones
from hiring.forms import at_most
from hiring.onboarding.forms import Day, lines
from hiring.onboarding.models import MeetingKind


def known_zone(_form: Any, field: Any) -> None:
    """Any zone name the app knows, an old one (Asia/Calcutta) included: the picker offers
    the canonical names, but a zone stored under its old name is sent back as it was."""
    if field.data and not timezones.is_zone(field.data):
        raise ValidationError("Choose a time zone from the list, like America/Chicago.")


class _Timed(FlaskForm):
    """A meeting's start time, length and zone (the calendar feed shows it at that time)."""

    time = TimeField("Time", validators=[Optional()])
    minutes = IntegerField(
        "Minutes", validators=[Optional(), NumberRange(5, 480, "Between 5 and 480 minutes.")]
    )
    #: The page renders the grouped choices itself (``timezones.options_markup``).
    time_zone = SelectField("Time zone", validate_choice=False, validators=[Optional(), known_zone])

    def timing(self, day: date | None) -> dict[str, Any]:
        """starts_at (UTC), minutes and time_zone for the services; no time, no start.

        Call it inside ``attempt``: an impossible local time is refused as a ``DomainError``.
        """
        zone = self.time_zone.data or "UTC"
        if day is None or self.time.data is None:
            return {"starts_at": None, "minutes": None, "time_zone": None}
        return {
            "starts_at": timezones.to_utc(datetime.combine(day, self.time.data), zone),
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
