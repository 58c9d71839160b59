"""iCalendar plumbing shared by interview invitations and the onboarding calendar feed.

Two things calendar clients are strict about, kept here once:

* UIDs are global: RFC 5545 asks for ``something@domain`` so two installations (or two
  kinds of event with the same row id) never collide in somebody's calendar.
* A VTIMEZONE must describe the zone by RULES. icalendar's own generator lists every
  transition as an RDATE up to 2038; Outlook mis-reads those lists and events drift by
  an hour. The rules are taken from the POSIX TZ string at the end of the zone's TZif
  file (RFC 8536 §3.3), the same string the C library uses for future dates, and written
  as a yearly RRULE per observance, the way Exchange and Google write them.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard

#: Any date works as the observances' start as long as it follows the rule; 1970 is what
#: most producers use, so clients recognise the shape.
_EPOCH_YEAR = 1970

_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_RULE = r"M(\d{1,2})\.(\d)\.(\d)(?:/(" + _OFFSET + r"))?"
_POSIX = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?,(?P<start>{_RULE}),(?P<end>{_RULE}))?$"
)
_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def new_calendar(product: str, *, method: str | None = None) -> Calendar:
    """An empty VCALENDAR naming this app as its producer (and its iTIP method, if any)."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{current_app.config['APP_NAME']}//{product}//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def uid_domain() -> str:
    """The host that makes our UIDs global: EXTERNAL_URL's, else the request's."""
    base = current_app.config.get("EXTERNAL_URL")
    host = urlsplit(str(base)).hostname if base else None
    if not host and has_request_context():
        host = request.host.split(":")[0]
    return host or "localhost"


def uid(kind: str, ident: int | str) -> str:
    """A UID that stays the same for the same thing, e.g. ``interview-12@hiring.example.com``."""
    return f"{kind}-{ident}@{uid_domain()}"


def add_time_zones(calendar: Calendar, tzids: set[str]) -> None:
    """One rule-based VTIMEZONE per zone the calendar's events use, before the events."""
    for tzid in sorted(tzids):
        calendar.subcomponents.insert(0, vtimezone(tzid))


def vtimezone(tzid: str) -> Timezone:
    """``tzid`` as a VTIMEZONE with yearly rules (icalendar's dated list for odd zones)."""
    rule = posix_rule(tzid)
    if rule is None:
        return Timezone.from_tzid(tzid)
    zone = Timezone()
    zone.add("tzid", tzid)
    if rule.daylight is None:
        standard = TimezoneStandard()
        # VTIMEZONE observances start at a floating wall time, by definition.
        standard.add("dtstart", datetime(_EPOCH_YEAR, 1, 1))  # noqa: DTZ001
        standard.add("tzname", rule.standard_name)
        standard.add("tzoffsetfrom", rule.standard_offset)
        standard.add("tzoffsetto", rule.standard_offset)
        zone.add_component(standard)
        return zone
    daylight = rule.daylight
    summer = TimezoneDaylight()
    _observance(summer, daylight.start, daylight.name, rule.standard_offset, daylight.offset)
    winter = TimezoneStandard()
    _observance(winter, daylight.end, rule.standard_name, daylight.offset, rule.standard_offset)
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


@dataclass(frozen=True)
class Transition:
    """``Mm.w.d/time``: the w-th (5 = last) weekday d of month m, at local wall time."""

    month: int
    week: int
    weekday: int
    at: timedelta

    def rrule(self) -> dict[str, object]:
        nth = -1 if self.week == 5 else self.week
        return {"freq": "YEARLY", "bymonth": self.month, "byday": f"{nth}{_WEEKDAYS[self.weekday]}"}

    def first(self, year: int) -> datetime:
        """The transition's wall-clock moment in ``year``."""
        day = date(year, self.month, 1)
        day += timedelta(days=(self.weekday - (day.weekday() + 1) % 7) % 7)
        if self.week == 5:
            while (day + timedelta(days=7)).month == self.month:
                day += timedelta(days=7)
        else:
            day += timedelta(days=7 * (self.week - 1))
        return datetime.combine(day, datetime.min.time()) + self.at


@dataclass(frozen=True)
class Daylight:
    name: str
    offset: timedelta
    start: Transition
    end: Transition


@dataclass(frozen=True)
class PosixRule:
    """A zone's current rule: its standard time and, where clocks change, its summer time."""

    standard_name: str
    standard_offset: timedelta
    daylight: Daylight | None


def posix_rule(tzid: str) -> PosixRule | None:
    """The rule in the zone's TZif footer, or None where it cannot be written as an RRULE.

    Transitions must fall inside their day (0-24 h): a few zones use times such as 25:00 or
    -1:00, which a BYDAY rule cannot say, so those keep icalendar's dated observances.
    """
    text = _footer(tzid)
    match = _POSIX.match(text or "")
    if match is None:
        return None
    standard_offset = -_duration(match["std_offset"])
    standard_name = match["std"].strip("<>")
    if not match["dst"]:
        return PosixRule(standard_name, standard_offset, None)
    dst_offset = (
        -_duration(match["dst_offset"])
        if match["dst_offset"]
        else standard_offset + timedelta(hours=1)
    )
    start, end = _transition(match["start"]), _transition(match["end"])
    if start is None or end is None:
        return None
    return PosixRule(
        standard_name, standard_offset, Daylight(match["dst"].strip("<>"), dst_offset, start, end)
    )


def _footer(tzid: str) -> str | None:
    """The last line of the zone's TZif file (v2+), where the POSIX rule lives."""
    data = _tzif(tzid)
    if data is None:
        return None
    lines = data.rstrip(b"\n").rsplit(b"\n", 1)
    return lines[-1].decode("ascii", "replace") if len(lines) == 2 else None


def _tzif(tzid: str) -> bytes | None:
    """The zone's TZif file, found where ``zoneinfo`` finds it: the system's zone directories
    (``TZPATH``), else the ``tzdata`` package (a slim container or Windows has no system
    database, and ``zoneinfo`` itself falls back to the package)."""
    if tzid not in zoneinfo.available_timezones():
        return None
    for root in zoneinfo.TZPATH:
        path = Path(root) / tzid
        if path.is_file():
            return path.read_bytes()
    try:
        packaged = resources.files("tzdata").joinpath("zoneinfo", *tzid.split("/"))
    except ModuleNotFoundError:
        return None
    return packaged.read_bytes() if packaged.is_file() else None


def _transition(text: str) -> Transition | None:
    match = re.fullmatch(_RULE, text)
    if match is None:
        return None
    at = _duration(match[4]) if match[4] else timedelta(hours=2)
    if not timedelta(0) <= at < timedelta(days=1):
        return None
    return Transition(int(match[1]), int(match[2]), int(match[3]), at)


def _duration(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _observance(
    component: TimezoneStandard | TimezoneDaylight,
    transition: Transition,
    name: str,
    offset_from: timedelta,
    offset_to: timedelta,
) -> None:
    component.add("dtstart", transition.first(_EPOCH_YEAR))
    component.add("rrule", transition.rrule())
    component.add("tzname", name)
    component.add("tzoffsetfrom", offset_from)
    component.add("tzoffsetto", offset_to)
