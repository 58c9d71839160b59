"""The scheduling and cancelling forms: every input of the interview pages."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from hiring import timezones, zone_picker
from hiring.auth.models import User
from hiring.forms import NeededWhen, PeopleField, at_most
from hiring.interviews.models import LONGEST_INTERVIEW_MINUTES
from hiring.positions.models import PlanRevision, PlanStage


class ScheduleForm(FlaskForm):
    #: Each stage option carries its minutes and default interviewers (``for_plan``); the page
    #: script copies them into the fields named here when the stage changes.
    stage_id = SelectField(
        "Stage",
        coerce=int,
        validators=[InputRequired("Choose the stage.")],
        render_kw={
            "data-stage-defaults": True,
            "data-minutes-field": "duration_minutes",
            "data-people-field": "interviewers",
        },
    )
    date = DateField("Date", validators=[InputRequired("Choose the date, like 2026-12-01.")])
    time = TimeField("Start time", validators=[InputRequired("Choose the start time, like 14:30.")])
    #: Defaults to the scheduler's own zone (``for_plan``), never to UTC.
    time_zone = SelectField("Time zone", validators=[InputRequired()])
    duration_minutes = IntegerField(
        "Minutes",
        validators=[
            InputRequired("How long is the interview?"),
            NumberRange(
                10,
                LONGEST_INTERVIEW_MINUTES,
                f"Between 10 and {LONGEST_INTERVIEW_MINUTES} minutes.",
            ),
        ],
    )
    location = StringField(
        "Location",
        validators=[Optional(), at_most(300, "The location")],
    )
    video_link = StringField(
        "Video link",
        validators=[Optional(), at_most(500, "The video link")],
    )
    interviewers = PeopleField(
        "Interviewers", coerce=int, validators=[InputRequired("Assign at least one interviewer.")]
    )
    shadows = PeopleField(
        "Shadows (sitting in to learn; their card is kept out of the debrief)",
        coerce=int,
        validators=[Optional()],
    )
    #: Shown with the warning that an interviewer is not qualified for a must-have, to an
    #: admin or the position's hiring manager only (``scheduling.book_panel`` checks again).
    go_ahead = BooleanField("Go ahead anyway")
    override_reason = TextAreaField(
        "Reason to go ahead without the qualification",
        validators=[NeededWhen(), at_most(1000, "The reason")],
    )
    submit = SubmitField("Schedule interview")

    @classmethod
    def for_plan(
        cls, plan: PlanRevision, people: Sequence[User], *, zone: str = timezones.FALLBACK_ZONE
    ) -> ScheduleForm:
        """The form offering ``plan``'s stages and the people who may interview; the time
        zone starts at ``zone`` (the scheduler's)."""
        form = cls(time_zone=zone)
        form.time_zone.choices = zone_picker.grouped_choices([zone])
        form.stage_id.choices = [_stage_choice(s) for s in plan.stages]
        form.interviewers.offer(people)
        form.shadows.offer(people)
        form._stages = {s.id: s for s in plan.stages}
        form._people = list(people)
        return form

    _stages: dict[int, PlanStage]
    _people: list[User]

    def preset(self, stage: PlanStage) -> None:
        """Fill a new form from ``stage``'s defaults (length and usual interviewers)."""
        self.stage_id.data = stage.id
        self.duration_minutes.data = stage.duration_minutes
        self.interviewers.data = [i.user_id for i in stage.interviewers]

    def values(self) -> dict[str, Any]:
        """The booking as ``scheduling.book_panel`` takes it (the start converted to UTC).

        Call it inside ``attempt``: an impossible local time is refused as a ``DomainError``.
        """
        stage = self._stages[self.stage_id.data or 0]
        zone = self.time_zone.data or "UTC"
        assert self.date.data is not None
        assert self.time.data is not None
        chosen = set(self.interviewers.data or [])
        sitting_in = set(self.shadows.data or [])
        return {
            "stage": stage,
            "starts_at": timezones.to_utc(datetime.combine(self.date.data, self.time.data), zone),
            "time_zone": zone,
            "duration_minutes": self.duration_minutes.data or stage.duration_minutes,
            "location": self.location.data or "",
            "video_link": self.video_link.data or "",
            "interviewers": [u for u in self._people if u.id in chosen],
            "shadows": [u for u in self._people if u.id in sitting_in],
            "go_ahead": bool(self.go_ahead.data),
            "override_reason": self.override_reason.data or "",
        }


def _stage_choice(stage: PlanStage) -> SelectChoice:
    """A stage option with the defaults a booking of it starts from, for the page script."""
    defaults = {
        "data-minutes": str(stage.duration_minutes),
        "data-people": " ".join(str(i.user_id) for i in stage.interviewers),
    }
    return SelectChoice(stage.id, f"{stage.position + 1}. {stage.name}", render_kw=defaults)


class CancelForm(FlaskForm):
    reason = StringField(
        "Reason for cancelling",
        validators=[Optional(), at_most(300, "The reason")],
    )
