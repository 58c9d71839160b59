"""The filters every analytics page shares (a GET form: it changes nothing, so no CSRF)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import NumberRange, Optional

from hiring import timezones
from hiring.analytics.scope import Scope, default_period, sees_every_position
from hiring.auth.models import User

_DATE = "must be a date like 2026-01-31."
_EARLIEST, _LATEST = date(1970, 1, 1), date(9998, 12, 31)


def _in_range(_form: object, field: DateField) -> None:
    if field.data is not None and not _EARLIEST <= field.data <= _LATEST:
        raise ValidationError(_DATE)


class ScopeForm(FlaskForm):
    class Meta:
        csrf = False

    position = IntegerField("Position", validators=[Optional(), NumberRange(1, 2**31 - 1)])
    role = StringField("Role profile", filters=[lambda v: (v or "").strip()[:60]])
    since = DateField("From", validators=[Optional(), _in_range])
    until = DateField("To", validators=[Optional(), _in_range])

    def problems(self, visible_ids: set[int]) -> list[str]:
        """What could not be read, in words (a bad value filters nothing)."""
        self.validate()
        found = [
            f"“{self[name].label.text}” {_DATE}" for name in ("since", "until") if self[name].errors
        ]
        if self.position.errors or (
            self.position.data is not None and self.position.data not in visible_ids
        ):
            found.append("That position is not one you can see; showing all of yours.")
        if self._dates()[0] > self._dates()[1]:
            found.append("“From” is after “To”; the two are swapped.")
        return found

    def _dates(self) -> tuple[date, date]:
        first, last = default_period(timezones.today())
        since = None if self.since.errors else self.since.data
        until = None if self.until.errors else self.until.data
        return since or first, until or last

    def scope(self, reader: User, visible_ids: set[int]) -> Scope:
        """The filters as far as they could be read, for ``reader``."""
        since, until = sorted(self._dates())
        position = self.position.data if not self.position.errors else None
        return Scope(
            reader_id=reader.id,
            everything=sees_every_position(reader),
            position_id=position if position in visible_ids else None,
            role_key=self.role.data or None,
            since=since,
            until=until,
            zone=timezones.reader_zone(),
        )


class AgreementTableForm(FlaskForm):
    """Which of the agreement page's two tables a CSV download carries (a GET form: the
    competency table unless ``table=recommendations``; anything else is the default)."""

    class Meta:
        csrf = False

    table = SelectField(
        "Table",
        choices=[
            SelectChoice("ratings", "Ratings by competency"),
            SelectChoice("recommendations", "Hire or no hire"),
        ],
        default="ratings",
        validate_choice=False,
    )

    @property
    def recommendations(self) -> bool:
        return bool(self.table.data == "recommendations")
