"""The scheduling form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TimeField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional


class ScheduleForm(FlaskForm):
    stage_id = SelectField("Stage", coerce=int, validators=[InputRequired("Choose the stage.")])
    date = DateField("Date", validators=[InputRequired("Choose the date, like 2026-12-01.")])
    time = TimeField("Start time", validators=[InputRequired("Choose the start time, like 14:30.")])
    time_zone = SelectField("Time zone", default="UTC", validators=[InputRequired()])
    duration_minutes = IntegerField(
        "Minutes",
        validators=[
            InputRequired("How long is the interview?"),
            NumberRange(10, 480, "Between 10 and 480 minutes."),
        ],
    )
    location = StringField("Location", validators=[Optional(), Length(max=300)])
    video_link = StringField("Video link", validators=[Optional(), Length(max=500)])
    interviewers = SelectMultipleField(
        "Interviewers", coerce=int, validators=[InputRequired("Assign at least one interviewer.")]
    )
    submit = SubmitField("Schedule interview")

    def set_time_zones(self, zones: list[str]) -> None:
        self.time_zone.choices = [SelectChoice(z, z.replace("_", " ")) for z in zones]
