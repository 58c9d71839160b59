"""Training forms: a practice rating (as on a real scorecard), reading the course, a
sign-off, and the lapse period."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional

from hiring.converters import form_int
from hiring.forms import at_most
from hiring.library.models import Competency

#: The value of the "Not assessed" choice, as on the scorecard form.
NOT_ASSESSED = "na"


class PracticeRatingForm(FlaskForm):
    """``rating`` (a level or ``na``) and ``evidence``, named as the rating block names them."""

    answer_id = HiddenField(validators=[InputRequired()])
    rating = StringField("Rating")
    evidence = TextAreaField(
        "Evidence for your rating", validators=[Optional(), at_most(2000, "Your evidence")]
    )
    submit = SubmitField("Rate and see the reference")

    _competency: Competency | None = None

    def answer_number(self) -> int:
        """The answer's id as posted (0 when missing or tampered with: a 404, never a 500)."""
        return form_int(self.answer_id.data)

    def rate_on(self, competency: Competency) -> None:
        """The scale the rating must be on: the competency of the answer being rated."""
        self._competency = competency

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        choice = (self.rating.data or "").strip()
        levels = [str(level) for level in self._competency.scale.levels] if self._competency else []
        if choice != NOT_ASSESSED and choice not in levels:
            self.rating.errors.append("Choose the level you heard, or Not assessed.")
            return False
        if choice != NOT_ASSESSED and not (self.evidence.data or "").strip():
            self.evidence.errors.append(
                "Write the evidence for your rating: what the candidate said or did."
            )
            return False
        return True

    def level(self) -> int | None:
        choice = (self.rating.data or "").strip()
        return None if choice == NOT_ASSESSED else int(choice)

    def messages(self) -> dict[str, str]:
        """Field errors by the names the rating block uses."""
        return {
            name: field.errors[0]
            for name, field in (("rating", self.rating), ("evidence", self.evidence))
            if field.errors
        }


class StartPracticeForm(FlaskForm):
    submit = SubmitField("Start practising")


class CompleteCourseForm(FlaskForm):
    submit = SubmitField("I've read the course: start practising")


class SignOffForm(FlaskForm):
    user_id = HiddenField(validators=[InputRequired()])
    #: The role profile the page was showing, to come back to it.
    role = HiddenField(validators=[Optional(), at_most(60, "The role")])

    def interviewer_number(self) -> int:
        return form_int(self.user_id.data)

    competency_key = HiddenField(validators=[InputRequired()])
    note = StringField(
        "Note (optional)",
        validators=[Optional(), at_most(500, "The note")],
    )
    submit = SubmitField("Qualify")


class PolicyForm(FlaskForm):
    lapse_months = IntegerField(
        "Qualification lasts (months)",
        validators=[
            InputRequired("How many months does a qualification last?"),
            NumberRange(1, 60, "Between 1 and 60 months."),
        ],
    )
    submit = SubmitField("Save")
