"""One convention for every date-time (hiring/timezones.py): "Wed 2 Dec 2026, 10:00\u00a0CST" in
the reader's zone; a zone without letters is named by its offset; a plain day needs no zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hiring import timezones, zone_picker

MOMENT = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)


def test_the_same_moment_reads_in_each_zone_with_the_zone_named(app):
    with app.app_context():
        # A no-break space holds the zone to its time: a narrow cell never wraps "10:00 / CST".
        assert (
            timezones.format_moment(MOMENT, "America/Chicago") == "Wed 2 Dec 2026, 10:00\u00a0CST"
        )
        assert timezones.format_moment(MOMENT, "Europe/London") == "Wed 2 Dec 2026, 16:00\u00a0GMT"
        assert timezones.format_moment(MOMENT, "Asia/Kolkata") == "Wed 2 Dec 2026, 21:30\u00a0IST"
        # tzdata has no letters for Dubai ("+04"): the offset names it.
        assert timezones.format_moment(MOMENT, "Asia/Dubai") == "Wed 2 Dec 2026, 20:00\u00a0UTC+4"
        assert timezones.format_time(MOMENT, "America/St_Johns") == "12:30 NST"
        newfoundland = MOMENT.astimezone(ZoneInfo("America/St_Johns"))
        assert timezones.offset_text(newfoundland) == "UTC-3:30"
        assert timezones.local_date(MOMENT, "Pacific/Auckland") == date(2026, 12, 3)
        assert timezones.zone_title(MOMENT, "America/Chicago") == (
            "Wednesday 2 December 2026, 10:00 America/Chicago (UTC-6)"
        )


def test_whose_zone(app):
    class Person:
        def __init__(self, time_zone):
            self.time_zone = time_zone

    app.config["DEFAULT_TIME_ZONE"] = "Europe/Berlin"
    with app.app_context():
        assert timezones.zone_for(Person("Asia/Tokyo")) == "Asia/Tokyo"
        assert timezones.zone_for(Person(None)) == "Europe/Berlin"
        assert timezones.zone_for(None) == "Europe/Berlin"
        assert timezones.reader_zone() == "Europe/Berlin"  # no one signed in: the CLI, cron
        app.config["DEFAULT_TIME_ZONE"] = "Mars/Olympus_Mons"
        assert timezones.organisation_zone() == "UTC"


def test_the_picker_groups_canonical_places_by_region(app):
    groups = zone_picker.grouped_choices()
    assert list(groups)[:3] == ["Universal", "Africa", "America"]
    assert ("America/Chicago", "Chicago (UTC-6)") in groups["America"] or (
        ("America/Chicago", "Chicago (UTC-5)") in groups["America"]
    )
    names = [name for choices in groups.values() for name, _label in choices]
    assert "US/Central" not in names and "Etc/GMT+5" not in names
    assert len(names) == len(set(names)) > 300
    labels = [label for _name, label in groups["America"]]
    assert labels == sorted(labels, key=lambda label: label.split(" (")[0])


def test_to_utc_refuses_a_skipped_time_and_takes_the_first_of_a_repeated_one():
    import pytest

    from hiring.domain import DomainError

    with pytest.raises(DomainError) as refused:
        timezones.to_utc(
            datetime(2026, 3, 8, 2, 30),  # noqa: DTZ001 - a wall-clock time, zone given beside it
            "America/Chicago",
        )
    assert refused.value.field == "time"
    assert "02:30 does not exist on 8 Mar 2026 in Chicago" in str(refused.value)
    # 01:30 on 1 Nov 2026 happens twice in Chicago: the first (CDT, UTC-5) is meant.
    first = timezones.to_utc(
        datetime(2026, 11, 1, 1, 30),  # noqa: DTZ001 - a wall-clock time, zone given beside it
        "America/Chicago",
    )
    assert first == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert (
        timezones.to_utc(
            datetime(2026, 12, 2, 10, 0),  # noqa: DTZ001 - a wall-clock time, zone given beside it
            "America/Chicago",
        )
        == MOMENT
    )
    with pytest.raises(DomainError) as unknown:
        timezones.to_utc(
            datetime(2026, 12, 2, 10, 0),  # noqa: DTZ001 - a wall-clock time, zone given beside it
            "Mars/Olympus",
        )
    assert unknown.value.field == "time_zone"


def test_pickers_offer_canonical_names_but_old_ones_are_still_accepted():
    offered = zone_picker.offered_zones()
    assert {"Europe/Kyiv", "Asia/Kolkata", "Asia/Ho_Chi_Minh", "America/Chicago"} <= offered
    assert not {"Europe/Kiev", "Asia/Calcutta", "Asia/Saigon", "Asia/Rangoon"} & offered
    assert all(timezones.is_zone(name) for name in ("Europe/Kiev", "Asia/Calcutta"))
    listed = {v for group in zone_picker.grouped_choices().values() for v, _ in group}
    assert "Asia/Calcutta" not in listed and "Asia/Kolkata" in listed
    kept = {
        v for group in zone_picker.grouped_choices(["Asia/Calcutta"]).values() for v, _ in group
    }
    assert "Asia/Calcutta" in kept


def test_plain_days_read_one_way():
    assert timezones.day(date(2026, 12, 7)) == "Mon 7 Dec 2026"
    assert timezones.short_day(date(2026, 12, 7)) == "Mon 7 Dec"
    assert timezones.long_day(date(2026, 12, 7)) == "Monday 7 December 2026"
    assert timezones.place_time(MOMENT, "America/Chicago") == "10:00 Chicago time"


def test_a_time_tag_shows_the_short_form_with_the_long_one_as_its_tooltip(app):
    moment = datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    with app.app_context():
        tag = str(timezones.time_tag(moment, "Asia/Kolkata"))
        day_only = str(timezones.time_tag(moment, "America/Chicago", date_only=True))
        assert str(timezones.time_tag(None)) == '<span class="muted">\u2014</span>'
    assert tag == (
        '<time datetime="2026-03-08T07:30:00+00:00" '
        'title="Sunday 8 March 2026, 13:00 Asia/Kolkata (UTC+5:30)">Sun 8 Mar 2026, 13:00\u00a0IST</time>'
    )
    # The day is the reader's calendar day: 01:30 in Chicago is still 8 March there.
    assert day_only.endswith('America/Chicago (UTC-6)">08 Mar 2026</time>')


def test_dates_and_moments_read_as_strftime_writes_them_in_english():
    """Day and month names come from tables (a fraction of strftime's cost); over two years
    of days and moments, in zones with half-hour offsets and summer time, every form reads
    exactly as strftime writes it in the C locale."""
    for n in range(800):
        day = date(2026, 1, 1) + timedelta(days=n)
        assert timezones.day(day) == f"{day:%a} {day.day} {day:%b %Y}"
        assert timezones.short_day(day) == f"{day:%a} {day.day} {day:%b}"
        assert timezones.long_day(day) == f"{day:%A} {day.day} {day:%B %Y}"
        moment = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(hours=7 * n + 3, minutes=n)
        for zone in ("America/Chicago", "Asia/Kolkata", "Europe/London", "UTC"):
            local = moment.astimezone(ZoneInfo(zone))
            abbreviation = timezones.zone_abbreviation(local)
            tag = str(timezones.time_tag(moment, zone))
            assert f">{local:%a} {local.day} {local:%b %Y, %H:%M}\u00a0{abbreviation}</time>" in tag
            long = f"{local:%A} {local.day} {local:%B %Y, %H:%M} {zone} ({timezones.offset_text(local)})"
            assert f'title="{long}"' in tag
            assert f">{local:%d %b %Y}</time>" in str(
                timezones.time_tag(moment, zone, date_only=True)
            )


def test_a_booked_time_adds_the_places_own_time_only_where_it_reads_differently(app):
    """An interview booked in Chicago, read from Chicago, Winnipeg (same offset and
    abbreviation all year) and Kolkata: only the reader in Kolkata gets "(10:00 Chicago
    time)" after their own time, so nobody converts on the phone."""
    moment = datetime(2026, 12, 2, 16, 0, tzinfo=UTC)
    with app.test_request_context("/"):
        app.config["DEFAULT_TIME_ZONE"] = "America/Chicago"
        assert timezones.reader_zone() == "America/Chicago"
        assert timezones.booked_time(moment, "America/Chicago") == timezones.time_tag(moment)
        assert timezones.booked_time(moment, "America/Winnipeg") == timezones.time_tag(moment)
        app.config["DEFAULT_TIME_ZONE"] = "Asia/Kolkata"
        shown = str(timezones.booked_time(moment, "America/Chicago"))
    assert shown.startswith("<time ") and ">Wed 2 Dec 2026, 21:30\u00a0IST</time>" in shown
    assert shown.endswith(' <span class="muted">(10:00 Chicago time)</span>')
