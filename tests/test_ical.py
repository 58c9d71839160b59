"""The shared iCalendar plumbing, read back by two independent parsers.

icalendar and vobject each turn our rule-based VTIMEZONE back into a tzinfo; both must
agree with the system's zoneinfo on every hour around this and the next years'
clock changes, in zones north and south of the equator, with half-hour offsets and none.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar, Event

from hiring import ical

ZONES = (
    "America/Chicago",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/St_Johns",
    "Asia/Kolkata",
    "Asia/Tokyo",
    "America/Sao_Paulo",
)


def _calendar_with_events(tzid: str, moments: list[datetime]) -> bytes:
    calendar = ical.new_calendar("Tests", method="PUBLISH")
    zone = ZoneInfo(tzid)
    for index, moment in enumerate(moments):
        event = Event()
        event.add("uid", ical.uid("test", index))
        event.add("dtstamp", datetime(2026, 1, 1, tzinfo=UTC))
        event.add("dtstart", moment.astimezone(zone))
        event.add("summary", f"Event {index}")
        calendar.add_component(event)
    ical.add_time_zones(calendar, {tzid})
    return calendar.to_ical()


def _moments(tzid: str) -> list[datetime]:
    """Weekly over 2026-2028, and every 30 minutes across the two days of each clock change.

    A wall time in the hour that repeats when clocks go back names two instants, and
    iCalendar cannot say which; those are left out.
    """
    zone = ZoneInfo(tzid)
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    days = [noon + timedelta(days=n) for n in range(3 * 365)]
    moments = days[::7]
    for before, after in pairwise(days):
        if before.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            moments += [before + timedelta(minutes=30 * n) for n in range(48)]
    return [m for m in sorted(moments) if not _ambiguous(m.astimezone(zone))]


def _ambiguous(local: datetime) -> bool:
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


@pytest.mark.parametrize("tzid", ZONES)
def test_the_vtimezone_is_written_as_rules(app, tzid):
    with app.test_request_context():
        zone = ical.vtimezone(tzid)
    text = zone.to_ical().decode()
    assert "RDATE" not in text
    rule = ical.posix_rule(tzid)
    assert rule is not None
    assert ("RRULE:FREQ=YEARLY" in text) == (rule.daylight is not None)


@pytest.mark.parametrize("tzid", ZONES)
def test_icalendar_and_vobject_read_back_the_same_offsets_as_zoneinfo(app, tzid):
    moments = _moments(tzid)
    with app.test_request_context():
        body = _calendar_with_events(tzid, moments)

    parsed = Calendar.from_ical(body)
    # The tzinfo icalendar builds from our VTIMEZONE alone, not the system's zone of that name.
    ours = parsed.walk("VTIMEZONE")[0].to_tz()
    by_icalendar = [
        event.decoded("dtstart").replace(tzinfo=None) for event in parsed.walk("VEVENT")
    ]
    by_vobject = [event.dtstart.value for event in vobject.readOne(body.decode()).vevent_list]
    zone = ZoneInfo(tzid)
    for moment, first, second in zip(moments, by_icalendar, by_vobject, strict=True):
        expected = moment.astimezone(zone).utcoffset()
        assert ours.utcoffset(first) == expected, (tzid, moment)
        # vobject builds its tzinfo from our VTIMEZONE's RRULEs alone.
        assert second.tzinfo.utcoffset(second.replace(tzinfo=None)) == expected, (tzid, moment)
        assert second.astimezone(UTC) == moment


def test_a_uid_carries_the_external_domain(app):
    app.config["EXTERNAL_URL"] = "https://hiring.example.com/app"
    with app.test_request_context():
        assert ical.uid("interview", 12) == "interview-12@hiring.example.com"


def test_without_an_external_url_the_uid_uses_the_request_host(app):
    app.config["EXTERNAL_URL"] = None
    with app.test_request_context(base_url="https://people.acme.test:8443"):
        assert ical.uid("onboarding-item", 3) == "onboarding-item-3@people.acme.test"


def test_a_zone_with_an_out_of_day_transition_falls_back_to_dated_observances(app):
    # America/Nuuk changes clocks at "-1:00" and "0" local time, which no BYDAY rule says.
    if ical.posix_rule("America/Nuuk") is not None:
        pytest.skip("this system's tzdata writes Nuuk's rule within the day")
    with app.test_request_context():
        assert "TZID:America/Nuuk" in ical.vtimezone("America/Nuuk").to_ical().decode()


def test_without_system_zone_files_the_rules_come_from_the_tzdata_package(app, monkeypatch):
    """A slim container (or Windows) has no /usr/share/zoneinfo, only the tzdata package."""
    pytest.importorskip("tzdata")
    monkeypatch.setattr("zoneinfo.TZPATH", ())
    with app.test_request_context():
        text = ical.vtimezone("America/Chicago").to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11" in text
    assert "RDATE" not in text
