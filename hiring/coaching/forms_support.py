"""Every input of a support plan: the draft's diagnosis, window and support, its SMART
expectations, the weekly check-ins (a figure per expectation), the acknowledgement and the
recorded end. Length limits live here, once."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from hiring.coaching.models import Diagnosis, SupportOutcome, SupportPlan
from hiring.coaching.services.support_plans import SUGGESTED_DAYS, SUPPORT_KINDS
from hiring.forms import NeededWhen, VersionedForm, at_most
from hiring.onboarding.models import Progress

TEXT_MAX = 4000


def finite(_form: Any, field: Any) -> None:
    if field.data is not None and not math.isfinite(field.data):
        raise ValidationError("Enter an ordinary number.")


class SupportPlanForm(VersionedForm):
    """The draft's heart: the diagnosis first, then the support and the window."""

    diagnosis = RadioField(
        "Diagnosis",
        choices=[SelectChoice(d.value, d.label) for d in Diagnosis],
        validators=[InputRequired("Diagnose first: a skill gap, an effort gap or the wrong role.")],
    )
    diagnosis_note = TextAreaField(
        "What you saw (from your 1:1s, ride-alongs and the numbers)",
        validators=[InputRequired("Write down what you saw."), at_most(TEXT_MAX, "The note")],
    )
    training = TextAreaField(
        SUPPORT_KINDS["training"], validators=[Optional(), at_most(1000, "The training")]
    )
    ride_alongs = TextAreaField(
        SUPPORT_KINDS["ride_alongs"], validators=[Optional(), at_most(1000, "The ride-alongs")]
    )
    coaching = TextAreaField(
        SUPPORT_KINDS["coaching"], validators=[Optional(), at_most(1000, "The coaching")]
    )
    other = TextAreaField(
        SUPPORT_KINDS["other"], validators=[Optional(), at_most(1000, "The other support")]
    )
    starts_on = DateField("First day", validators=[InputRequired("Choose the first day.")])
    ends_on = DateField("Last day", validators=[InputRequired("Choose the last day.")])

    @classmethod
    def blank(cls, today: date) -> SupportPlanForm:
        """A new draft's form: from today, for the suggested 60 days."""
        form = cls()
        if not form.is_submitted():
            form.starts_on.data = today
            form.ends_on.data = today + timedelta(days=SUGGESTED_DAYS)
        return form

    @classmethod
    def of(cls, plan: SupportPlan) -> SupportPlanForm:
        """The draft's form, filled from the plan (unless it was just sent)."""
        form = cls()
        if not form.is_submitted():
            form.diagnosis.data = plan.diagnosis.value
            form.diagnosis_note.data = plan.diagnosis_note
            for row in plan.support:
                form[row["kind"]].data = row["detail"]
            form.starts_on.data, form.ends_on.data = plan.starts_on, plan.ends_on
            form.version.data = str(plan.version)
        return form

    def values(self) -> dict[str, Any]:
        """What ``support_plans.open_plan`` and ``update_draft`` take."""
        return {
            "diagnosis": Diagnosis(self.diagnosis.data),
            "diagnosis_note": self.diagnosis_note.data or "",
            "support": {kind: self[kind].data or "" for kind in SUPPORT_KINDS},
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
        }


class ExpectationForm(VersionedForm):
    outcome = StringField(
        "Outcome", validators=[InputRequired("Say the outcome."), at_most(300, "The outcome")]
    )
    metric = StringField(
        "Metric",
        validators=[InputRequired("Say how it is measured."), at_most(200, "The metric")],
    )
    target = FloatField("Target", validators=[InputRequired("The target is a number."), finite])
    unit = StringField("Unit", validators=[Optional(), at_most(60, "The unit")])
    due_on = DateField("By", validators=[InputRequired("Choose the date.")])

    def values(self) -> dict[str, Any]:
        return {
            "version": self.expected_version(),
            "outcome": self.outcome.data or "",
            "metric": self.metric.data or "",
            "target": self.target.data,
            "unit": self.unit.data or "",
            "due_on": self.due_on.data,
        }


class DiscardForm(VersionedForm):
    """Discarding a draft asks for a tick first: it cannot be undone."""

    sure = BooleanField(
        "Yes, delete this draft and its expectations",
        validators=[InputRequired("Tick the box to confirm: a discarded draft is gone.")],
    )


class AcknowledgeForm(FlaskForm):
    comment = TextAreaField(
        "Your comment", validators=[Optional(), at_most(TEXT_MAX, "The comment")]
    )


class CheckInForm(FlaskForm):
    """A weekly check-in; ``for_plan`` adds one figure field per expectation."""

    held_on = DateField("Date", validators=[InputRequired("Choose the date.")])
    progress = RadioField(
        "Progress",
        choices=[SelectChoice(p.value, p.label) for p in Progress],
        validators=[InputRequired("Choose on track, at risk or off track.")],
    )
    notes = TextAreaField(
        "Notes", validators=[InputRequired("Note what you discussed."), at_most(TEXT_MAX)]
    )

    @property
    def progress_value(self) -> Progress:
        return Progress(self.progress.data)

    @staticmethod
    def field_name(expectation_id: int) -> str:
        return f"actual_{expectation_id}"

    @classmethod
    def for_plan(cls, plan: SupportPlan, today: date) -> CheckInForm:
        class Bound(cls):  # type: ignore[valid-type,misc]
            pass

        for e in plan.expectations:
            setattr(
                Bound,
                cls.field_name(e.id),
                FloatField(f"{e.metric} (target {e.target:g})", validators=[Optional(), finite]),
            )
        form: CheckInForm = Bound()
        if not form.is_submitted():
            form.held_on.data = min(today, plan.ends_on)
        return form

    def actuals(self, plan: SupportPlan) -> dict[int, float | None]:
        return {e.id: self[self.field_name(e.id)].data for e in plan.expectations}


class OutcomeForm(VersionedForm):
    outcome = RadioField(
        "Outcome",
        choices=[SelectChoice(o.value, o.label) for o in SupportOutcome],
        validators=[InputRequired("Choose how the plan ends.")],
    )
    note = TextAreaField(
        "Why (the reason for an extension)",
        validators=[InputRequired("Say why."), at_most(TEXT_MAX, "The note")],
    )
    new_ends_on = DateField("New last day (needed when extending)", validators=[NeededWhen()])

    def values(self) -> dict[str, Any]:
        return {
            "version": self.expected_version(),
            "outcome": SupportOutcome(self.outcome.data),
            "note": self.note.data or "",
            "new_ends_on": self.new_ends_on.data,
        }
