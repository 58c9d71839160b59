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
from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, has_app_context, has_request_context
from flask_login import current_user

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
    """The names offered in every zone picker (and the only ones accepted)."""
    return frozenset(name for name in available_timezones() if name.split("/", 1)[0] in REGIONS) | {
        "UTC"
    }


def is_zone(name: str | None) -> bool:
    return bool(name) and name in known_zones()


def grouped_choices() -> dict[str, list[tuple[str, str]]]:
    """Zones for a ``<select>``: UTC first, then one group per region, places A to Z.

    Each label is the place and the offset it has today ("Chicago (UTC-6)"), so a person
    who does not know their zone's IANA name still finds it.
    """
    now = datetime.now(ZoneInfo("UTC"))
    groups: dict[str, list[tuple[str, str]]] = {"Universal": [("UTC", "UTC")]}
    for region in REGIONS:
        names = sorted((n for n in known_zones() if n.startswith(region + "/")), key=place_name)
        if names:
            groups[region] = [
                (n, f"{place_name(n)} ({offset_text(now.astimezone(ZoneInfo(n)))})") for n in names
            ]
    return groups


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
    if has_request_context() and current_user.is_authenticated:
        return zone_for(current_user)
    return organisation_zone()


# --- Converting and naming ----------------------------------------------------------------------


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
    local = in_reader_zone(moment, zone)
    return f"{local:%a} {local.day} {local:%b %Y, %H:%M}\u00a0{zone_abbreviation(local)}"


def format_time(moment: datetime, zone: str | None = None) -> str:
    """ "10:00 CST": the time of day alone, for a day already named nearby."""
    local = in_reader_zone(moment, zone)
    return f"{local:%H:%M} {zone_abbreviation(local)}"


def format_moment_named(moment: datetime, zone: str) -> str:
    """ "Wed 2 Dec 2026, 10:00 CST (America/Chicago)": for e-mails, read away from the app
    with no tooltip to ask, so the zone is named in full beside its abbreviation."""
    return f"{format_moment(moment, zone)} ({zone})"


def zone_title(moment: datetime, zone: str | None = None) -> str:
    """The long form for a tooltip: "Wednesday 2 December 2026, 10:00 America/Chicago (UTC-6)"."""
    local = in_reader_zone(moment, zone)
    name = zone or reader_zone()
    return f"{local:%A} {local.day} {local:%B %Y, %H:%M} {name} ({offset_text(local)})"


def local_date(moment: datetime, zone: str | None = None) -> date:
    """The calendar day ``moment`` falls on for the reader (a plain date needs no zone)."""
    return in_reader_zone(moment, zone).date()
