"""One competency over time, on the interview's anchored scale, drawn as plain SVG.

A pure function from data points to markup: the coaching page and the PDF packet embed the
same string, so the chart uses no script, no web fonts and no stylesheet it depends on (every
coordinate and colour is worked out here). The scale's levels and their labels make the
vertical axis, so a 2 at the interview and a 3 on a ride-along are read against the same
anchors; each source has its own marker shape as well as colour (never colour alone), and a
legend names them. ``<title>`` and ``<desc>`` say what the chart shows; the page puts the
same points in a table beside it for screen readers.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from hiring.timezones import day

#: The drawing box, and room for the level labels (left), the dates and the legend (below).
WIDTH, LEFT, RIGHT, TOP, PLOT_HEIGHT = 420, 106, 12, 12, 140
AXIS_ROOM, LEGEND_ROW = 30, 20
INK, MUTED, GRID = "#1f2430", "#5b6475", "#d5d9e0"


class Source(enum.StrEnum):
    """Where a point on the chart comes from, in the order a rep meets them."""

    INTERVIEW = "interview"
    CERTIFICATION = "certification"
    CHECK_IN = "check_in"
    RIDE_ALONG = "ride_along"
    REVIEW = "review"

    @property
    def label(self) -> str:
        return {
            Source.INTERVIEW: "Interview (panel mean)",
            Source.CERTIFICATION: "Certification",
            Source.CHECK_IN: "Day-30/60/90 check-in",
            Source.RIDE_ALONG: "Ride-along observation",
            Source.REVIEW: "Review",
        }[self]

    @property
    def colour(self) -> str:
        # Each at least 4.5:1 against white, and told apart by shape too.
        return {
            Source.INTERVIEW: "#1f4f8a",
            Source.CERTIFICATION: "#1e6b45",
            Source.CHECK_IN: "#8a3b12",
            Source.RIDE_ALONG: "#6b3fa0",
            Source.REVIEW: "#a0204a",
        }[self]


@dataclass(frozen=True)
class ChartPoint:
    """One rating of the competency: when, on the scale, from where, and a short detail
    ("panel of 3", "Discovery role-play", "day-60 check-in")."""

    on: date
    score: float
    source: Source
    detail: str = ""

    @property
    def score_text(self) -> str:
        return f"{self.score:.1f}" if self.score != int(self.score) else f"{self.score:g}"

    def caption(self, labels: dict[int, str]) -> str:
        """ "Interview (panel mean) 2.5 (Mixed), Mon 12 Jan 2026: panel of 2"."""
        # A whole level has its label; a panel mean of 2.5 sits between two.
        level = labels.get(int(self.score), "") if self.score == int(self.score) else ""
        text = f"{self.source.label} {self.score_text}"
        text += f" ({level})" if level else ""
        text += f", {day(self.on)}"
        return f"{text}: {self.detail}" if self.detail else text


def ordered(points: Sequence[ChartPoint]) -> list[ChartPoint]:
    """Points in time order (ties in the order a rep meets the sources)."""
    rank = {source: n for n, source in enumerate(Source)}
    return sorted(points, key=lambda p: (p.on, rank[p.source]))


def summary(name: str, labels: dict[int, str], points: Sequence[ChartPoint]) -> str:
    """The chart in one or two sentences, for its ``<desc>``."""
    top = max(labels)
    if not points:
        return f"No rating of {name} yet, on a scale of 1 to {top}."
    first, last = points[0], points[-1]
    text = (
        f"{len(points)} rating{'s' if len(points) != 1 else ''} of {name} on a scale of 1 to {top}"
    )
    if len(points) == 1:
        return f"{text}: {first.caption(labels)}."
    return f"{text}, from {first.caption(labels)} to {last.caption(labels)}."


def _marker(source: Source, x: float, y: float, size: float = 5.0, title: str = "") -> Markup:
    """The source's marker at (x, y): a diamond, square, triangle, dot or ring, with a hover
    ``<title>`` when given."""
    if source in (Source.INTERVIEW, Source.CHECK_IN):
        corners = (
            [(x, y - size - 1), (x + size + 1, y), (x, y + size + 1), (x - size - 1, y)]
            if source == Source.INTERVIEW
            else [(x, y - size - 1), (x + size + 1, y + size), (x - size - 1, y + size)]
        )
        shape = Markup('<polygon points="{}"').format(" ".join(f"{a},{b}" for a, b in corners))
        tag = "polygon"
    elif source == Source.CERTIFICATION:
        shape = Markup('<rect x="{}" y="{}" width="{}" height="{}"').format(
            x - size, y - size, 2 * size, 2 * size
        )
        tag = "rect"
    else:
        shape = Markup('<circle cx="{}" cy="{}" r="{}"').format(x, y, size)
        tag = "circle"
    paint = (
        Markup(' fill="#ffffff" stroke="{}" stroke-width="2.5"').format(source.colour)
        if source == Source.REVIEW
        else Markup(' fill="{}"').format(source.colour)
    )
    if not title:
        return shape + paint + Markup("/>")
    return shape + paint + Markup("><title>{}</title></{}>").format(title, tag)


def competency_chart_svg(
    name: str,
    labels: dict[int, str],
    points: Sequence[ChartPoint],
    *,
    dom_id: str,
) -> Markup:
    """The SVG of one competency's ratings over time: ``labels`` is the scale (level -> label,
    from 1 up), ``points`` any order, ``dom_id`` a page-unique prefix for the title's and
    description's ids. Every text is escaped (the markup templates are literals)."""
    points = ordered(points)
    low, high = min(labels), max(labels)
    bottom = TOP + PLOT_HEIGHT
    sources = [s for s in Source if any(p.source == s for p in points)]
    height = bottom + AXIS_ROOM + LEGEND_ROW * ((len(sources) + 1) // 2) + 4
    inner = WIDTH - LEFT - RIGHT - 20
    span = (points[-1].on - points[0].on).days if points else 0

    def py(score: float) -> float:
        return round(bottom - (score - low) / (high - low) * PLOT_HEIGHT, 1)

    def px(on: date) -> float:
        if span == 0:  # one day's points sit in the middle
            return round(LEFT + 10 + inner / 2, 1)
        return round(LEFT + 10 + (on - points[0].on).days / span * inner, 1)

    parts = [
        Markup(
            '<svg class="competency-chart" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg" '
            'font-family="sans-serif"><title id="{id}-title">{name} over time</title>'
            '<desc id="{id}-desc">{desc}</desc>'
        ).format(w=WIDTH, h=height, id=dom_id, name=name, desc=summary(name, labels, points))
    ]
    for level, label in labels.items():
        parts.append(
            Markup(
                '<line x1="{left}" x2="{right}" y1="{y}" y2="{y}" stroke="{grid}"/>'
                '<text x="{tx}" y="{ty}" font-size="13" text-anchor="end" fill="{ink}">'
                "{level} {label}</text>"
            ).format(
                left=LEFT,
                right=WIDTH - RIGHT,
                y=py(level),
                grid=GRID,
                tx=LEFT - 8,
                ty=py(level) + 4,
                ink=INK,
                level=level,
                label=label,
            )
        )
    date_text = Markup('<text x="{}" y="{}" font-size="12" text-anchor="{}" fill="{}">{}</text>')
    if points:
        parts.append(date_text.format(LEFT, bottom + 20, "start", MUTED, day(points[0].on)))
        if span:
            parts.append(
                date_text.format(WIDTH - RIGHT, bottom + 20, "end", MUTED, day(points[-1].on))
            )
    else:
        parts.append(
            Markup(
                '<text x="{}" y="{}" font-size="13" text-anchor="middle" fill="{}">'
                "No ratings yet</text>"
            ).format(LEFT + (WIDTH - LEFT - RIGHT) / 2, TOP + PLOT_HEIGHT / 2, MUTED)
        )
    if len(points) > 1:
        parts.append(
            Markup(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" '
                'stroke-dasharray="4 3"/>'
            ).format(" ".join(f"{px(p.on)},{py(p.score)}" for p in points), MUTED)
        )
    for p in points:
        parts.append(_marker(p.source, px(p.on), py(p.score), title=p.caption(labels)))
    legend_top = bottom + AXIS_ROOM + 6
    for n, source in enumerate(sources):
        x = 8 + (n % 2) * 200
        y = legend_top + (n // 2) * LEGEND_ROW
        parts.append(_marker(source, x + 6, y, 4.5))
        parts.append(
            Markup('<text x="{}" y="{}" font-size="12" fill="{}">{}</text>').format(
                x + 18, y + 4, INK, source.label
            )
        )
    parts.append(Markup("</svg>"))
    return Markup().join(parts)
