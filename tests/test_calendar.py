"""Due dates land on working days; weekends and company holidays are skipped."""

from __future__ import annotations

from datetime import date

from hiring.calendar import due_date, next_working_day, weekly_days

NONE: frozenset[date] = frozenset()


def test_plan_day_one_is_the_start_date_on_a_working_day():
    monday = date(2027, 1, 11)
    assert due_date(monday, 1, NONE) == monday
    assert due_date(monday, 5, NONE) == date(2027, 1, 15)  # Friday


def test_weekend_due_dates_move_to_monday():
    monday = date(2027, 1, 11)
    assert due_date(monday, 6, NONE) == date(2027, 1, 18)  # Saturday -> Monday
    assert due_date(monday, 7, NONE) == date(2027, 1, 18)  # Sunday -> Monday


def test_company_holidays_are_skipped_too():
    holidays = frozenset({date(2027, 1, 18), date(2027, 1, 19)})
    assert next_working_day(date(2027, 1, 16), holidays) == date(2027, 1, 20)


def test_weekly_one_on_ones_cover_the_whole_plan():
    days = weekly_days(date(2027, 1, 11), NONE)
    assert len(days) == 13
    assert [d for _, d in days][:2] == [date(2027, 1, 11), date(2027, 1, 18)]
    assert days[-1][0] == 85
