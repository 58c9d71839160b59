"""The hiring decision form."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateField, RadioField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired

from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import DecisionOutcome
from hiring.forms import NeededWhen, at_most
from hiring.permissions import form_int

TEXT_MAX = 5000


class DecisionForm(FlaskForm):
    outcome = RadioField(
        "Decision",
        choices=[SelectChoice(o.value, o.label) for o in DecisionOutcome],
        validators=[InputRequired("Choose hire, reject or hold.")],
    )
    rationale = TextAreaField(
        "Rationale",
        validators=[
            InputRequired("Write the rationale for this decision."),
            at_most(TEXT_MAX, "The rationale"),
        ],
    )
    override_reason = TextAreaField(
        "Override reason (needed when you decide against the formula)",
        validators=[NeededWhen(), at_most(TEXT_MAX, "The override reason")],
    )
    decide_now_reason = TextAreaField(
        "Decide-now reason (needed while the evidence is not complete)",
        validators=[NeededWhen(), at_most(TEXT_MAX, "The decide-now reason")],
    )
    start_date = DateField("Start date (for a hire)", validators=[NeededWhen()])
    # Checked by the decision service, and only for a hire (a deactivated hiring manager
    # must not block an admin from recording a hold or a rejection).
    manager_id = SelectField("The new hire's manager", coerce=int, default=0, validate_choice=False)
    reversal_reason = TextAreaField(
        "Why are you reversing the earlier decision?",
        validators=[NeededWhen(), at_most(TEXT_MAX, "The reversal reason")],
    )
    submit = SubmitField("Record decision")

    def set_managers(self, managers: list[User]) -> None:
        self.manager_id.choices = [SelectChoice(0, "The hiring manager")] + [
            SelectChoice(u.id, u.name) for u in managers
        ]
        if self.manager_id.data is None:
            self.manager_id.data = 0

    def manager(self) -> User | None:
        """The chosen manager; None for "the hiring manager" (or an id that is no user)."""
        chosen = form_int(self.manager_id.data)  # not choice-checked: keep it in range
        return db.session.get(User, chosen) if chosen else None

    def decision(self) -> dict[str, Any]:
        """What the decision service takes from this form."""
        return {
            "outcome": DecisionOutcome(self.outcome.data),
            "rationale": self.rationale.data or "",
            "override_reason": self.override_reason.data or "",
            "start_date": self.start_date.data,
            "manager": self.manager(),
            "reversal_reason": self.reversal_reason.data or "",
            "decide_now_reason": self.decide_now_reason.data or "",
        }
