"""The form of the plan page's timed meeting, booking a milestone check-in, with a start time,
a length and a time zone (the calendar feed shows it at that time), and the zone check
coaching's 1:1 and ride-along forms share. A wall-clock time the clocks skip is refused
beside the time field."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectField,
    TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from hiring import timezones
from hiring.onboarding.forms import Day


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
    #: The page renders the grouped choices itself (``zone_picker.options_markup``).
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
