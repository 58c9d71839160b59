"""Forms for adding custom competencies and questions to the library.

Every limit on what a person may type lives here; a longer entry is refused beside its field.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from hiring.forms import NeededWhen, VersionedForm, at_most
from hiring.library.authoring import CompetencyContent, QuestionContent
from hiring.library.models import Competency, Question
from hiring.library.schema import Scale


def lines(text: str | None) -> list[str]:
    """One entry per non-empty line."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


_ANCHOR_LENGTH = at_most(2000, "The anchor")
_LIST_LENGTH = at_most(4000, "This list")


class CompetencyForm(VersionedForm):
    """A custom competency; when editing, the version the page showed rides along."""

    name = StringField(
        "Name",
        validators=[
            DataRequired("Name the competency."),
            at_most(200, "The name"),
        ],
    )
    definition = TextAreaField(
        "Definition",
        validators=[
            DataRequired("Say what the competency is, in one or two sentences."),
            at_most(2000, "The definition"),
        ],
    )
    why = TextAreaField(
        "Why it matters for the job",
        validators=[
            DataRequired("Explain why the job needs it (the job-analysis reason)."),
            at_most(2000, "The reason"),
        ],
    )
    scale = SelectField(
        "Rating scale",
        choices=[
            SelectChoice(Scale.FOUR_LEVEL.value, "4 levels: Poor, Mixed, Solid, Outstanding"),
            SelectChoice(
                Scale.FIVE_LEVEL.value, "5 levels: Poor, Weak, Mixed, Strong, Outstanding"
            ),
        ],
        default=Scale.FOUR_LEVEL.value,
    )
    anchor_1 = TextAreaField("Level 1 anchor", validators=[Optional(), _ANCHOR_LENGTH])
    anchor_2 = TextAreaField("Level 2 anchor", validators=[Optional(), _ANCHOR_LENGTH])
    anchor_3 = TextAreaField("Level 3 anchor", validators=[Optional(), _ANCHOR_LENGTH])
    anchor_4 = TextAreaField("Level 4 anchor", validators=[Optional(), _ANCHOR_LENGTH])
    anchor_5 = TextAreaField("Level 5 anchor", validators=[Optional(), _ANCHOR_LENGTH])
    submit = SubmitField("Add competency")

    def content(self) -> CompetencyContent:
        """The competency as the services take it."""
        return {
            "name": self.name.data or "",
            "definition": self.definition.data or "",
            "why": self.why.data or "",
            "anchors": {
                level: getattr(self, f"anchor_{level}").data or "" for level in range(1, 6)
            },
            "scale": Scale(self.scale.data),
        }

    def fill(self, competency: Competency) -> None:
        """Show ``competency`` for editing (on the first GET), with its version."""
        self.name.data = competency.name
        self.definition.data = competency.definition
        self.why.data = competency.why
        self.scale.data = competency.scale.value
        for level in competency.scale.levels:
            getattr(self, f"anchor_{level}").data = competency.anchor(level)
        self.version.data = str(competency.version)


class QuestionForm(FlaskForm):
    text = TextAreaField(
        "Question",
        validators=[
            DataRequired("Write the question."),
            Length(min=15, max=2000, message="Write the full question (15 to 2000 characters)."),
        ],
    )
    minutes = IntegerField(
        "Minutes to allow",
        default=7,
        validators=[
            DataRequired("Say how long the question takes."),
            NumberRange(1, 30, "Between 1 and 30 minutes."),
        ],
    )
    probes = TextAreaField(
        "STAR probes (one per line)",
        validators=[
            DataRequired("Add at least two follow-up probes, one per line."),
            _LIST_LENGTH,
        ],
    )
    look_fors = TextAreaField(
        "Look for (one per line)",
        validators=[DataRequired("Say what a strong answer shows."), _LIST_LENGTH],
    )
    red_flags = TextAreaField(
        "Red flags (one per line)",
        validators=[DataRequired("Say what a weak answer shows."), _LIST_LENGTH],
    )
    lint_reason = TextAreaField(
        "Reason to keep flagged wording (only if the lint flags it)",
        validators=[NeededWhen(), at_most(1000, "The reason")],
    )
    submit = SubmitField("Add question")

    def content(self) -> QuestionContent:
        """The question as the services take it: lists split one entry per line."""
        return {
            "text": self.text.data or "",
            "probes": lines(self.probes.data),
            "look_fors": lines(self.look_fors.data),
            "red_flags": lines(self.red_flags.data),
            "minutes": self.minutes.data or 7,
            "lint_reason": self.lint_reason.data or "",
        }

    def fill(self, question: Question) -> None:
        """Show ``question`` for editing (on the first GET)."""
        self.text.data = question.text
        self.minutes.data = question.minutes
        self.probes.data = "\n".join(question.probes)
        self.look_fors.data = "\n".join(question.look_fors)
        self.red_flags.data = "\n".join(question.red_flags)
        self.lint_reason.data = question.lint_reason


class ReferenceAnswerForm(FlaskForm):
    """A sample answer an admin adds for interviewer practice, with its reference rating."""

    answer = TextAreaField(
        "What the candidate said",
        validators=[DataRequired("Write the candidate's answer."), at_most(4000, "The answer")],
        render_kw={"rows": 10},
    )
    rating = SelectField(
        "Reference rating", coerce=int, validators=[DataRequired("Choose a level.")]
    )
    rationale = TextAreaField(
        "Why that level",
        validators=[
            DataRequired("Say why, in the anchor's words."),
            at_most(2000, "The rationale"),
        ],
    )
    evidence = TextAreaField(
        "Evidence phrases (one per line, copied from the answer)",
        validators=[DataRequired("Quote at least one phrase the rating rests on."), _LIST_LENGTH],
    )
    submit = SubmitField("Add reference answer")

    def content(self) -> dict[str, Any]:
        return {
            "answer": self.answer.data or "",
            "rating": int(self.rating.data),
            "rationale": self.rationale.data or "",
            "evidence": lines(self.evidence.data),
        }

    def for_levels(self, levels: list[tuple[int, str, str]]) -> ReferenceAnswerForm:
        self.rating.choices = [
            SelectChoice(level, f"{level} {label}") for level, label, _ in levels
        ]
        return self
