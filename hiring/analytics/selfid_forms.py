"""The self-identification forms: the candidate's (every question optional, each with
"prefer not to say"), the recruiter's request button, and an admin's CSV import."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, RadioField, SelectChoice, SubmitField, ValidationError
from wtforms.validators import Optional

from hiring.analytics.models import Answer, Disability, RaceEthnicity, Sex, Veteran
from hiring.analytics.selfid import Answers
from hiring.forms import at_most

#: A file larger than this is refused before it is read (MAX_CONTENT_LENGTH caps the request).
MAX_IMPORT_CHARS = 2_000_000


def _choices(kind: type[Answer]) -> list[SelectChoice]:
    return [SelectChoice(m.value, m.label) for m in kind if m.value != "not_answered"]


class SelfIdForm(FlaskForm):
    """Leaving a question unanswered is fine: it is recorded as "not answered"."""

    sex = RadioField("Sex", choices=_choices(Sex), validators=[Optional()])
    race_ethnicity = RadioField(
        "Race or ethnicity", choices=_choices(RaceEthnicity), validators=[Optional()]
    )
    veteran = RadioField("Veteran status", choices=_choices(Veteran), validators=[Optional()])
    disability = RadioField(
        "Disability status", choices=_choices(Disability), validators=[Optional()]
    )

    def answers(self) -> Answers:
        def read(kind: type[Answer], value: Any) -> Any:
            return kind(value or "not_answered")

        return Answers(
            sex=read(Sex, self.sex.data),
            race_ethnicity=read(RaceEthnicity, self.race_ethnicity.data),
            veteran=read(Veteran, self.veteran.data),
            disability=read(Disability, self.disability.data),
        )


class SelfIdRequestForm(FlaskForm):
    """Only the CSRF token: the button asks for a new link."""


class ImportForm(FlaskForm):
    """A file to check; after a clean check, its text comes back to be imported."""

    upload = FileField("CSV file")
    #: The checked file's text, carried from the dry run to the import.
    content = HiddenField(validators=[Optional(), at_most(MAX_IMPORT_CHARS, "The file")])
    check = SubmitField("Check the file")
    confirm = SubmitField("Import")

    def validate_upload(self, field: Any) -> None:
        storage = field.data
        if storage is None or not getattr(storage, "filename", None):
            if not self.content.data:
                raise ValidationError("Choose a CSV file.")
            return
        raw = storage.read(MAX_IMPORT_CHARS + 1)
        if len(raw) > MAX_IMPORT_CHARS:
            raise ValidationError("The file is too large; split it into smaller files.")
        try:
            self.content.data = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError("The file is not UTF-8 text; save it as CSV (UTF-8).") from exc

    def text(self) -> str:
        return (self.content.data or "").replace("\r\n", "\n")
