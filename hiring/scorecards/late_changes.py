"""Amendments made after the debrief opened, as the people who decide must see them.

Anchoring control: once the debrief is open, interviewers have read each other's ratings, so
a rating changed afterwards may have moved towards the group rather than towards the
evidence. Every surface that shows a rating for deciding (debrief, comparison, CSV, memo)
marks such a change with the original value, the new one and the reason, from
``late_changes`` (one query for any number of applications).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.db import db
from hiring.interviews.models import Interview, InterviewStatus
from hiring.library.models import Competency
from hiring.scorecards.models import (
    Recommendation,
    Scorecard,
    ScorecardAmendment,
    ScorecardStatus,
)
from hiring.scorecards.queries import PANEL_CARD

#: Recommendations from least to most in favour of hiring, to say which way one moved.
RECOMMENDATION_ORDER = list(Recommendation)


@dataclass
class LateChange:
    """One rating (or a recommendation, ``competency_id`` None) changed after the debrief
    opened: its value before the first such amendment and after the last, with every reason
    given. A rating value of ``None`` means "not assessed"."""

    scorecard_id: int
    interviewer: str
    competency_id: int | None
    before: Any
    after: Any
    reasons: list[str] = field(default_factory=list)
    amended_at: datetime | None = None
    #: What changed, as the reader knows it: the competency's name, or "Recommendation".
    what: str = "Recommendation"

    @property
    def is_recommendation(self) -> bool:
        return self.competency_id is None

    @property
    def direction(self) -> str:
        """ "up" (towards a higher rating or a hire), "down", or "" when it cannot be ordered
        (to or from "not assessed")."""
        before, after = self._ordinal(self.before), self._ordinal(self.after)
        if before is None or after is None or before == after:
            return ""
        return "up" if after > before else "down"

    def _ordinal(self, value: Any) -> int | None:
        if value is None:
            return None
        if self.is_recommendation:
            return RECOMMENDATION_ORDER.index(Recommendation(value))
        return int(value)

    def shown(self, value: Any) -> str:
        """A value as the reader sees it."""
        if self.is_recommendation:
            return Recommendation(value).label if value is not None else "none"
        return "not assessed" if value is None else str(value)

    @property
    def was(self) -> str:
        return self.shown(self.before)

    @property
    def now(self) -> str:
        return self.shown(self.after)

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class LateChanges:
    """One application's changes after its debrief opened."""

    changes: list[LateChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def __len__(self) -> int:
        return len(self.changes)

    def cell(self, scorecard_id: int, competency_id: int | None) -> LateChange | None:
        """The change to one card's rating of one competency (``None``: its recommendation)."""
        return next(
            (
                c
                for c in self.changes
                if c.scorecard_id == scorecard_id and c.competency_id == competency_id
            ),
            None,
        )

    def for_competency(self, competency_id: int) -> list[LateChange]:
        return [c for c in self.changes if c.competency_id == competency_id]

    @property
    def up(self) -> int:
        return sum(1 for c in self.changes if c.direction == "up")

    @property
    def down(self) -> int:
        return sum(1 for c in self.changes if c.direction == "down")

    @property
    def summary(self) -> str:
        """ "3 changed after the debrief opened: 2 up, 1 down" in plain words."""
        if not self.changes:
            return "Nothing was changed after the debrief opened."
        ratings = sum(1 for c in self.changes if not c.is_recommendation)
        recommendations = len(self.changes) - ratings
        what = []
        if ratings:
            what.append(f"{ratings} rating{'s' if ratings != 1 else ''}")
        if recommendations:
            what.append(f"{recommendations} recommendation{'s' if recommendations != 1 else ''}")
        moves = [f"{n} {word}" for n, word in ((self.up, "up"), (self.down, "down")) if n]
        other = len(self.changes) - self.up - self.down
        if other:
            moves.append(f"{other} to or from “not assessed”")
        return f"{' and '.join(what)} changed after the debrief opened: {', '.join(moves)}."


def late_changes(
    application_ids: list[int] | None = None, *, position_id: int | None = None
) -> dict[int, LateChanges]:
    """Application id -> its ratings and recommendations changed after the debrief opened,
    on the submitted panel cards of scheduled interviews (what the debrief counts), for the
    given applications or every application of a position. A value changed and then
    changed back is not a change."""
    found: dict[int, LateChanges] = defaultdict(LateChanges)
    if position_id is not None:
        scope = Interview.application_id.in_(
            select(Application.id).where(Application.position_id == position_id)
        )
    elif application_ids:
        scope = Interview.application_id.in_(application_ids)
    else:
        return found
    rows = db.session.execute(
        select(ScorecardAmendment, Interview.application_id, User.name)
        .join(Scorecard, Scorecard.id == ScorecardAmendment.scorecard_id)
        .join(Interview, Interview.id == Scorecard.interview_id)
        .join(User, User.id == Scorecard.interviewer_id)
        .where(
            scope,
            Interview.status == InterviewStatus.SCHEDULED,
            Scorecard.status == ScorecardStatus.SUBMITTED,
            PANEL_CARD,
            ScorecardAmendment.post_debrief.is_(True),
        )
        .order_by(ScorecardAmendment.amended_at, ScorecardAmendment.id)
    ).all()
    by_value: dict[tuple[int, int, int | None], LateChange] = {}
    for amendment, application_id, interviewer in rows:
        for competency_id, before, after in _changed_values(amendment.before, amendment.after):
            place = (application_id, amendment.scorecard_id, competency_id)
            change = by_value.get(place)
            if change is None:
                change = by_value[place] = LateChange(
                    amendment.scorecard_id, interviewer, competency_id, before, after
                )
            change.after = after
            change.amended_at = amendment.amended_at
            if amendment.reason not in change.reasons:
                change.reasons.append(amendment.reason)
    kept = [(place, c) for place, c in by_value.items() if c.before != c.after]
    competency_ids = {c.competency_id for _, c in kept if c.competency_id is not None}
    names = (
        dict(
            db.session.execute(
                select(Competency.id, Competency.name).where(Competency.id.in_(competency_ids))
            ).all()
        )
        if competency_ids
        else {}
    )
    for (application_id, _, competency_id), change in kept:
        if competency_id is not None:
            change.what = names.get(competency_id, "A competency no longer in the library")
        found[application_id].changes.append(change)
    return found


def _changed_values(
    before: dict[str, Any], after: dict[str, Any]
) -> list[tuple[int | None, Any, Any]]:
    """(competency id or None for the recommendation, old value, new value) for every
    rating or recommendation that differs between two card snapshots."""
    changed: list[tuple[int | None, Any, Any]] = []
    if before.get("recommendation") != after.get("recommendation"):
        changed.append((None, before.get("recommendation"), after.get("recommendation")))
    old, new = before.get("ratings", {}), after.get("ratings", {})
    for key in sorted(set(old) | set(new), key=int):
        was, now = _rating(old.get(key)), _rating(new.get(key))
        if was != now:
            changed.append((int(key), was, now))
    return changed


def _rating(cell: dict[str, Any] | None) -> int | None:
    if not cell or cell.get("not_assessed"):
        return None
    rating = cell.get("rating")
    return int(rating) if rating is not None else None
