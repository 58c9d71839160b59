"""Forms for adding custom competencies and questions to the library."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from hiring.library.schema import Scale


def lines(text: str | None) -> list[str]:
    """One entry per non-empty line."""
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class CompetencyForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Name the competency."), Length(max=200)])
    definition = TextAreaField(
        "Definition",
        validators=[
            DataRequired("Say what the competency is, in one or two sentences."),
            Length(max=2000),
        ],
    )
    why = TextAreaField(
        "Why it matters for the job",
        validators=[
            DataRequired("Explain why the job needs it (the job-analysis reason)."),
            Length(max=2000),
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
    anchor_1 = TextAreaField("Level 1 anchor", validators=[Optional(), Length(max=2000)])
    anchor_2 = TextAreaField("Level 2 anchor", validators=[Optional(), Length(max=2000)])
    anchor_3 = TextAreaField("Level 3 anchor", validators=[Optional(), Length(max=2000)])
    anchor_4 = TextAreaField("Level 4 anchor", validators=[Optional(), Length(max=2000)])
    anchor_5 = TextAreaField("Level 5 anchor", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Add competency")

    def anchors(self) -> dict[int, str]:
        return {level: getattr(self, f"anchor_{level}").data or "" for level in range(1, 6)}


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
        validators=[DataRequired("Add at least two follow-up probes, one per line.")],
    )
    look_fors = TextAreaField(
        "Look for (one per line)", validators=[DataRequired("Say what a strong answer shows.")]
    )
    red_flags = TextAreaField(
        "Red flags (one per line)", validators=[DataRequired("Say what a weak answer shows.")]
    )
    submit = SubmitField("Add question")

    def content(self) -> dict[str, Any]:
        """The question as the services take it: lists split one entry per line."""
        return {
            "text": self.text.data or "",
            "probes": lines(self.probes.data),
            "look_fors": lines(self.look_fors.data),
            "red_flags": lines(self.red_flags.data),
            "minutes": self.minutes.data or 7,
        }
