"""/analytics/quality: interview scores of hires against their ramp attainment and day-90
rating, checked against scipy on known rows; thin data says so; the CSV carries the page."""

from __future__ import annotations

import csv
import io
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from scipy import stats

from hiring.onboarding.models import Progress
from tests import builders
from tests.builders import PositionRef, UserRef

#: Per hire: behavioural and screen discovery ratings, closing rating, day-85 actual of a
#: target of 10, day-90 manager rating.
HIRES = [
    (4, 3, 3, 12.0, Progress.ON_TRACK),
    (3, 3, 2, 9.0, Progress.ON_TRACK),
    (2, 2, 4, 5.0, Progress.AT_RISK),
    (4, 4, 3, 11.0, Progress.ON_TRACK),
    (1, 2, 2, 4.0, Progress.OFF_TRACK),
    (3, 2, 3, 8.0, Progress.AT_RISK),
    (2, 3, 1, 7.0, Progress.ON_TRACK),
    (4, 3, 4, 10.0, Progress.AT_RISK),
    (3, 4, 2, 9.5, Progress.ON_TRACK),
    (2, 1, 3, 3.0, Progress.OFF_TRACK),
    (3, 3, 3, 6.0, Progress.AT_RISK),
    (1, 1, 2, 6.5, Progress.OFF_TRACK),
]
RATING = {Progress.ON_TRACK: 3, Progress.AT_RISK: 2, Progress.OFF_TRACK: 1}


def _hires(
    app: Flask,
    position: PositionRef,
    people: list[UserRef],
    rows: list[Any],
    *,
    started: int = 120,
    jamie_twice: bool = False,
) -> None:
    with app.app_context():
        builders.hires_with_outcomes(
            position.id, people, rows, started=started, jamie_twice=jamie_twice
        )


def _people(make_user: Callable[..., UserRef]) -> list[UserRef]:
    return [
        make_user(roles=["hiring_manager"], name="Morgan Patel"),
        make_user(name="Jamie Ortiz"),
        make_user(name="Ava Lee"),
    ]


def _ci(r: float, n: int, factor: float = 1.0) -> tuple[float, float]:
    half = 1.959964 * math.sqrt(factor / (n - 3))
    return math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half)


def _shown(r: float, ci: tuple[float, float]) -> str:
    return f'<span class="figure-value">{r:.2f}</span> ({ci[0]:.2f} to {ci[1]:.2f})'


def test_competency_means_against_outcomes_match_scipy(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    position = make_position()
    _hires(app, position, _people(make_user), HIRES)
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)

    assert "<h1>Quality of hire</h1>" in page
    assert (
        "12 hires with an onboarding plan; 12 with a ramp attainment, 12 with a day-90 rating."
        in page
    )
    assert "Not enough hires yet" not in page
    assert "Range restriction." in page and "understates" in page
    assert "Do not drop or reweight a competency on these figures" in page

    discovery = [(b + s) / 2 for b, s, *_ in HIRES]
    ramp = [d / 10 for *_, d, _ in HIRES]
    rating = [RATING[r] for *_, r in HIRES]
    r = float(stats.pearsonr(discovery, ramp).statistic)
    rho = float(stats.spearmanr(discovery, rating).statistic)
    assert _shown(r, _ci(r, 12)) in page
    assert _shown(rho, _ci(rho, 12, 1.06)) in page
    # Closing: the screen's "not assessed" is left out, so the mean is the behavioural rating.
    closing_r = float(stats.pearsonr([c for _, _, c, *_ in HIRES], ramp).statistic)
    assert _shown(closing_r, _ci(closing_r, 12)) in page
    # The question asked with STAR notes: the behavioural discovery rating alone.
    question_r = float(stats.pearsonr([b for b, *_ in HIRES], ramp).statistic)
    assert "Tell me about a time you showed discovery (example 2)." in page
    assert _shown(question_r, _ci(question_r, 12)) in page

    svgs = [ET.fromstring(s) for s in re.findall(r"<svg.*?</svg>", page, re.S)]  # noqa: S314
    ns = "{http://www.w3.org/2000/svg}"
    titles = [s.findtext(f"{ns}title") for s in svgs]
    assert "Discovery: ramp attainment at day 90" in titles
    chart = svgs[titles.index("Discovery: ramp attainment at day 90")]
    assert chart.get("role") == "img"
    assert f"12 hires; Pearson r {r:.2f}" in (chart.get("aria-label") or "")
    assert len(list(chart.iter(f"{ns}circle"))) == 12


def test_the_csv_carries_the_page_s_figures(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    position = make_position()
    _hires(app, position, _people(make_user), HIRES)
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)
    body = client.get("/analytics/quality.csv").get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(body)))
    assert table[0][:5] == ["Competency", "Question", "Outcome", "n", "Pearson r"]
    assert len(table) > 4
    for row in table[1:]:
        assert row[3] == "12"
        figures = f'<span class="figure-value">{float(row[4]):.2f}</span> ({float(row[5]):.2f} to {float(row[6]):.2f})'
        assert figures in page
        assert row[10] in page


def test_too_few_hires_say_not_enough_and_draw_nothing(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    position = make_position()
    _hires(app, position, _people(make_user), HIRES[:5])
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)
    assert "Not enough hires yet: 5 with an outcome, at least 10 needed" in page
    assert "appears here once at least 10 hires have both interview scores and an outcome" in page
    assert "<svg" not in page.split("Read these with care")[1]
    assert "Pearson r (95% CI)" not in page  # no table of figures on thin data
    body = client.get("/analytics/quality.csv").get_data().decode("utf-8-sig")
    assert "Not enough data: 5 hires with both figures, at least 10 needed." in body


def test_an_interviewer_met_twice_counts_once_in_a_competency_mean(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    """Jamie rates discovery at two stages, Ava at one: the hire's discovery score is the mean
    of Jamie's mean and Ava's, (b + s) / 2, not the mean of three cards, (2b + s) / 3."""
    position = make_position()
    _hires(app, position, _people(make_user), HIRES, jamie_twice=True)
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)
    ramp = [d / 10 for *_, d, _ in HIRES]
    r = float(stats.pearsonr([(b + s) / 2 for b, s, *_ in HIRES], ramp).statistic)
    per_card = float(stats.pearsonr([(2 * b + s) / 3 for b, s, *_ in HIRES], ramp).statistic)
    assert f"{r:.2f}" != f"{per_card:.2f}"
    assert _shown(r, _ci(r, 12)) in page
    assert "someone who interviewed the hire twice counts once" in page


def test_ramp_counts_only_hires_past_day_90(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    """Day 90 is the start date plus 89 days: a plan started 89 days ago reached it today, one
    started 88 days ago has not, and its day-30 actual is no ramp figure."""
    position = make_position()
    people = _people(make_user)
    _hires(app, position, people, HIRES[:3], started=89)
    _hires(app, position, people, HIRES[3:], started=88)
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)
    assert (
        "12 hires with an onboarding plan; 3 with a ramp attainment, 12 with a day-90 rating."
        in page
    )
    assert "hires who have not reached day 90 yet have no ramp figure" in page


def test_no_hires_at_all(client: FlaskClient, login: Any, make_position: Any) -> None:
    make_position()
    login(roles=["admin"])
    page = client.get("/analytics/quality").get_data(as_text=True)
    assert (
        "0 hires with an onboarding plan; 0 with a ramp attainment, 0 with a day-90 rating." in page
    )
    assert "Not enough hires yet: 0 with an outcome, at least 10 needed" in page


def test_the_query_count_stays_flat_as_hires_grow(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
    count_queries: Any,
) -> None:
    position = make_position()
    people = _people(make_user)
    login(roles=["admin"])
    counts = []
    for rows in (HIRES[:3], HIRES[3:]):
        _hires(app, position, people, rows)
        with count_queries() as queries:
            client.get("/analytics/quality")
        counts.append(queries.count)
    assert counts[0] == counts[1]


def test_a_reading_names_the_coefficient_whose_interval_it_judges() -> None:
    """The table shows Pearson and Spearman side by side, and their intervals can disagree."""
    from hiring.analytics.quality import reading
    from hiring.analytics.results import Estimate

    pearson = Estimate(-0.55, (-0.86, 0.08), 11)
    assert reading(pearson, "Pearson r") == (
        "A large negative association, but the 95% interval of Pearson r includes zero."
    )
    spearman = Estimate(-0.63, (-0.90, -0.03), 11)
    assert reading(spearman, "Spearman rho").endswith(
        "the 95% interval of Spearman rho excludes zero."
    )
