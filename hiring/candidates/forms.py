"""Forms for candidates and resumes: every limit on what may be typed or uploaded lives here."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Optional

from hiring.candidates import services, uploads
from hiring.domain import DomainError
from hiring.forms import VersionedForm, at_most

#: The longest search text the candidate list accepts.
MAX_SEARCH = 200
NAME_MAX, EMAIL_MAX, PHONE_MAX, NOTES_MAX = 200, 254, 50, 10_000


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


def _source_choices() -> list[SelectChoice]:
    return [SelectChoice("", "Not recorded")] + [SelectChoice(s, s) for s in services.SOURCES]


def parse_links(text: str) -> list[str]:
    """One web address per line; blank lines are ignored. Raise naming the first bad line."""
    links: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        problem = services.check_link(line)
        if problem:
            shown = line if len(line) <= 80 else f"{line[:77]}..."  # the message, not the data
            raise ValidationError(f"Line {number} ({shown}) {problem}.")
        if line not in links:
            links.append(line)
    if len(links) > services.MAX_LINKS:
        raise ValidationError(f"Add at most {services.MAX_LINKS} links.")
    return links


class CandidateFilterForm(FlaskForm):
    """The search box and source filter of the candidate list (a GET form: no CSRF)."""

    class Meta:
        csrf = False

    q = StringField("Search", filters=[_strip], validators=[at_most(MAX_SEARCH, "The search")])
    source = StringField("Source")

    def search(self) -> str:
        """The search text, or nothing when it was refused as too long."""
        return "" if self.q.errors else self.q.data or ""


class CandidateForm(VersionedForm):
    name = StringField(
        "Full name",
        filters=[_strip],
        validators=[DataRequired("Enter the candidate's name."), at_most(NAME_MAX, "The name")],
    )
    email = EmailField(
        "E-mail",
        filters=[_strip],
        validators=[
            DataRequired("Enter the candidate's e-mail address."),
            Email("Enter a valid e-mail address, like name@example.com."),
            at_most(EMAIL_MAX, "The e-mail address"),
        ],
    )
    phone = StringField(
        "Phone", filters=[_strip], validators=[Optional(), at_most(PHONE_MAX, "The phone number")]
    )
    source = SelectField("Source", choices=_source_choices(), default="")
    links = TextAreaField(
        "Links",
        validators=[
            Optional(),
            at_most(services.MAX_LINKS * (services.MAX_LINK_LENGTH + 10), "The links"),
        ],
    )
    notes = TextAreaField("Notes", validators=[Optional(), at_most(NOTES_MAX, "The notes")])
    #: Shown only after a duplicate warning: the person confirms it is someone else.
    create_anyway = BooleanField("Create anyway")
    submit = SubmitField("Save")

    def validate_links(self, field: Any) -> None:
        parse_links(field.data or "")

    def values(self) -> dict[str, Any]:
        """What the candidate services take, from a validated form."""
        return {
            "name": self.name.data or "",
            "email": self.email.data or "",
            "phone": self.phone.data or "",
            "source": self.source.data or "",
            "links": parse_links(self.links.data or ""),
            "notes": self.notes.data or "",
            "allow_duplicate": bool(self.create_anyway.data),
        }


def _check_upload(form: Any, field: Any) -> None:
    """Check the file's content now, so a refused upload is a message beside the field."""
    storage = field.data
    form.upload = None
    if storage is None or not getattr(storage, "filename", None):
        return
    try:
        form.upload = uploads.check_resume(storage.stream, storage.filename)
    except DomainError as exc:
        raise ValidationError(exc.message) from exc


class NewCandidateForm(CandidateForm):
    resume = FileField("Resume", validators=[Optional(), _check_upload])
    submit = SubmitField("Add candidate")
    #: The checked resume, once validated (None when no file was chosen).
    upload: uploads.ResumeFile | None = None


class EditCandidateForm(CandidateForm):
    create_anyway = BooleanField("Save anyway")
    submit = SubmitField("Save changes")

    @classmethod
    def of(cls, candidate: Any) -> EditCandidateForm:
        """The form showing ``candidate``'s saved values (and the version they are at)."""
        form = cls(formdata=None, obj=candidate)
        form.links.data = "\n".join(candidate.links or [])
        form.version.data = str(candidate.version)
        return form


class ResumeForm(FlaskForm):
    resume = FileField(
        "Upload a resume",
        validators=[FileRequired("Choose a PDF or Word (.docx) file to upload."), _check_upload],
    )
    submit = SubmitField("Upload")
    upload: uploads.ResumeFile | None = None

    def checked_file(self) -> uploads.ResumeFile:
        """The checked upload of a validated form (the file is required)."""
        assert self.upload is not None, "validate the form first"
        return self.upload
