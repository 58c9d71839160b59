"""The forms of 1:1s: the cadence (the manager), agenda topics and notes (both), moving,
cancelling or adding a 1:1 (the manager), action items and the record of a held 1:1."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from hiring import timezones
from hiring.coaching.models import Cadence
from hiring.coaching.services.cadence import CadenceValues
from hiring.coaching.services.one_on_ones import HeldRecord
from hiring.forms import VersionedForm, at_most
from hiring.onboarding.forms import Day
from hiring.onboarding.forms_meetings import known_zone


class _Distinct(VersionedForm):
    """A form whose fields get ids of their own (``ID_PREFIX-name``; the names stay): a 1:1
    page holds several forms with like-named fields (two reasons, two texts), and the
    coaching page other parts' forms, and ids must stay unique."""

    ID_PREFIX = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for each in self:
            each.id = f"{self.ID_PREFIX}-{each.name}"


class _When(_Distinct):
    """A start (date, wall-clock time, zone) and a length."""

    day = Day("Date", "Give the date, like 2027-01-31.")
    time = TimeField("Time", validators=[InputRequired("Give the start time, like 10:00.")])
    minutes = IntegerField(
        "Minutes",
        default=30,
        validators=[InputRequired(), NumberRange(5, 480, "Between 5 and 480 minutes.")],
    )
    #: The page renders the grouped choices itself (``zone_options``).
    time_zone = SelectField(
        "Time zone",
        validate_choice=False,
        validators=[InputRequired("Choose a time zone."), known_zone],
    )

    def starts_at(self) -> datetime:
        """The UTC start (call inside ``attempt``: a time the clocks skip is refused)."""
        return timezones.to_utc(
            datetime.combine(self.day.data, self.time.data), self.time_zone.data
        )


class CadenceForm(_Distinct):
    """Version 0 when the rep has no cadence yet."""

    ID_PREFIX = "cadence"

    cadence = SelectField(
        "How often",
        choices=[SelectChoice(c.value, c.label) for c in Cadence],
        validators=[InputRequired()],
    )
    first_on = Day("First 1:1", "Give the date of the first 1:1, like 2027-01-31.")
    time = TimeField("Time", validators=[InputRequired("Give the start time, like 10:00.")])
    time_zone = SelectField(
        "Time zone",
        validate_choice=False,
        validators=[InputRequired("Choose a time zone."), known_zone],
    )
    minutes = IntegerField(
        "Minutes",
        default=30,
        validators=[InputRequired(), NumberRange(5, 480, "Between 5 and 480 minutes.")],
    )
    ride_alongs_per_month = IntegerField(
        "Ride-alongs a month",
        default=1,
        validators=[InputRequired(), NumberRange(0, 20, "Between 0 and 20.")],
    )
    #: 0: not set. The page offers the current role profiles (``offer``).
    role_profile_id = SelectField("Measured against", coerce=int, validators=[Optional()])

    def offer(self, profiles: list[tuple[int, str]]) -> CadenceForm:
        self.role_profile_id.choices = [
            SelectChoice(0, "Not set"),
            *(SelectChoice(v, label) for v, label in profiles),
        ]
        return self

    def values(self) -> CadenceValues:
        chosen = self.role_profile_id.data
        return CadenceValues(
            cadence=Cadence(self.cadence.data),
            first_on=self.first_on.data,
            starts_at_local=self.time.data,
            time_zone=self.time_zone.data,
            minutes=self.minutes.data,
            ride_alongs_per_month=self.ride_alongs_per_month.data,
            role_profile_id=chosen or None,
        )


class TopicForm(_Distinct):
    ID_PREFIX = "topic"
    text = StringField(
        "Topic",
        validators=[InputRequired("Say what you want to talk about."), at_most(500, "A topic")],
    )


class CoveredForm(VersionedForm):
    covered = HiddenField(validators=[AnyOf(["yes", "no"])])


class NotesForm(_Distinct):
    ID_PREFIX = "notes"
    notes = TextAreaField("Notes", validators=[Optional(), at_most(20000, "The notes")])


class MoveForm(_When):
    ID_PREFIX = "move"
    reason = StringField(
        "Why it moves", validators=[InputRequired("Say why it moves."), at_most(300, "The reason")]
    )


class CancelForm(_Distinct):
    ID_PREFIX = "cancel"
    reason = StringField(
        "Why it is cancelled",
        validators=[InputRequired("Say why it is cancelled."), at_most(300, "The reason")],
    )


class ExtraForm(_When):
    ID_PREFIX = "extra"


class ActionForm(_Distinct):
    ID_PREFIX = "action"
    text = StringField(
        "Action", validators=[InputRequired("Say what is to be done."), at_most(500, "An action")]
    )
    owner = SelectField(
        "Owner", choices=[SelectChoice("rep", "Rep"), SelectChoice("manager", "Manager")]
    )
    due_on = Day("Due", "Give the due date, like 2027-01-31.")


class HeldForm(_Distinct):
    ID_PREFIX = "held"
    deal_coaching = BooleanField("Deal coaching")
    opportunities = TextAreaField(
        "Opportunities discussed", validators=[Optional(), at_most(5000, "The opportunities")]
    )
    next_steps = TextAreaField(
        "Next step on each", validators=[Optional(), at_most(5000, "The next steps")]
    )
    skill_coaching = BooleanField("Skill coaching")
    competency_key = SelectField("Competency", validate_choice=False, validators=[Optional()])
    practised = TextAreaField(
        "What was practised", validators=[Optional(), at_most(5000, "What was practised")]
    )

    def record(self) -> HeldRecord:
        return HeldRecord(
            deal_coaching=bool(self.deal_coaching.data),
            opportunities=self.opportunities.data or "",
            next_steps=self.next_steps.data or "",
            skill_coaching=bool(self.skill_coaching.data),
            competency_key=self.competency_key.data or None,
            practised=self.practised.data or "",
        )


def offer_competencies(form: HeldForm, competencies: list[tuple[str, str]]) -> HeldForm:
    """The held form's competency choices: the rep's role profile's."""
    form.competency_key.choices = [
        SelectChoice("", "Choose a competency"),
        *(SelectChoice(key, name) for key, name in competencies),
    ]
    return form
