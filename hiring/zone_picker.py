"""The zone picker: which IANA zones a ``<select>`` offers and how they are grouped and named.

About 400 canonical zones (``zone.tab``), one group per region, each labelled with its place
and today's offset ("Chicago (UTC-6)"), so a person who does not know their zone's IANA name
still finds it. Building the groups or their markup takes milliseconds, so both are kept for
the hour (offsets change on an hour) and reused by every picker.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH, ZoneInfo

from markupsafe import Markup

from hiring.timezones import REGIONS, is_zone, known_zones, offset_text, place_name


@functools.cache
def offered_zones() -> frozenset[str]:
    """The names every zone picker offers: the canonical ones of the tz database's
    ``zone.tab`` (one per place, Europe/Kyiv not Europe/Kiev, Asia/Kolkata not Asia/Calcutta).
    Without that file (an unusual install), every known name."""
    listed = {
        fields[2]
        for line in _zone_tab().splitlines()
        if line and not line.startswith("#") and len(fields := line.split("\t")) > 2
    }
    canonical = frozenset(listed & known_zones())
    return (canonical | {"UTC"}) if canonical else known_zones()


def _zone_tab() -> str:
    """``zone.tab`` from the tzdata package zoneinfo reads first, else the system's."""
    try:
        return resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text("utf-8")
    except (ModuleNotFoundError, OSError):
        pass
    for root in TZPATH:
        path = Path(root) / "zone.tab"
        if path.is_file():
            return path.read_text("utf-8")
    return ""


def options_markup(keep: Iterable[str | None], chosen: str | None) -> Markup:
    """``grouped_choices(keep)`` as the ``<optgroup>``s of a ``<select>``, ``chosen`` selected.

    A plan page has five zone pickers of about 400 options each; rendered by the template
    they took a third of the page's time, so the markup is kept for each choice and hour.
    """
    names = frozenset(offered_zones() | {name for name in keep if name and is_zone(name)})
    return _options_markup(names, _this_hour(), chosen)


@functools.lru_cache(maxsize=64)
def _options_markup(names: frozenset[str], hour: datetime, chosen: str | None) -> Markup:
    parts = []
    for region, places in _grouped(names, hour).items():
        options = (
            Markup('<option value="{}"{}>{}</option>').format(
                value, Markup(" selected") if value == chosen else "", text
            )
            for value, text in places
        )
        parts.append(
            Markup('<optgroup label="{}">{}</optgroup>').format(region, Markup().join(options))
        )
    return Markup().join(parts)


def _this_hour() -> datetime:
    return datetime.now(ZoneInfo("UTC")).replace(minute=0, second=0, microsecond=0)


def grouped_choices(keep: Iterable[str | None] = ()) -> dict[str, list[tuple[str, str]]]:
    """Zones for a ``<select>``: UTC first, then one group per region, places A to Z.

    Each label is the place and the offset it has today ("Chicago (UTC-6)"), so a person
    who does not know their zone's IANA name still finds it. ``keep`` (zones already stored,
    perhaps under an old name like Asia/Calcutta) are offered too, so they stay selected.
    """
    names = offered_zones() | {name for name in keep if name and is_zone(name)}
    # Labels name today's offsets, so they are worked out again each hour (a DST change
    # lands on an hour); in between, every zone picker reuses them. Copies are handed out
    # so a caller may change its own.
    hour = _this_hour()
    return {region: list(places) for region, places in _grouped(frozenset(names), hour).items()}


@functools.lru_cache(maxsize=32)
def _grouped(names: frozenset[str], hour: datetime) -> dict[str, list[tuple[str, str]]]:
    """The zone picker's groups at ``hour`` (about 400 zones: 4 ms each time otherwise)."""
    groups: dict[str, list[tuple[str, str]]] = {"Universal": [("UTC", "UTC")]}
    for region in REGIONS:
        in_region = sorted((n for n in names if n.startswith(region + "/")), key=place_name)
        if in_region:
            groups[region] = [
                (n, f"{place_name(n)} ({offset_text(hour.astimezone(ZoneInfo(n)))})")
                for n in in_region
            ]
    return groups
