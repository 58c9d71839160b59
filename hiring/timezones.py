"""Every date-time the app shows, in its reader's time zone with the zone named.

Times are stored in UTC (``hiring.db.UTCDateTime``). Whoever reads one sees it converted here,
once: pages and PDFs in the signed-in user's zone, e-mails in the recipient's zone (both via
``zone_for``), and anyone without a zone, or no one at all (the CLI, cron), in the
organisation's ``DEFAULT_TIME_ZONE``; except that e-mail about an interview, to someone
without a zone, reads in the interview's own zone (``zone_for_event``). One convention
everywhere, "Wed 2 Dec 2026, 10:00 CST": the abbreviation is what people say aloud; where a
zone has none (tzdata writes "+04"), the offset is named instead ("UTC+4"). The full IANA
name goes where there is room for it (a ``<time>`` element's title, a CSV header, an e-mail).

Plumbing: domains import this module, it imports no domain (the user is read duck-typed).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app, has_app_context, has_request_context
from flask_login import current_user
from markupsafe import Markup, escape

from hiring.db import utcnow
from hiring.domain import DomainError

#: When the setting is missing or names no zone.
FALLBACK_ZONE = "UTC"

#: The regions of canonical IANA names; the rest (US/Central, GB, Etc/GMT+5) are old aliases.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


class HasTimeZone(Protocol):
    """A user, as far as time is concerned."""

    @property
    def time_zone(self) -> str | None: ...


@functools.cache
def known_zones() -> frozenset[str]:
    """Every name accepted: the regions' names, old links included (Europe/Kiev, Asia/Calcutta),
    so a zone stored before it was renamed keeps working."""
    return frozenset(name for name in available_timezones() if name.split("/", 1)[0] in REGIONS) | {
        "UTC"
    }


def is_zone(name: str | None) -> bool:
    return bool(name) and name in known_zones()


def place_name(zone: str) -> str:
    """``America/Argentina/Buenos_Aires`` reads as "Argentina / Buenos Aires"."""
    return zone.split("/", 1)[-1].replace("_", " ").replace("/", " / ")


# --- Whose zone ---------------------------------------------------------------------------------


def organisation_zone() -> str:
    """The ``DEFAULT_TIME_ZONE`` setting, or UTC when it is unset or not a zone."""
    configured = current_app.config.get("DEFAULT_TIME_ZONE") if has_app_context() else None
    return configured if isinstance(configured, str) and is_zone(configured) else FALLBACK_ZONE


def zone_for(user: HasTimeZone | None) -> str:
    """The zone ``user`` reads in: their own, else the organisation's."""
    own = getattr(user, "time_zone", None)
    return own if isinstance(own, str) and is_zone(own) else organisation_zone()


def zone_for_event(user: HasTimeZone | None, event_zone: str) -> str:
    """The zone an e-mail about an event reads in: the recipient's own, else the event's.

    Someone newly invited has not chosen a zone yet; the organisation's default (often UTC)
    would tell them "16:00 UTC" for a 10:00 Chicago interview, while the zone the event was
    booked in is where it actually happens.
    """
    own = getattr(user, "time_zone", None)
    if isinstance(own, str) and is_zone(own):
        return own
    return event_zone if is_zone(event_zone) else organisation_zone()


def reader_zone() -> str:
    """The zone of whoever is reading now: the signed-in user, else the organisation's."""
    if not has_request_context():
        return organisation_zone()
    # The user itself, resolved once: every attribute read through the ``current_user`` proxy
    # resolves it again, and a list page asks for the reader's zone on every row. Someone
    # signed out has no zone: the organisation's (``zone_for``).
    return zone_for(current_user._get_current_object())


# --- Converting and naming ----------------------------------------------------------------------


def in_zone(moment: datetime, zone: str) -> datetime:
    """``moment`` as wall-clock time in the IANA ``zone`` (UTC when the zone is unknown)."""
    try:
        return moment.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return moment.astimezone(UTC)


def to_utc(local: datetime, zone: str) -> datetime:
    """The UTC moment of the wall-clock time ``local`` (naive) in ``zone``.

    A time the clocks skip (2:30 on the night summer time starts in Chicago) does not exist:
    it is refused beside the time field rather than moved to 3:30. A time the clocks pass
    twice (1:30 on the night summer time ends) is the first of the two, the earlier moment
    (``fold=0``), which is what a person booking it before the change means.
    """
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError(f"Unknown time zone “{zone}”.", field="time_zone") from exc
    try:
        moment = local.replace(tzinfo=tz, fold=0).astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise DomainError("Choose a date within the next few years.", field="date") from exc
    if moment.astimezone(tz).replace(tzinfo=None) != local.replace(fold=0):
        raise DomainError(
            f"{local:%H:%M} does not exist on {local.day} {local:%b %Y} in {place_name(zone)}: "
            "the clocks go forward then. Choose another time.",
            field="time",
        )
    return moment


def in_reader_zone(moment: datetime, zone: str | None = None) -> datetime:
    """``moment`` as wall-clock time in ``zone`` (default: the reader's)."""
    return moment.astimezone(ZoneInfo(zone or reader_zone()))


def offset_text(local: datetime) -> str:
    """The UTC offset as people write it: "UTC+0", "UTC+1", "UTC-6", "UTC+5:30"."""
    offset = local.utcoffset() or timedelta(0)
    if not offset:
        return "UTC+0"  # "London (UTC+0)": a bare "UTC" would read as the zone UTC itself
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def zone_abbreviation(local: datetime) -> str:
    """ "CST", "GMT", "CEST"; the offset where tzdata has only numbers ("+04" → "UTC+4")."""
    name = local.tzname() or ""
    return name if name[:1].isalpha() else offset_text(local)


def format_moment(moment: datetime, zone: str | None = None) -> str:
    """ "Wed 2 Dec 2026, 10:00 CST": the one way a date-time reads (default: reader's zone)."""
    return _short(in_reader_zone(moment, zone))


#: English day and month names, as every date reads (a process locale never changes them;
#: looking them up is also a fraction of strftime's cost, on pages that show dozens of dates).
_LONG_DAY = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = "January February March April May June July August September October November December"
_LONG_MONTH = ("", *_MONTHS.split())  # indexed by month number
_DAY, _MONTH = tuple(d[:3] for d in _LONG_DAY), tuple(m[:3] for m in _LONG_MONTH)


def _short(local: datetime) -> str:
    return (
        f"{_DAY[local.weekday()]} {local.day} {_MONTH[local.month]} {local.year},"
        f" {local.hour:02d}:{local.minute:02d}\u00a0{zone_abbreviation(local)}"
    )


def format_time(moment: datetime, zone: str | None = None) -> str:
    """ "10:00 CST": the time of day alone, for a day already named nearby."""
    local = in_reader_zone(moment, zone)
    return f"{local:%H:%M} {zone_abbreviation(local)}"


def format_moment_named(moment: datetime, zone: str) -> str:
    """ "Wed 2 Dec 2026, 10:00 CST (America/Chicago)": for e-mails, read away from the app
    with no tooltip to ask, so the zone is named in full beside its abbreviation."""
    return f"{format_moment(moment, zone)} ({zone})"


def place_time(moment: datetime, zone: str) -> str:
    """ "10:00 Chicago time": the wall-clock time where something was booked, beside the
    reader's own (the words people use on the phone to that place)."""
    return f"{in_zone(moment, zone):%H:%M} {place_name(zone).split(' / ')[-1]} time"


def zone_title(moment: datetime, zone: str | None = None) -> str:
    """The long form for a tooltip: "Wednesday 2 December 2026, 10:00 America/Chicago (UTC-6)"."""
    name = zone or reader_zone()
    return _long(in_reader_zone(moment, name), name)


def _long(local: datetime, name: str) -> str:
    return (
        f"{_LONG_DAY[local.weekday()]} {local.day} {_LONG_MONTH[local.month]} {local.year},"
        f" {local.hour:02d}:{local.minute:02d} {name} ({offset_text(local)})"
    )


def time_tag(moment: datetime | None, zone: str | None = None, date_only: bool = False) -> Markup:
    """A moment as every page shows it (the ``when`` macro): ``<time>`` with the short form
    (``format_moment``, or the day alone), the long one as its tooltip (``zone_title``), in
    ``zone`` or the reader's; a dash when there is no moment. One call and one conversion
    per moment: a list of 50 audit events showed 50 of them, through three filters each."""
    if not moment:
        return Markup('<span class="muted">\u2014</span>')
    name = zone or reader_zone()
    local = in_reader_zone(moment, name)
    text = f"{local.day:02d} {_MONTH[local.month]} {local.year}" if date_only else _short(local)
    # Every text put in is escaped (an ISO timestamp has nothing to escape): an f-string with
    # escape() costs a quarter of Markup.format, and a page shows dozens of moments.
    return Markup(  # noqa: S704
        f'<time datetime="{moment.isoformat()}" title="{escape(_long(local, name))}">'
        f"{escape(text)}</time>"
    )


def booked_time(moment: datetime, place_zone: str, reader: str | None = None) -> Markup:
    """When something booked in ``place_zone`` happens, as ``time_tag`` shows it to the reader;
    where that reads differently in the place's zone, its wall-clock time there too
    ("(10:00 Chicago time)"), so no one converts when talking to the candidate. A Python
    helper, not a macro: interview lists show it on every row."""
    reader = reader or reader_zone()
    tag = time_tag(moment, reader)
    if place_zone == reader or _short(in_zone(moment, place_zone)) == _short(
        in_reader_zone(moment, reader)
    ):
        return tag
    return tag + Markup(' <span class="muted">({})</span>').format(place_time(moment, place_zone))


def local_date(moment: datetime, zone: str | None = None) -> date:
    """The calendar day ``moment`` falls on for the reader (a plain date needs no zone)."""
    return in_reader_zone(moment, zone).date()


# --- Plain dates --------------------------------------------------------------------------------


def day(value: date) -> str:
    """ "Mon 7 Dec 2026": the one way a plain date (a due date, a start) reads."""
    return f"{_DAY[value.weekday()]} {value.day} {_MONTH[value.month]} {value.year}"


def short_day(value: date) -> str:
    """ "Mon 7 Dec": a date in this year's context (a due date in a list)."""
    return f"{_DAY[value.weekday()]} {value.day} {_MONTH[value.month]}"


def long_day(value: date) -> str:
    """ "Monday 7 December 2026": a date in running prose, such as a letter's first lines."""
    return f"{_LONG_DAY[value.weekday()]} {value.day} {_LONG_MONTH[value.month]} {value.year}"


def today() -> date:
    """Today for whoever is reading (the organisation's today outside a request): a Chicago
    reader's evening is still today, not the UTC date that has already turned."""
    return local_date(utcnow())
