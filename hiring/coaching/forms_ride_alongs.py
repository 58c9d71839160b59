"""The forms of a ride-along: the plan agreed before the call, the rep's own assessment, the
manager's debrief (with client follow-ups) and calling it off."""

from __future__ import annotations

from datetime import datetime

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    FormField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional, StopValidation

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching.models import CallRole, CallStage, RideAlong
from hiring.coaching.services.ride_alongs import Debrief, FollowUp, Plan
from hiring.domain import DomainError
from hiring.forms import VersionedForm, at_most
from hiring.library.models import Competency
from hiring.onboarding.forms import Day
from hiring.onboarding.forms_meetings import known_zone

#: Blank rows for client follow-ups on the debrief form (a row left empty is skipped).
FOLLOW_UP_ROWS = 3


class RideAlongPlanForm(VersionedForm):
    day = Day("Date", "Give the date of the call, like 2026-12-01.")
    time = TimeField("Time", validators=[InputRequired("Give the start time, like 10:00.")])
    minutes = IntegerField(
        "Minutes",
        default=60,
        validators=[InputRequired("Say how long the call runs."), NumberRange(5, 480)],
    )
    #: The page renders the grouped choices itself (``zone_picker.options_markup``).
    time_zone = SelectField("Time zone", validate_choice=False, validators=[known_zone])
    account = StringField("Account", validators=[Optional(), at_most(200, "The account")])
    objective = TextAreaField(
        "Call objective",
        validators=[InputRequired("State what the rep wants from the call."), at_most(4000)],
    )
    call_stage = SelectField(
        "Stage of the call",
        choices=[SelectChoice(s.value, s.label) for s in CallStage],
        default="discovery",
    )
    manager_role = RadioField(
        "Your role on the call",
        choices=[SelectChoice(r.value, r.label) for r in CallRole],
        validators=[InputRequired("Declare your role before the call: observe or demonstrate.")],
    )
    competency_key = SelectField("Competency to watch", validate_choice=False, default="")

    def offer(self, competencies: list[Competency]) -> RideAlongPlanForm:
        self.competency_key.choices = [SelectChoice("", "None chosen")] + [
            SelectChoice(c.key, c.name) for c in competencies
        ]
        return self

    def fill(self, ride: RideAlong) -> RideAlongPlanForm:
        """The form as the ride-along stands (the edit form on its page)."""
        local = timezones.in_zone(ride.scheduled_at, ride.time_zone)
        self.day.data, self.time.data = local.date(), local.time()
        self.minutes.data, self.time_zone.data = ride.minutes, ride.time_zone
        self.account.data, self.objective.data = ride.account, ride.objective
        self.call_stage.data, self.manager_role.data = (
            ride.call_stage.value,
            ride.manager_role.value,
        )
        self.competency_key.data = ride.competency_key or ""
        self.version.data = str(ride.version)
        return self

    def plan(self) -> Plan:
        """The plan for the service (call inside ``attempt``: a local time the clocks skip is
        refused as a ``DomainError``)."""
        zone = self.time_zone.data or "UTC"
        return Plan(
            scheduled_at=timezones.to_utc(datetime.combine(self.day.data, self.time.data), zone),
            time_zone=zone,
            minutes=self.minutes.data or 60,
            account=self.account.data or "",
            objective=self.objective.data or "",
            call_stage=CallStage(self.call_stage.data),
            manager_role=CallRole(self.manager_role.data),
            competency_key=self.competency_key.data or None,
        )


class AssessmentForm(VersionedForm):
    rep_assessment = TextAreaField(
        "How did the call go, in your own words?",
        validators=[InputRequired("Say how you think the call went."), at_most(10000)],
    )


def _date_if_promised(form: FlaskForm, field: DateField) -> None:
    """A row with a promise needs its date; an empty row is skipped, unread date and all."""
    if not (form.text.data or "").strip():
        field.errors[:] = []
        raise StopValidation()
    if field.data is None:
        field.errors[:] = []
        raise StopValidation("Say by when, like 2026-12-04.")


class FollowUpEntry(FlaskForm):
    """One client follow-up row (no token of its own: the outer form carries the CSRF token)."""

    class Meta:
        csrf = False

    text = StringField("What was promised", validators=[Optional(), at_most(500)])
    owner = SelectField(
        "By whom",
        choices=[SelectChoice("rep", "The rep"), SelectChoice("manager", "The manager")],
        default="rep",
    )
    due_on = DateField("By when", validators=[_date_if_promised])


class DebriefForm(VersionedForm):
    observations = TextAreaField(
        "What you observed",
        validators=[InputRequired("Write what you observed on the call."), at_most(20000)],
    )
    #: The anchored level; the page lists the competency's anchors as the choices.
    score = RadioField("Rating", coerce=int, validate_choice=False, validators=[Optional()])
    focus_points = TextAreaField(
        "Focus points (one or two, one a line)",
        validators=[InputRequired("Agree one or two focus points."), at_most(4000)],
    )
    agreed_practice = TextAreaField(
        "Agreed practice before the next call",
        validators=[InputRequired("Agree what the rep will practise."), at_most(4000)],
    )
    follow_ups = FieldList(FormField(FollowUpEntry), min_entries=FOLLOW_UP_ROWS, max_entries=10)

    def debrief(self, ride: RideAlong) -> Debrief:
        """The debrief for the service; follow-ups owned by the rep or the manager."""
        owners: dict[str, User] = {"rep": ride.rep, "manager": ride.rep.manager or ride.manager}
        follow_ups: list[FollowUp] = []
        for row in self.follow_ups.entries:
            entry = row.form
            if not (entry.text.data or "").strip():
                continue
            if entry.owner.data not in owners:
                raise DomainError("Choose the rep or the manager for each follow-up.")
            follow_ups.append(
                FollowUp(entry.text.data, owners[entry.owner.data], entry.due_on.data)
            )
        return Debrief(
            observations=self.observations.data or "",
            score=self.score.data,
            focus_points=self.focus_points.data or "",
            agreed_practice=self.agreed_practice.data or "",
            follow_ups=tuple(follow_ups),
        )


class CancelRideAlongForm(VersionedForm):
    reason = StringField(
        "Why is it called off?",
        validators=[InputRequired("Say why the ride-along is called off."), at_most(500)],
    )
