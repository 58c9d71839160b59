"""The rep's motivators form: one select per place ("1st" to "8th"), keyboard-friendly and
script-free, refusing a motivator in two places or a gap, with their own words."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, Optional

from hiring.coaching.models import MOTIVATORS
from hiring.coaching.services.motivators import MINIMUM_RANKED
from hiring.forms import at_most

PLACES = len(MOTIVATORS)


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... (the places go up to eight)."""
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n, 'th') }"


# FlaskForm is untyped (pyproject relaxes this for modules named ``forms``, not this one).
class MotivatorsForm(FlaskForm):  # type: ignore[misc]
    """``rank_1`` ... ``rank_8`` (a key of ``MOTIVATORS`` or blank) and ``own_words``."""

    own_words = TextAreaField(
        "In your own words: what gets you up for a hard week?",
        validators=[Optional(), at_most(2000, "Your words")],
    )

    def places(self) -> list[SelectField]:
        return [self[f"rank_{n}"] for n in range(1, PLACES + 1)]

    def ranking(self) -> list[str]:
        """The chosen keys, most important first (blanks dropped)."""
        return [field.data for field in self.places() if field.data]

    def fill(self, ranking: list[str]) -> None:
        """Start from the rep's latest ranking, to adjust rather than redo."""
        for field, key in zip(self.places(), ranking, strict=False):
            field.data = key

    def validate(self, extra_validators: Any = None) -> bool:
        if not super().validate(extra_validators):
            return False
        seen: dict[str, int] = {}
        blank: int | None = None
        for n, field in enumerate(self.places(), start=1):
            if not field.data:
                blank = blank or n
                continue
            if blank is not None:
                self[f"rank_{blank}"].errors.append(
                    f"Fill the {ordinal(blank)} place before the {ordinal(n)}."
                )
                return False
            if field.data in seen:
                field.errors.append(f"Already ranked {ordinal(seen[field.data])}.")
                return False
            seen[field.data] = n
        return True


for _n in range(1, PLACES + 1):
    setattr(
        MotivatorsForm,
        f"rank_{_n}",
        SelectField(
            f"{ordinal(_n)} place",
            choices=[
                SelectChoice("", "Choose…" if _n <= MINIMUM_RANKED else "(none)"),
                *(SelectChoice(key, text) for key, text in MOTIVATORS.items()),
            ],
            validate_choice=False,
            validators=[
                # The top three lead the 1:1 page, so they are asked for; the rest may wait.
                InputRequired(
                    f"Choose your {ordinal(_n)} motivator: a top {MINIMUM_RANKED} leads your 1:1s."
                )
                if _n <= MINIMUM_RANKED
                else Optional(),
                AnyOf(list(MOTIVATORS), "Choose a motivator from the list."),
            ],
        ),
    )
