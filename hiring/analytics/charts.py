"""Geometry for the analytics charts, drawn as plain SVG by ``templates/analytics/_charts.html``.

The same markup goes into pages and WeasyPrint packets, so the charts use no script, no web
fonts and no CSS they depend on: every coordinate is worked out here, in numbers a test can
check, and the template only places them. Each chart also carries a one-sentence summary for
its ``aria-label``; the numbers themselves are in the table (and CSV) beside every chart.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Bar chart: the stage names take the left column, the counts and pass-through the right one.
BAR_WIDTH, BAR_LABEL, BAR_NOTE, BAR_ROW, BAR_TOP = 560, 170, 120, 30, 8
#: Scatter plot: the plot box inside room for the axes' tick labels and names.
SCATTER_WIDTH, SCATTER_HEIGHT = 360, 260
SCATTER_LEFT, SCATTER_RIGHT, SCATTER_TOP, SCATTER_BOTTOM = 52, 12, 12, 44


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` as a whole percentage (None when there is no whole)."""
    return round(part / whole * 100) if whole else None


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    #: Share of the bar before it (None for the first bar, or after an empty one).
    passed: int | None
    y: float
    length: float

    @property
    def note(self) -> str:
        """What is written at the end of the bar: "6 · 60%"."""
        return f"{self.value}" if self.passed is None else f"{self.value} · {self.passed}%"


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[Bar]

    @property
    def summary(self) -> str:
        """The whole chart in one sentence, for its ``aria-label``."""
        parts = [
            f"{b.label} {b.value}"
            + ("" if b.passed is None else f" ({b.passed}% of the step before)")
            for b in self.bars
        ]
        return "; ".join(parts) + "." if parts else "No data."


def bar_chart(steps: Sequence[tuple[str, int]]) -> BarChart:
    """Horizontal bars, one per (label, count), scaled to the largest count, each annotated
    with its share of the bar above it: a funnel when the steps are stages in order."""
    top = max([value for _, value in steps] + [1])
    room = BAR_WIDTH - BAR_LABEL - BAR_NOTE
    bars = []
    previous: int | None = None
    for index, (label, value) in enumerate(steps):
        bars.append(
            Bar(
                label=label,
                value=value,
                passed=percent(value, previous) if previous is not None else None,
                y=BAR_TOP + index * BAR_ROW,
                length=round(value / top * room, 1),
            )
        )
        previous = value
    height = BAR_TOP * 2 + max(len(bars), 1) * BAR_ROW
    return BarChart(BAR_WIDTH, height, BAR_LABEL, BAR_ROW - 10, bars)


@dataclass(frozen=True)
class Tick:
    at: float  # the pixel position along its axis
    label: str


@dataclass(frozen=True)
class Point:
    cx: float
    cy: float
    x: float
    y: float


@dataclass(frozen=True)
class ScatterChart:
    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    points: list[Point]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    x_label: str
    y_label: str
    #: The least-squares line across the plot (x1, y1, x2, y2), when one was asked for.
    line: tuple[float, float, float, float] | None


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(n * step, 10) for n in range(first, last + 1)]


def _label(value: float) -> str:
    return f"{value:g}"


def scatter_chart(
    points: Sequence[tuple[float, float]],
    *,
    x_label: str,
    y_label: str,
    fit: bool = True,
) -> ScatterChart:
    """Each (x, y) placed on axes with round ticks; ``fit`` adds the least-squares line (only
    where x varies, since a vertical cloud has no slope)."""
    xs = [x for x, _ in points] or [0.0, 1.0]
    ys = [y for _, y in points] or [0.0, 1.0]
    x_values, y_values = nice_ticks(min(xs), max(xs)), nice_ticks(min(ys), max(ys))
    x0, x1, y0, y1 = x_values[0], x_values[-1], y_values[0], y_values[-1]
    left, top = SCATTER_LEFT, SCATTER_TOP
    right, bottom = SCATTER_WIDTH - SCATTER_RIGHT, SCATTER_HEIGHT - SCATTER_BOTTOM

    def px(x: float) -> float:
        return round(left + (x - x0) / (x1 - x0) * (right - left), 1)

    def py(y: float) -> float:
        return round(bottom - (y - y0) / (y1 - y0) * (bottom - top), 1)

    line = None
    if fit and len(points) >= 2 and max(xs) > min(xs):
        slope, intercept = (float(v) for v in np.polyfit(xs, ys, 1))

        def end(x: float) -> tuple[float, float]:
            # Keep the line inside the box: stop it where it leaves through the top or bottom.
            y = slope * x + intercept
            if y0 <= y <= y1:
                return x, y
            bound = y1 if y > y1 else y0
            return (bound - intercept) / slope, bound

        (ax, ay), (bx, by) = end(min(xs)), end(max(xs))
        line = (px(ax), py(ay), px(bx), py(by))
    return ScatterChart(
        width=SCATTER_WIDTH,
        height=SCATTER_HEIGHT,
        left=left,
        right=right,
        top=top,
        bottom=bottom,
        points=[Point(px(x), py(y), x, y) for x, y in points],
        x_ticks=[Tick(px(v), _label(v)) for v in x_values],
        y_ticks=[Tick(py(v), _label(v)) for v in y_values],
        x_label=x_label,
        y_label=y_label,
        line=line,
    )
