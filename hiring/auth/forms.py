"""Sign-in, password and time-zone forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, SubmitField
from wtforms.validators import DataRequired, EqualTo

from hiring import zone_picker
from hiring.forms import at_most


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail",
        validators=[DataRequired("Enter your e-mail address."), at_most(254, "The e-mail address")],
    )
    password = PasswordField("Password", validators=[DataRequired("Enter your password.")])
    remember = BooleanField("Keep me signed in on this device")
    submit = SubmitField("Sign in")


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a password."), at_most(200, "The password")],
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[
            DataRequired("Repeat the password."),
            EqualTo("password", "The two passwords differ."),
        ],
    )
    submit = SubmitField("Set password")


class ChangePasswordForm(SetPasswordForm):
    current_password = PasswordField(
        "Current password", validators=[DataRequired("Enter your current password.")]
    )
    submit = SubmitField("Change password")


class TimeZoneForm(FlaskForm):
    """The zone a person reads times in: places grouped by region, each with today's offset.

    Any name is accepted here and checked by ``services.set_time_zone``, so a refused one is
    explained in words rather than WTForms' "Not a valid choice".
    """

    time_zone = SelectField(
        "Your time zone",
        validate_choice=False,
        validators=[DataRequired("Choose your time zone.")],
    )
    #: Where to go afterwards (checked by ``safe_next_url`` before use).
    next = HiddenField()
    submit = SubmitField("Save time zone")

    @classmethod
    def offering(cls, current: str) -> TimeZoneForm:
        """The form with every zone, ``current`` selected unless something was submitted."""
        form = cls()
        form.time_zone.choices = zone_picker.grouped_choices([current])
        if not form.is_submitted():
            form.time_zone.data = current
        return form
