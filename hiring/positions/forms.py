"""Forms for positions and every edit of their interview plans.

Every POST of the plan editor comes through one of these, with the plan's version as a hidden
field; every limit on what a person may type lives here, and a longer entry is refused with a
message instead of being cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    widgets,
)
from wtforms.validators import AnyOf, DataRequired, InputRequired, NumberRange, Optional

from hiring.auth.models import Role, User
from hiring.db import db
from hiring.forms import NeededWhen, PeopleField, VersionedForm, at_most
from hiring.library.models import RoleProfile
from hiring.library.schema import StageKind
from hiring.positions.models import PlanStage, Position, PositionStatus
from hiring.positions.services import PositionDetails


def _user(user_id: int | None) -> User | None:
    return db.session.get(User, user_id) if user_id else None


def _people(users: Sequence[User], empty: str | None = None) -> list[SelectChoice]:
    choices = [SelectChoice(0, empty)] if empty else []
    return choices + [SelectChoice(u.id, f"{u.name} ({u.email})") for u in users]


class PositionForm(VersionedForm):
    title = StringField(
        "Job title",
        validators=[DataRequired("Give the opening a title."), at_most(200, "The title")],
    )
    role_profile_id = SelectField("Role profile", coerce=int)
    team = StringField("Team", validators=[Optional(), at_most(120, "The team")])
    location = StringField("Location", validators=[Optional(), at_most(120, "The location")])
    hiring_manager_id = SelectField("Hiring manager", coerce=int)
    recruiter_id = SelectField("Recruiter", coerce=int, default=0, validators=[Optional()])
    headcount = IntegerField(
        "Headcount",
        default=1,
        validators=[
            InputRequired("How many people to hire?"),
            NumberRange(1, 100, "Between 1 and 100."),
        ],
    )
    status = SelectField(
        "Status",
        choices=[SelectChoice(s.value, s.label) for s in PositionStatus],
        default=PositionStatus.DRAFT.value,
    )
    submit = SubmitField("Save")

    def set_choices(
        self, profiles: Sequence[RoleProfile], managers: Sequence[User], recruiters: Sequence[User]
    ) -> None:
        self.role_profile_id.choices = [SelectChoice(p.id, p.label) for p in profiles]
        self.hiring_manager_id.choices = _people(managers)
        self.recruiter_id.choices = _people(recruiters, "No recruiter")

    def fill(self, position: Position) -> None:
        """Show ``position`` for editing (on the first GET), with its version."""
        self.process(obj=position)
        self.recruiter_id.data = position.recruiter_id or 0
        self.status.data = position.status.value
        self.version.data = str(position.version)

    def suggest(self, user: User, profiles: Sequence[RoleProfile], role_key: str | None) -> None:
        """A new position's defaults: the person opening it in the roles they hold, and the
        role profile the library page linked from."""
        if user.has_role(Role.HIRING_MANAGER):
            self.hiring_manager_id.data = user.id
        if user.has_role(Role.RECRUITER):
            self.recruiter_id.data = user.id
        for option in profiles:
            if option.key == role_key:
                self.role_profile_id.data = option.id

    def role_profile(self) -> RoleProfile | None:
        return db.session.get(RoleProfile, self.role_profile_id.data)

    def details(self) -> PositionDetails:
        """The position as the services take it (the people the selects offered, loaded)."""
        return {
            "title": self.title.data or "",
            "team": self.team.data or "",
            "location": self.location.data or "",
            "hiring_manager": _user(self.hiring_manager_id.data),
            "recruiter": _user(self.recruiter_id.data),
            "headcount": self.headcount.data or 1,
            "status": PositionStatus(self.status.data),
        }


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class StageForm(VersionedForm):
    name = StringField(
        "Stage name", validators=[DataRequired("Name the stage."), at_most(200, "The stage name")]
    )
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.label) for k in StageKind],
        validators=[InputRequired("Choose the kind of stage.")],
    )
    duration_minutes = IntegerField(
        "Minutes",
        validators=[
            DataRequired("How long is the stage?"),
            NumberRange(10, 240, "Between 10 and 240 minutes."),
        ],
    )
    instructions = TextAreaField(
        "Instructions for the interviewer",
        validators=[Optional(), at_most(4000, "The instructions")],
    )
    lint_reason = TextAreaField(
        "Reason to keep flagged wording (only if the lint flags the instructions)",
        validators=[NeededWhen(), at_most(1000, "The reason")],
    )
    focus = MultiCheckboxField("Focus competencies", coerce=int)
    interviewers = PeopleField("Default interviewers", coerce=int, validators=[Optional()])
    #: Shown with the warning that a default interviewer is not qualified for a must-have in
    #: the focus (``plan_edits.update_stage`` checks who may go ahead).
    go_ahead = BooleanField("Go ahead anyway")
    override_reason = TextAreaField(
        "Reason to go ahead without the qualification",
        validators=[NeededWhen(), at_most(1000, "The reason")],
    )
    submit = SubmitField("Save stage")

    def set_choices(self, position: Position, people: Sequence[User]) -> None:
        self.focus.choices = [
            SelectChoice(
                link.competency_id, link.competency.name + (" ★" if link.must_have else "")
            )
            for link in position.role_profile.competency_links
        ]
        self.interviewers.offer(people)

    def fill(self, stage: PlanStage) -> None:
        """Show ``stage`` as saved."""
        self.kind.data = stage.kind.value
        self.lint_reason.data = stage.lint_reason
        self.focus.data = [f.competency_id for f in stage.focus]
        self.interviewers.data = [i.user_id for i in stage.interviewers]

    def values(self) -> dict[str, Any]:
        """The stage as ``plan_edits.update_stage`` takes it."""
        return {
            "name": self.name.data or "",
            "kind": StageKind(self.kind.data),
            "duration_minutes": self.duration_minutes.data or 45,
            "instructions": self.instructions.data or "",
            "lint_reason": self.lint_reason.data or "",
            "focus_ids": list(self.focus.data or []),
            "interviewer_ids": list(self.interviewers.data or []),
            "go_ahead": bool(self.go_ahead.data),
            "override_reason": self.override_reason.data or "",
        }


class AddStageForm(VersionedForm):
    name = StringField("Stage name", validators=[Optional(), at_most(200, "The stage name")])
    kind = SelectField(
        "Kind",
        choices=[SelectChoice(k.value, k.label) for k in StageKind],
        validators=[InputRequired("Choose the kind of stage.")],
    )
    duration_minutes = IntegerField(
        "Minutes",
        default=45,
        validators=[DataRequired("How long?"), NumberRange(10, 240, "Between 10 and 240 minutes.")],
    )
    submit = SubmitField("Add stage")

    def values(self) -> dict[str, Any]:
        """The new stage as ``plan_edits.add_stage`` takes it."""
        return {
            "name": self.name.data or "",
            "kind": StageKind(self.kind.data),
            "duration_minutes": self.duration_minutes.data or 45,
        }


def _fragment(value: Any) -> str:
    """Where on the plan page to come back to: a stage's anchor, or the top."""
    text = str(value or "")
    return text if re.fullmatch(r"stage-\d{1,10}", text) else ""


class PlanItemForm(VersionedForm):
    """A one-button plan edit (remove a stage or a question)."""

    anchor = HiddenField(filters=[_fragment])


class MoveForm(PlanItemForm):
    """Move a stage or a question one place up or down."""

    direction = HiddenField(
        validators=[AnyOf(["up", "down"], message="Choose whether to move it up or down.")]
    )

    def step(self) -> int:
        return -1 if self.direction.data == "up" else 1


class AddQuestionForm(VersionedForm):
    """Add a question from the bank to a stage."""

    question_id = IntegerField(
        "Add a question from the bank",
        validators=[
            InputRequired("Choose a question to add."),
            NumberRange(1, 2**31 - 1, "Choose a question to add."),
        ],
    )
