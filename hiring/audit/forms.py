"""The audit log's filter (a GET form: it changes nothing, so it needs no CSRF token)."""

from __future__ import annotations

from datetime import date

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, ValidationError
from wtforms.validators import NumberRange, Optional

from hiring.audit.queries import AuditFilter

_DATE = "must be a date like 2026-01-31."
#: The log began long after the first and ends long before the last date Python can hold, so
#: a day after ``until`` can always be computed.
_EARLIEST, _LATEST = date(1970, 1, 1), date(9998, 12, 31)


def _in_range(_form: object, field: DateField) -> None:
    if field.data is not None and not _EARLIEST <= field.data <= _LATEST:
        raise ValidationError(_DATE)


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    actor = IntegerField(validators=[Optional(), NumberRange(1, 2**31 - 1)])
    action = StringField(filters=[lambda v: (v or "").strip()])
    object_type = StringField(filters=[lambda v: (v or "").strip()])
    object_id = IntegerField(validators=[Optional(), NumberRange(1, 2**31 - 1)])
    since = DateField(validators=[Optional(), _in_range])
    until = DateField(validators=[Optional(), _in_range])

    def problems(self) -> list[str]:
        """Dates that could not be read, in words; other bad values are simply ignored."""
        self.validate()
        names = {"since": "“From”", "until": "“To”"}
        return [f"{label} {_DATE}" for name, label in names.items() if self[name].errors]

    def wanted(self) -> AuditFilter:
        """The filter as far as it could be read (a bad value filters nothing)."""
        return AuditFilter(
            actor_id=None if self.actor.errors else self.actor.data,
            action=self.action.data or "",
            object_type=self.object_type.data or "",
            object_id=None if self.object_id.errors else self.object_id.data,
            since=None if self.since.errors else self.since.data,
            until=None if self.until.errors else self.until.data,
        )
