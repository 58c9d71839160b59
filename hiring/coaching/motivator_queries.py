"""A rep's motivators as the coaching and 1:1 pages show them: the latest ranking (top three
first, with the rep's words), the earlier ones, and whether a quarterly revisit is due. One
statement: a row is added a quarter, so the history stays short."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from sqlalchemy import select

from hiring import timezones
from hiring.coaching.models import MOTIVATORS, MotivatorProfile
from hiring.db import db

#: Motivators are revisited each quarter.
REVISIT_DAYS = 90


class Motive(NamedTuple):
    """One motivator as the pages show it: "Money", "earnings and commission"."""

    key: str
    name: str
    meaning: str


def motive(key: str) -> Motive:
    name, _, meaning = MOTIVATORS.get(key, key).partition(":")
    return Motive(key, name, meaning.strip())


def motives(ranking: list[str]) -> list[Motive]:
    return [motive(key) for key in ranking]


@dataclass(frozen=True)
class Motivators:
    latest: MotivatorProfile | None
    #: Earlier rankings, newest first.
    earlier: list[MotivatorProfile]
    #: The day the latest ranking is due a revisit (None before the first).
    revisit_on: date | None

    @property
    def top(self) -> list[Motive]:
        """The three that lead: what the 1:1 page shows."""
        return motives(self.latest.ranking[:3]) if self.latest else []

    @property
    def rest(self) -> list[Motive]:
        return motives(self.latest.ranking[3:]) if self.latest else []

    @staticmethod
    def motives(ranking: list[str]) -> list[Motive]:
        """An earlier ranking, for the history."""
        return motives(ranking)

    @property
    def revisit_due(self) -> bool:
        """Older than a quarter (never ranked: not a revisit, but a first ranking)."""
        return self.revisit_on is not None and self.revisit_on <= timezones.today()


def motivators(rep_id: int) -> Motivators:
    rows = list(
        db.session.scalars(
            select(MotivatorProfile)
            .where(MotivatorProfile.rep_id == rep_id)
            .order_by(MotivatorProfile.recorded_at.desc(), MotivatorProfile.id.desc())
        )
    )
    if not rows:
        return Motivators(None, [], None)
    latest = rows[0]
    due = timezones.local_date(latest.recorded_at) + timedelta(days=REVISIT_DAYS)
    return Motivators(latest, rows[1:], due)
