"""The shared calendar: working days, company holidays and the limits on a start date.

Plan items fall due on a working day, never a weekend or company holiday; hiring decisions
and onboarding plans accept the same range of start dates."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask import current_app


def holidays() -> frozenset[date]:
    """Company holidays from the COMPANY_HOLIDAYS setting (ISO dates)."""
    raw: Iterable[str] = current_app.config.get("COMPANY_HOLIDAYS") or ()
    found = set()
    for value in raw:
        try:
            found.add(date.fromisoformat(str(value)))
        except ValueError:
            current_app.logger.warning("COMPANY_HOLIDAYS: %r is not a date like 2026-12-25", value)
    return frozenset(found)


def is_working_day(day: date, closed: frozenset[date]) -> bool:
    return day.weekday() < 5 and day not in closed


def next_working_day(day: date, closed: frozenset[date]) -> date:
    while not is_working_day(day, closed):
        day += timedelta(days=1)
    return day


def due_date(start: date, plan_day: int, closed: frozenset[date]) -> date:
    """Plan day N (day 1 = the start date) as a date, moved forward to a working day.

    Days count on the calendar so that the Learn / Contribute / Own phases stay 30 days
    long; only the due date itself moves off weekends and holidays.
    """
    return next_working_day(start + timedelta(days=plan_day - 1), closed)


def weekly_days(start: date, closed: frozenset[date], last_day: int = 90) -> list[tuple[int, date]]:
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
