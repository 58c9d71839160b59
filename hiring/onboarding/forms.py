"""Forms for creating and running onboarding plans."""

from __future__ import annotations

import math
from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, FloatField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from hiring.calendar import start_date_problem
from hiring.db import utcnow


def sensible_start(_form: Any, field: Any) -> None:
    if field.data is not None and (problem := start_date_problem(field.data, utcnow().date())):
        raise ValidationError(problem)


def finite(_form: Any, field: Any) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter an ordinary number.")


class NewPlanForm(FlaskForm):
    title = StringField("Plan title", validators=[InputRequired("Name the plan."), Length(max=200)])
    new_hire_id = SelectField("New hire", coerce=int, default=0)
    role_profile_id = SelectField("Template (role profile)", coerce=int, default=0)
    manager_id = SelectField("Manager (owns the plan)", coerce=int)
    buddy_id = SelectField("Buddy", coerce=int, default=0)
    start_date = DateField(
        "Start date", validators=[InputRequired("Choose the first day."), sensible_start]
    )
    submit = SubmitField("Create plan")


class CompleteItemForm(FlaskForm):
    note = TextAreaField("Note", validators=[Optional(), Length(max=4000)])
    evidence_url = StringField("Evidence link", validators=[Optional(), Length(max=500)])
    submit = SubmitField("Mark done")


class ActualForm(FlaskForm):
    value = FloatField("Value", validators=[InputRequired("Enter a number."), finite])
    recorded_on = DateField("Date", validators=[InputRequired("Choose the date.")])
    note = StringField("Note", validators=[Optional(), Length(max=300)])
    submit = SubmitField("Record")


class StartDateForm(FlaskForm):
    start_date = DateField(
        "New start date",
        validators=[InputRequired("Choose the new start date."), sensible_start],
    )
    submit = SubmitField("Move the plan")
