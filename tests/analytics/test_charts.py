"""The analytics charts: geometry in numbers, and SVG that parses, names itself and stays
inside its box (the same markup is printed in PDF packets)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from flask import Flask, render_template_string

from hiring.analytics.charts import bar_chart, nice_ticks, scatter_chart

NS = "{http://www.w3.org/2000/svg}"


def _render(app: Flask, call: str, **context: object) -> ET.Element:
    with app.test_request_context():
        html = render_template_string(
            '{% from "analytics/_charts.html" import bar_chart_svg, scatter_chart_svg %}' + call,
            **context,
        )
    start, end = html.index("<svg"), html.index("</svg>") + len("</svg>")
    # Our own markup, parsed to prove it is well-formed SVG that WeasyPrint can read.
    return ET.fromstring(html[start:end])  # noqa: S314


def test_bars_scale_to_the_largest_and_say_the_pass_through() -> None:
    chart = bar_chart([("Applied", 10), ("Screen", 6), ("Hired", 2)])
    lengths = [b.length for b in chart.bars]
    assert lengths[1] == pytest.approx(lengths[0] * 0.6, abs=0.1)
    assert lengths[2] == pytest.approx(lengths[0] * 0.2, abs=0.1)
    assert [b.note for b in chart.bars] == ["10", "6 · 60%", "2 · 33%"]
    assert chart.summary == (
        "Applied 10; Screen 6 (60% of the step before); Hired 2 (33% of the step before)."
    )


def test_an_empty_step_has_no_pass_through_after_it() -> None:
    chart = bar_chart([("Applied", 0), ("Screen", 0)])
    assert [b.passed for b in chart.bars] == [None, None]
    assert [b.length for b in chart.bars] == [0, 0]
    assert bar_chart([]).summary == "No data."


def test_ticks_are_round_and_cover_the_values() -> None:
    assert nice_ticks(1.5, 3.75) == [1, 2, 3, 4]
    assert nice_ticks(0, 1.2) == [0, 0.5, 1, 1.5]
    assert nice_ticks(1, 3) == [1, 1.5, 2, 2.5, 3]
    one_value = nice_ticks(2, 2)
    assert one_value[0] <= 2 <= one_value[-1] and len(one_value) > 1


def test_scatter_points_and_fitted_line_stay_in_the_box() -> None:
    points = [(1.0, 0.2), (2.0, 0.9), (3.0, 0.7), (4.0, 1.4)]
    chart = scatter_chart(points, x_label="Mean", y_label="Attainment")
    for p in chart.points:
        assert chart.left <= p.cx <= chart.right and chart.top <= p.cy <= chart.bottom
    assert chart.line is not None
    x1, y1, x2, y2 = chart.line
    assert chart.left <= x1 < x2 <= chart.right
    assert y2 < y1  # a rising line: SVG's y grows downwards
    assert [t.label for t in chart.x_ticks] == ["1", "2", "3", "4"]
    # No spread in x: no slope to draw.
    assert scatter_chart([(2, 1), (2, 3)], x_label="x", y_label="y").line is None


def test_the_bar_chart_svg_parses_and_names_itself(app: Flask) -> None:
    svg = _render(
        app,
        "{{ bar_chart_svg(chart, 'Account Executive funnel', 'Counts per step') }}",
        chart=bar_chart([("Applied", 10), ("Screen", 6)]),
    )
    assert svg.get("role") == "img"
    assert svg.findtext(f"{NS}title") == "Account Executive funnel"
    assert svg.get("aria-label") == (
        "Account Executive funnel: Applied 10; Screen 6 (60% of the step before)."
    )
    assert len(list(svg.iter(f"{NS}rect"))) == 2
    assert not list(svg.iter(f"{NS}script"))


def test_the_scatter_svg_parses_and_names_itself(app: Flask) -> None:
    svg = _render(
        app,
        "{{ scatter_chart_svg(chart, 'Discovery: ramp', '4 hires; Pearson r 0.90') }}",
        chart=scatter_chart([(1, 1), (2, 2), (3, 2), (4, 4)], x_label="Mean", y_label="Ramp"),
    )
    assert svg.get("role") == "img"
    assert svg.findtext(f"{NS}title") == "Discovery: ramp"
    assert svg.get("aria-label") == "Discovery: ramp: 4 hires; Pearson r 0.90"
    assert len(list(svg.iter(f"{NS}circle"))) == 4
    assert len(list(svg.iter(f"{NS}line"))) > 4  # ticks and the fitted line
    labels = [t.text for t in svg.iter(f"{NS}text")]
    assert "Mean" in labels and "Ramp" in labels
