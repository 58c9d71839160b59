"""Geometry for the server-rendered SVG chart of a goal's actuals against its target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hiring.onboarding.models import Goal

WIDTH, HEIGHT, PAD = 320, 110, 28


@dataclass(frozen=True)
class GoalChart:
    width: int
    height: int
    points: list[tuple[float, float, float]]  # x, y, value
    target_y: float
    left: int
    bottom: float
    top_value: float

    @property
    def polyline(self) -> str:
        return " ".join(f"{x},{y}" for x, y, _ in self.points)


def goal_chart(goal: Goal, start: date) -> GoalChart:
    """Place each recorded actual on a time axis from the plan start to the goal's due date."""
    span = max((goal.due_date - start).days, 1)
    values = [a.value for a in goal.actuals]
    top = max([goal.target or 0.0, *values, 1.0]) * 1.15
    inner_w, inner_h = WIDTH - PAD - 8, HEIGHT - PAD

    def y(value: float) -> float:
        return round(8 + inner_h - 8 - value / top * (inner_h - 8), 1)

    points = [
        (
            round(PAD + min(max((a.recorded_on - start).days / span, 0.0), 1.0) * inner_w, 1),
            y(a.value),
            a.value,
        )
        for a in goal.actuals
    ]
    return GoalChart(WIDTH, HEIGHT, points, y(goal.target or 0.0), PAD, y(0.0), top)
