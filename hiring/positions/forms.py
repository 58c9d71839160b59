"""Forms for positions and plan stages."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from hiring.auth.models import User
from hiring.library.models import RoleProfile
from hiring.library.schema import StageKind
from hiring.positions.models import PositionStatus


def _people(users: Sequence[User], empty: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(0, empty)] if empty else []
    return choices + [SelectChoice(u.id, f"{u.name} ({u.email})") for u in users]


class PositionForm(FlaskForm):
    title = StringField(
        "Job title", validators=[DataRequired("Give the opening a title."), Length(max=200)]
    )
    role_profile_id = SelectField("Role profile", coerce=int)
    team = StringField("Team", validators=[Optional(), Length(max=120)])
    location = StringField("Location", validators=[Optional(), Length(max=120)])
    hiring_manager_id = SelectField("Hiring manager", coerce=int)
    recruiter_id = SelectField("Recruiter", coerce=int, default=0)
    headcount = IntegerField(
        "Headcount",
        default=1,
        validators=[
            InputRequired("How many people to hire?"),
            NumberRange(1, 100, "Between 1 and 100."),
        ],
    )
    status = SelectField(
        "Status",
        choices=[SelectChoice(s.value, s.label) for s in PositionStatus],
        default=PositionStatus.DRAFT.value,
    )
    version = HiddenField()
    submit = SubmitField("Save")

    def set_choices(
        self, profiles: Sequence[RoleProfile], managers: Sequence[User], recruiters: Sequence[User]
    ) -> None:
        self.role_profile_id.choices = [SelectChoice(p.id, p.label) for p in profiles]
        self.hiring_manager_id.choices = _people(managers)
        self.recruiter_id.choices = _people(recruiters, "No recruiter")


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class StageForm(FlaskForm):
    name = StringField("Stage name", validators=[DataRequired("Name the stage."), Length(max=200)])
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.label) for k in StageKind],
        validators=[InputRequired("Choose the kind of stage.")],
    )
    duration_minutes = IntegerField(
        "Minutes",
        validators=[
            DataRequired("How long is the stage?"),
            NumberRange(10, 240, "Between 10 and 240 minutes."),
        ],
    )
    instructions = TextAreaField("Instructions for the interviewer", validators=[Length(max=4000)])
    focus = MultiCheckboxField("Focus competencies", coerce=int)
    interviewers = SelectMultipleField("Default interviewers", coerce=int)
    version = HiddenField()
    submit = SubmitField("Save stage")


class AddStageForm(FlaskForm):
    name = StringField("Stage name", validators=[Optional(), Length(max=200)])
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.label) for k in StageKind],
        validators=[InputRequired("Choose the kind of stage.")],
    )
    duration_minutes = IntegerField(
        "Minutes",
        default=45,
        validators=[DataRequired("How long?"), NumberRange(10, 240, "Between 10 and 240 minutes.")],
    )
    version = HiddenField()
    submit = SubmitField("Add stage")
