"""The scorecard form: every input of the scorecard page and its autosave, checked once.

The fields depend on the card (one rating and one evidence box per focus competency, four
STAR boxes per planned question), so ``ScorecardForm.for_card`` builds the form class for a
card. Field names are the page's own (``rating-<competency id>``, ``evidence-<id>``,
``note-<question id>-s|t|a|r``, ``recommendation``, ``summary``, ``amend_reason``,
``version``, ``action``), which scorecard.js posts as it is. A text over the limit is refused
beside its field, never cut.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional
from wtforms.widgets import HiddenInput

from hiring.forms import at_most
from hiring.library.models import Competency
from hiring.scorecards.models import Recommendation, Scorecard
from hiring.scorecards.services import (
    STAR,
    Action,
    RatingInput,
    ScorecardInput,
    focus_competencies,
)

#: The most any one text box of a scorecard holds.
TEXT_LIMIT = 10_000
NOT_ASSESSED = "na"


def _clean(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _choice(*allowed: str) -> Callable[[object], str]:
    """A radio value the page offers, else "" (no rating yet): only a hand-made request
    sends anything else, and a draft may be unrated."""

    def pick(value: object) -> str:
        cleaned = _clean(value)
        return cleaned if cleaned in allowed else ""

    return pick


def _text(what: str) -> TextAreaField:
    return TextAreaField(
        what,
        filters=[_clean],
        validators=[at_most(TEXT_LIMIT, what)],
    )


class ScorecardForm(FlaskForm):
    recommendation = StringField(
        "Overall recommendation", filters=[_choice(*(r.value for r in Recommendation))]
    )
    summary = _text("The summary")
    amend_reason = _text("The reason for the amendment")
    #: The card's version when the page was loaded (a missing one never matches).
    version = IntegerField(
        widget=HiddenInput(), validators=[Optional(), NumberRange(0, 2**31 - 1)], default=0
    )
    #: The button pressed; anything else (a hand-made request) only saves the draft.
    action = StringField(
        filters=[_choice(*Action), lambda value: value or Action.SAVE.value],
    )

    _competencies: list[Competency]
    _questions: list[int]

    @classmethod
    def for_card(cls, card: Scorecard) -> ScorecardForm:
        """The form for ``card``'s focus competencies and planned questions."""
        competencies = focus_competencies(card)
        questions = [item.question_id for item in card.interview.stage.questions]
        fields: dict[str, Any] = {}
        for competency in competencies:
            fields[f"rating-{competency.id}"] = StringField(
                f"Rating for {competency.name}",
                filters=[_choice(NOT_ASSESSED, *(str(level) for level in competency.scale.levels))],
            )
            fields[f"evidence-{competency.id}"] = _text(f"The evidence for {competency.name}")
        for number, question_id in enumerate(questions, start=1):
            for part in STAR:
                fields[f"note-{question_id}-{part[0]}"] = _text(
                    f"The {part} note of question {number}"
                )
        form = type("CardForm", (cls,), fields)()
        assert isinstance(form, ScorecardForm)
        form._competencies = competencies
        form._questions = questions
        return form

    def _get(self, name: str) -> str:
        return str(self[name].data or "")

    def _rating(self, competency_id: int) -> RatingInput:
        raw = self._get(f"rating-{competency_id}")
        evidence = self._get(f"evidence-{competency_id}")
        if raw == NOT_ASSESSED:
            return RatingInput(None, True, evidence)
        return RatingInput(int(raw) if raw else None, False, evidence)

    def to_input(self) -> ScorecardInput:
        """What the interviewer entered, as the scorecard services take it (validate first)."""
        recommendation = self.recommendation.data
        return ScorecardInput(
            ratings={c.id: self._rating(c.id) for c in self._competencies},
            notes={
                qid: {part: self._get(f"note-{qid}-{part[0]}") for part in STAR}
                for qid in self._questions
            },
            recommendation=Recommendation(recommendation) if recommendation else None,
            summary=self._get("summary"),
        )

    def values(self) -> dict[str, Any]:
        """The arguments of ``services.apply_action`` that come from the page."""
        return {
            "data": self.to_input(),
            "action": Action(self.action.data),
            "reason": self._get("amend_reason"),
            "expected_version": self.version.data or 0,
        }

    def entered(self) -> dict[str, Any]:
        """What was typed, shaped like ``services.snapshot`` (even when it was refused), so
        the page shows it back word for word."""
        recommendation = self._get("recommendation")
        return {
            "recommendation": recommendation or None,
            "summary": self._get("summary"),
            "ratings": {
                str(c.id): {
                    "rating": rating.rating,
                    "not_assessed": rating.not_assessed,
                    "evidence": rating.evidence,
                }
                for c in self._competencies
                for rating in [self._rating(c.id)]
            },
            "notes": {
                str(qid): {part: self._get(f"note-{qid}-{part[0]}") for part in STAR}
                for qid in self._questions
            },
        }

    def messages(self) -> dict[str, str]:
        """Each refused field's name and its first message (for the page and autosave)."""
        return {name: errors[0] for name, errors in self.errors.items() if name and errors}
