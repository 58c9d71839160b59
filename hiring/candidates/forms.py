"""Forms for candidates, resumes and application actions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, Optional

from hiring.candidates import services
from hiring.positions.models import Position


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _source_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Not recorded")] + [SelectChoice(s, s) for s in services.SOURCES]


class CandidateForm(FlaskForm):
    name = StringField(
        "Full name",
        filters=[_strip],
        validators=[DataRequired("Enter the candidate's name."), Length(max=200)],
    )
    email = EmailField(
        "E-mail",
        filters=[_strip],
        validators=[
            DataRequired("Enter the candidate's e-mail address."),
            Email("Enter a valid e-mail address, like name@example.com."),
            Length(max=254),
        ],
    )
    phone = StringField("Phone", filters=[_strip], validators=[Optional(), Length(max=50)])
    source = SelectField("Source", choices=_source_choices(), default="")
    links = TextAreaField("Links", validators=[Optional(), Length(max=services.MAX_LINKS * 510)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=10_000)])
    #: Shown only after a duplicate warning: the person confirms it is someone else.
    create_anyway = BooleanField("Create anyway")
    version = HiddenField()
    submit = SubmitField("Save")

    def validate_links(self, field: Any) -> None:
        try:
            services.parse_links(field.data or "")
        except services.CandidateError as exc:
            raise ValidationError(str(exc)) from exc

    def links_list(self) -> list[str]:
        return services.parse_links(self.links.data or "")


class NewCandidateForm(CandidateForm):
    resume = FileField("Resume")
    submit = SubmitField("Add candidate")


class EditCandidateForm(CandidateForm):
    create_anyway = BooleanField("Save anyway")
    submit = SubmitField("Save changes")


class ResumeForm(FlaskForm):
    resume = FileField(
        "Upload a resume",
        validators=[FileRequired("Choose a PDF or Word (.docx) file to upload.")],
    )
    submit = SubmitField("Upload")


class ApplyForm(FlaskForm):
    position_id = SelectField(
        "Position", coerce=int, validators=[DataRequired("Choose a position.")]
    )
    submit = SubmitField("Add to position")

    def set_positions(self, positions: Sequence[Position], applied: set[int]) -> None:
        self.position_id.choices = [SelectChoice(0, "Choose a position…")] + [
            SelectChoice(
                p.id,
                f"{p.title}"
                + (f" · {p.team}" if p.team else "")
                + f" ({p.status.label.lower()})"
                + (" — already applied" if p.id in applied else ""),
            )
            for p in positions
        ]


#: The "New" step has no stage index; forms use -1 for it.
NEW_STEP = -1


class MoveForm(FlaskForm):
    stage = SelectField("Move to", coerce=int)
    version = HiddenField()
    submit = SubmitField("Move")

    def set_stages(self, names: Sequence[str]) -> None:
        self.stage.choices = [SelectChoice(NEW_STEP, "New")] + [
            SelectChoice(index, f"{index + 1}. {name}") for index, name in enumerate(names)
        ]


class StepForm(FlaskForm):
    direction = SelectField(
        choices=[SelectChoice("next", "Next"), SelectChoice("previous", "Previous")]
    )
    version = HiddenField()


class HoldForm(FlaskForm):
    reason = TextAreaField("Why on hold?", validators=[Optional(), Length(max=2000)])
    version = HiddenField()
    submit = SubmitField("Put on hold")


class ReactivateForm(FlaskForm):
    version = HiddenField()
    submit = SubmitField("Reactivate")


class RejectForm(FlaskForm):
    reason = TextAreaField(
        "Reason for rejecting",
        validators=[DataRequired("Give a reason for rejecting the candidate."), Length(max=2000)],
    )
    version = HiddenField()
    submit = SubmitField("Reject")


class WithdrawForm(FlaskForm):
    reason = TextAreaField("What the candidate said", validators=[Optional(), Length(max=2000)])
    version = HiddenField()
    submit = SubmitField("Mark as withdrawn")
