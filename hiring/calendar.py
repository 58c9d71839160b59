"""The shared calendar: working days, public and company holidays, and the limits on a start
date.

Plan items fall due on a working day, never a weekend, a public holiday of the organisation's
country (``HOLIDAY_COUNTRY`` and optional ``HOLIDAY_SUBDIVISION``, from the ``holidays``
package) or one of the company's own closing days (``COMPANY_HOLIDAYS``). Hiring decisions and
onboarding plans accept the same range of start dates."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import holidays as public_holidays
from flask import current_app

#: Days on which nothing falls due, besides weekends: anything that answers ``day in closed``.
Closed = Container[date]


@dataclass(frozen=True)
class Holidays:
    """The public holidays of one country (and subdivision) plus the company's own dates.

    Public holidays are computed a year at a time, when a date of that year is first asked
    about, and kept per year: a plan spanning New Year reads two years, never a range.
    """

    country: str
    subdivision: str | None
    company: frozenset[date]

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return day in self.company or day in public_dates(self.country, self.subdivision, day.year)

    @property
    def described(self) -> str:
        """What due dates skip, in words for the plan page."""
        place = _place(self.country, self.subdivision)
        parts = ["weekends"]
        if place:
            parts.append(f"{place} public holidays")
        if self.company:
            parts.append("company holidays")
        return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]


@lru_cache(maxsize=64)
def public_dates(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    """The public holidays of ``country`` in ``year`` by date (empty when no country is set)."""
    if not country:
        return {}
    found = public_holidays.country_holidays(country, subdiv=subdivision, years=year)
    return {day: str(name) for day, name in found.items()}


def _place(country: str, subdivision: str | None) -> str:
    if not country:
        return ""
    return f"{country}-{subdivision}" if subdivision else country


def holidays() -> Holidays:
    """The closing days the settings name: HOLIDAY_COUNTRY's (and HOLIDAY_SUBDIVISION's) public
    holidays and the company's own COMPANY_HOLIDAYS (ISO dates)."""
    config = current_app.config
    raw: Iterable[str] = config.get("COMPANY_HOLIDAYS") or ()
    found = set()
    for value in raw:
        try:
            found.add(date.fromisoformat(str(value)))
        except ValueError:
            current_app.logger.warning("COMPANY_HOLIDAYS: %r is not a date like 2026-12-25", value)
    return Holidays(
        country=str(config.get("HOLIDAY_COUNTRY") or "").upper(),
        subdivision=str(config.get("HOLIDAY_SUBDIVISION") or "").upper() or None,
        company=frozenset(found),
    )


def holiday_settings_problem(config: Mapping[str, Any]) -> str | None:
    """Why HOLIDAY_COUNTRY / HOLIDAY_SUBDIVISION cannot be used, or None when they can.

    Checked at start-up: a misspelt country would otherwise quietly give a calendar without
    public holidays, and every due date would be computed against it.
    """
    country = str(config.get("HOLIDAY_COUNTRY") or "").upper()
    subdivision = str(config.get("HOLIDAY_SUBDIVISION") or "").upper() or None
    if not country:
        return (
            "HOLIDAY_SUBDIVISION is set but HOLIDAY_COUNTRY is not; set both or neither."
            if subdivision
            else None
        )
    supported = public_holidays.list_supported_countries()
    if country not in supported:
        return (
            f"HOLIDAY_COUNTRY {country!r} is not a country the holidays package knows; use an "
            "ISO 3166 code such as US, GB or DE (or an empty value for no public holidays)."
        )
    if subdivision and subdivision not in supported[country]:
        return (
            f"HOLIDAY_SUBDIVISION {subdivision!r} is not a subdivision of {country}; choose one "
            f"of {', '.join(supported[country])} or leave it empty."
        )
    return None


def is_working_day(day: date, closed: Closed) -> bool:
    return day.weekday() < 5 and day not in closed


def next_working_day(day: date, closed: Closed) -> date:
    while not is_working_day(day, closed):
        day += timedelta(days=1)
    return day


def due_date(start: date, plan_day: int, closed: Closed) -> date:
    """Plan day N (day 1 = the start date) as a date, moved forward to a working day.

    Days count on the calendar so that the Learn / Contribute / Own phases stay 30 days
    long; only the due date itself moves off weekends and holidays.
    """
    return next_working_day(start + timedelta(days=plan_day - 1), closed)


def weekly_days(start: date, closed: Closed, last_day: int = 90) -> list[tuple[int, date]]:
    """(plan day, date) of a weekly 1:1 from the first week to the end of the plan."""
    return [(day, due_date(start, day, closed)) for day in range(1, last_day + 1, 7)]


#: The earliest start date accepted (plans for people long at work are still plans).
EARLIEST_START = date(2000, 1, 1)
#: How far ahead a plan may start: far enough for any offer, short of date arithmetic limits.
LATEST_START_AHEAD = timedelta(days=731)


def start_date_problem(start: date, today: date) -> str | None:
    """Why ``start`` cannot open a 90-day plan, or None when it can."""
    latest = today + LATEST_START_AHEAD
    if not EARLIEST_START <= start <= latest:
        return f"Choose a start date between {EARLIEST_START:%d %b %Y} and {latest:%d %b %Y}."
    return None
