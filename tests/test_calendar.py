"""Due dates land on working days; weekends and company holidays are skipped."""

from __future__ import annotations

from datetime import date

import pytest

from hiring import calendar, create_app
from hiring.calendar import Holidays, due_date, next_working_day, weekly_days
from hiring.settings import DEFAULTS
from tests.support.harness import test_config

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


# --- Public holidays from HOLIDAY_COUNTRY, plus COMPANY_HOLIDAYS -------------------------------


def _closed(app_config_overrides: dict[str, object]) -> object:
    """The app's closing days under ``app_config_overrides`` (in a short app context)."""
    app = create_app(test_config("sqlite://", **app_config_overrides))
    with app.app_context():
        return calendar.holidays()


def test_us_christmas_and_thanksgiving_move_to_the_next_working_day():
    closed = _closed({"HOLIDAY_COUNTRY": "US"})
    assert next_working_day(date(2026, 12, 25), closed) == date(2026, 12, 28)  # Fri -> Mon
    assert next_working_day(date(2026, 11, 26), closed) == date(2026, 11, 27)  # Thanksgiving
    # A plan starting Monday 23 Nov: day 4 is Thanksgiving, due the Friday after.
    assert due_date(date(2026, 11, 23), 4, closed) == date(2026, 11, 27)


def test_gb_skips_boxing_day_and_its_observed_monday():
    closed = _closed({"HOLIDAY_COUNTRY": "GB", "HOLIDAY_SUBDIVISION": "ENG"})
    assert next_working_day(date(2026, 12, 25), closed) == date(2026, 12, 29)  # 25, 26, 28 shut
    assert date(2026, 11, 26) not in closed  # no Thanksgiving in England


def test_company_dates_apply_on_top_of_public_holidays():
    closed = _closed({"HOLIDAY_COUNTRY": "US", "COMPANY_HOLIDAYS": ["2026-11-27"]})
    assert next_working_day(date(2026, 11, 26), closed) == date(2026, 11, 30)
    assert _closed({"HOLIDAY_COUNTRY": "", "COMPANY_HOLIDAYS": ["2026-12-24"]}) == Holidays(
        "", None, frozenset({date(2026, 12, 24)})
    )


def test_a_plan_across_new_year_reads_both_years():
    closed = _closed({"HOLIDAY_COUNTRY": "US"})
    assert date(2026, 12, 25) in closed and date(2027, 1, 1) in closed
    assert next_working_day(date(2026, 12, 31), closed) == date(2026, 12, 31)  # a Thursday


def test_the_plan_page_wording_names_what_is_skipped():
    assert _closed({"HOLIDAY_COUNTRY": "US"}).described == "weekends and US public holidays"
    assert (
        _closed(
            {
                "HOLIDAY_COUNTRY": "gb",
                "HOLIDAY_SUBDIVISION": "eng",
                "COMPANY_HOLIDAYS": ["2027-01-04"],
            }
        ).described
        == "weekends, GB-ENG public holidays and company holidays"
    )
    assert _closed({"HOLIDAY_COUNTRY": ""}).described == "weekends"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"HOLIDAY_COUNTRY": "XX"}, "HOLIDAY_COUNTRY 'XX' is not a country"),
        (
            {"HOLIDAY_COUNTRY": "GB", "HOLIDAY_SUBDIVISION": "TX"},
            "HOLIDAY_SUBDIVISION 'TX' is not a subdivision of GB",
        ),
        (
            {"HOLIDAY_COUNTRY": "", "HOLIDAY_SUBDIVISION": "CA"},
            "HOLIDAY_SUBDIVISION is set but HOLIDAY_COUNTRY is not",
        ),
    ],
)
def test_an_unknown_country_or_subdivision_is_refused_at_startup(overrides, message):
    with pytest.raises(RuntimeError, match=f"Refusing to start: {message}"):
        create_app(test_config("sqlite://", **overrides))


def test_the_default_is_us_public_holidays():
    app = create_app(test_config("sqlite://", HOLIDAY_COUNTRY=DEFAULTS["HOLIDAY_COUNTRY"]))
    assert DEFAULTS["HOLIDAY_COUNTRY"] == "US"
    with app.app_context():
        assert date(2026, 7, 3) in calendar.holidays()  # Independence Day, observed
