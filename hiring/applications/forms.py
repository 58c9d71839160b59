"""Forms for adding a candidate to a position and for every application action.

Hold, reject and withdraw share ``ReasonForm`` (only the label differs); every action form
carries the version the page showed and where to go back to.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from hiring.forms import VersionedForm, at_most
from hiring.positions.models import Position

#: The "New" step has no stage index; forms use -1 for it.
NEW_STEP = -1
REASON_MAX = 2000


class ApplyForm(FlaskForm):
    position_id = SelectField(
        "Position", coerce=int, validators=[DataRequired("Choose a position.")]
    )
    submit = SubmitField("Add to position")

    def set_positions(self, positions: Sequence[Position], applied: set[int]) -> None:
        self.position_id.choices = [SelectChoice(0, "Choose a position…")] + [
            SelectChoice(
                p.id,
                f"{p.title}"
                + (f" · {p.team}" if p.team else "")
                + f" ({p.status.label.lower()})"
                + (" — already applied" if p.id in applied else ""),
            )
            for p in positions
        ]


class ActionForm(VersionedForm):
    """What every application action posts: the version seen, and the page to go back to."""

    #: "pipeline" when the action was taken on the board.
    return_to = HiddenField()


class MoveForm(ActionForm):
    """Move to a chosen stage, or one step with ``direction`` (the previous/next buttons).

    A post with neither is refused ("Choose a stage."), never read as "back to New". Whether
    the chosen stage is in the plan is the service's rule (``move_application``).
    """

    stage = SelectField("Move to", coerce=int, validate_choice=False)
    direction = SelectField(
        choices=[
            SelectChoice("", ""),
            SelectChoice("next", "Next"),
            SelectChoice("previous", "Previous"),
        ],
        default="",
        invalid_choice_message="Move to the previous or the next stage.",
    )
    submit = SubmitField("Move")

    def set_stages(self, names: Sequence[str]) -> None:
        self.stage.choices = [SelectChoice(NEW_STEP, "New")] + [
            SelectChoice(index, f"{index + 1}. {name}") for index, name in enumerate(names)
        ]

    def validate_stage(self, field: SelectField) -> None:
        if not self.direction.data and field.data is None:
            raise ValidationError("Choose a stage.")

    def step(self) -> int:
        """+1 for "next", -1 for "previous", 0 when a stage was chosen."""
        return {"next": 1, "previous": -1}.get(self.direction.data or "", 0)

    def target(self) -> int | None:
        """The chosen stage index (None: "New"); only called once ``validate`` passed."""
        return None if self.stage.data == NEW_STEP else self.stage.data


#: The label of the reason on each form that takes one.
REASON_LABELS = {
    "hold": "Why on hold?",
    "reject": "Reason for rejecting",
    "withdraw": "What the candidate said",
}


class ReasonForm(ActionForm):
    """Hold, reject and withdraw: a reason (required to reject, checked by the service)."""

    reason = TextAreaField(
        "Reason",
        validators=[
            Optional(),
            at_most(REASON_MAX, "The reason"),
        ],
    )

    @classmethod
    def build(cls, action: str, *, blank: bool = False) -> ReasonForm:
        """The form for ``action``; ``blank`` for a page showing it, not one reading a post."""
        form = cls(formdata=None) if blank else cls()
        # The three forms share a page: each reason needs its own id for its label to name it.
        form.reason.id = form.reason.label.field_id = f"{action}-reason"
        form.reason.label.text = REASON_LABELS[action]
        form.reason.flags.required = action == "reject"
        return form

    def text(self) -> str:
        return self.reason.data or ""


class ReactivateForm(ActionForm):
    submit = SubmitField("Reactivate")
