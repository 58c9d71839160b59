"""The plan page's forms for rating on the interview's anchors: scoring a certification (the
score and who assessed it) and the manager's optional competency ratings at a check-in."""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, SelectField
from wtforms.validators import Optional

from hiring.auth.models import User
from hiring.converters import form_int
from hiring.forms import VersionedForm
from hiring.library.models import Competency


class ScoreCertificationForm(VersionedForm):
    #: The level; the page lists the competency's anchors as the choices, the service refuses
    #: anything off its scale.
    score = RadioField("Score", coerce=int, validate_choice=False, validators=[Optional()])
    assessor_id = SelectField("Assessed by", coerce=int, validate_choice=False, default=0)

    def offer(self, assessors: list[User]) -> ScoreCertificationForm:
        self.assessor_id.choices = [SelectChoice(0, "Choose who assessed it")] + [
            SelectChoice(u.id, u.name) for u in assessors
        ]
        return self


class CheckInRatingsForm(VersionedForm):
    """One select per competency of the plan, named ``rating_<key>`` (an empty choice: not
    rated). Built for the plan's competencies with ``for_competencies``."""

    keys: list[str] = []

    @classmethod
    def for_competencies(cls, competencies: list[Competency]) -> type[CheckInRatingsForm]:
        fields: dict[str, object] = {"keys": [c.key for c in competencies]}
        for c in competencies:
            choices = [SelectChoice("", "Not rated")] + [
                SelectChoice(str(level), f"{level} {label}") for level, label, _ in c.levels
            ]
            fields[f"rating_{c.key}"] = SelectField(
                c.name, choices=choices, validate_choice=False, default=""
            )
        return type("CheckInRatings", (cls,), fields)

    def scores(self) -> dict[str, int | None]:
        """Each competency's chosen level (an unreadable one is -1, which the service
        refuses as off the scale), None when not rated."""
        chosen: dict[str, int | None] = {}
        for key in self.keys:
            raw = self[f"rating_{key}"].data
            chosen[key] = form_int(raw, default=-1) if raw else None
        return chosen
