"""The hiring decision form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from hiring.debriefs.models import DecisionOutcome


class DecisionForm(FlaskForm):
    outcome = RadioField(
        "Decision",
        choices=[SelectChoice(o.value, o.label) for o in DecisionOutcome],
        validators=[InputRequired("Choose hire, reject or hold.")],
    )
    rationale = TextAreaField(
        "Rationale",
        validators=[InputRequired("Write the rationale for this decision."), Length(max=5000)],
    )
    override_reason = TextAreaField(
        "Override reason (needed when you decide against the formula)",
        validators=[Optional(), Length(max=5000)],
    )
    start_date = DateField("Start date (for a hire)", validators=[Optional()])
    # Checked by the decision service, and only for a hire (a deactivated hiring manager
    # must not block an admin from recording a hold or a rejection).
    manager_id = SelectField("The new hire's manager", coerce=int, default=0, validate_choice=False)
    reversal_reason = TextAreaField(
        "Why are you reversing the earlier decision?", validators=[Optional(), Length(max=5000)]
    )
    submit = SubmitField("Record decision")
