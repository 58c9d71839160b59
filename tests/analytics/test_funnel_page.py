"""/analytics/funnel: pass-through, time in stage, time to decision and scorecard latency, from
real application histories, the same on the page, in the chart and in the CSVs."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from hiring.applications.models import ApplicationStatus
from hiring.db import utcnow
from hiring.debriefs.models import DecisionOutcome
from tests import builders
from tests.builders import PositionRef, UserRef

D = timedelta(days=1)
H = timedelta(hours=1)


def _pipeline(app: Flask, position: PositionRef, interviewer: UserRef) -> None:
    """Ten applicants: all reach the screen, six the behavioural, three the role play; two are
    hired, one is not; four are rejected after the screen, one withdraws, two are still open."""
    with app.app_context():
        for _ in range(4):  # screened out on day 4 (three days in the screen each)
            builders.funnel_application(
                position.id,
                source="Job board",
                moves=[(0, D)],
                status=ApplicationStatus.REJECTED,
                closed_after=4 * D,
            )
        for n, days in enumerate((3, 4, 5)):  # reached the behavioural, no further
            builders.funnel_application(
                position.id,
                source="Job board",
                moves=[(0, D), (1, (1 + days) * D)],
                status=ApplicationStatus.WITHDRAWN if n == 0 else ApplicationStatus.ACTIVE,
                closed_after=10 * D if n == 0 else None,
            )
        outcomes = [
            (DecisionOutcome.HIRE, ApplicationStatus.HIRED, 20),
            (DecisionOutcome.REJECT, ApplicationStatus.REJECTED, 21),
            (DecisionOutcome.HIRE, ApplicationStatus.HIRED, 22),
        ]
        finalists = [
            builders.funnel_application(
                position.id,
                source="Referral",
                moves=[(0, D), (1, (7 + n) * D), (2, 12 * D)],
                status=status,
                closed_after=days * D,
                decision=outcome,
            )
            for n, (outcome, status, days) in enumerate(outcomes)
        ]
        builders.held_interview(finalists[0], interviewer, submitted_after=2 * H)
        builders.held_interview(finalists[0], interviewer, stage=2, submitted_after=4 * H)
        builders.held_interview(finalists[2], interviewer, submitted_after=30 * H)
        builders.held_interview(finalists[2], interviewer, stage=2)  # card still a draft
        # Outside the period: applied two years ago.
        builders.funnel_application(
            position.id, source="Referral", applied_at=utcnow() - 730 * D, moves=[(0, D)]
        )


def _svgs(page: str) -> list[ET.Element]:
    # The app's own markup, parsed to prove it is well-formed SVG.
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", page, re.S)]  # noqa: S314


def _csv(client: FlaskClient, url: str) -> list[list[str]]:
    body = client.get(url).get_data().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_funnel_shows_pass_through_times_and_the_chart(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    position = make_position(title="Account Executive")
    _pipeline(app, position, make_user(name="Jamie Ortiz"))
    login(roles=["admin"])
    page = client.get("/analytics/funnel").get_data(as_text=True)

    assert "<h1>Funnel</h1>" in page
    assert "so they add up to the applicants" in page
    # Steps: 10 applied, 10 screened (100%), 6 behavioural (60%), 3 role play (50%), 2 hired (67%).
    assert '<th scope="row">Applied</th><td class="num">10</td>' in page
    assert '<th scope="row">Screen</th><td class="num">10</td><td class="num">100%</td>' in page
    assert '<th scope="row">Behavioural</th><td class="num">6</td><td class="num">60%</td>' in page
    assert '<th scope="row">Role Play</th><td class="num">3</td><td class="num">50%</td>' in page
    assert '<th scope="row">Hired</th><td class="num">2</td><td class="num">67%</td>' in page
    # Days in the screen: five stays of 3 (four rejected on day 4), then 4, 5, 6, 7 and 8;
    # in the behavioural: 6 (withdrew on day 10), 5, 4 and 3 (two are still there); in the
    # role play 8, 9 and 10 (decided on days 20 to 22).
    assert "3.5 (10)" in page
    assert "4.5 (4)" in page
    assert "9.0 (3)" in page
    # Days to decision: 20, 21 and 22; scorecard hours: 2, 4 and 30; 4 interviews for 2 hires.
    assert "21.0 (3)" in page
    assert "4.0 (3)" in page
    assert '<td class="num">2.0</td>' in page

    svg = _svgs(page)[0]
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img"
    assert svg.findtext(f"{ns}title") == "Account Executive funnel"
    assert "Behavioural 6 (60% of the step before)" in (svg.get("aria-label") or "")
    widths = [float(r.get("width") or 0) for r in svg.iter(f"{ns}rect")]
    assert widths[0] == widths[1] and widths[2] == round(widths[0] * 0.6, 1)
    notes = [t.text for t in svg.iter(f"{ns}text")]
    assert "6 · 60%" in notes and "2 · 67%" in notes

    # By source: the referrals are the three finalists, the job board the other seven.
    referral = '<tr><th scope="row">Referral</th><td class="num">3</td>' + "".join(
        f'<td class="num">{cell}</td>' for cell in ("3 (100%)", "3 (100%)", "3 (100%)", "2 (67%)")
    )
    assert referral in page
    assert '<tr><th scope="row">Job board</th><td class="num">7</td>' in page


def test_the_csvs_carry_the_page_s_numbers(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    position = make_position(title="Account Executive")
    _pipeline(app, position, make_user(name="Jamie Ortiz"))
    login(roles=["admin"])
    page = client.get("/analytics/funnel").get_data(as_text=True)
    stages = _csv(client, "/analytics/funnel-stages.csv")
    assert stages[0] == [
        "By", "Name", "Step", "Reached", "Pass-through %", "Median days in stage", "Stays ended",
    ]  # fmt: skip
    assert ["Position", "Account Executive", "Behavioural", "6", "60", "4.5", "4"] in stages
    assert ["Source", "Referral", "Hired", "2", "67", "", "0"] in stages
    for by, _, step, reached, passed, days, stays in stages[1:]:
        shown = f"{reached} ({passed}%)" if passed else reached
        if by == "Source":  # one table: a row per source, a column per step
            assert f'<td class="num">{shown}</td>' in page
        elif passed:
            cells = f'<td class="num">{reached}</td><td class="num">{passed}%</td>'
            assert f'<th scope="row">{step}</th>{cells}' in page
            assert not days or f"{days} ({stays})" in page
    summary = _csv(client, "/analytics/funnel.csv")
    position_row = next(r for r in summary if r[:2] == ["Position", "Account Executive"])
    assert position_row[2:] == ["10", "2", "1", "5", "1", "2", "21.0", "3", "4.0", "3", "4", "2.0"]
    referral = next(r for r in summary if r[:2] == ["Source", "Referral"])
    assert referral[2:4] == ["3", "2"]


def test_a_reader_sees_only_their_positions_and_the_empty_state(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
) -> None:
    morgan = make_user(roles=["hiring_manager"], name="Morgan Patel")
    other = make_position(title="Sales Development Rep")
    with app.app_context():
        builders.funnel_application(other.id, source="Referral", moves=[(0, D)])
    login(morgan)
    page = client.get("/analytics/funnel").get_data(as_text=True)
    assert "No applications in this period" in page
    assert "Sales Development Rep</h3>" not in page


def test_the_query_count_stays_flat_as_applications_grow(
    app: Flask,
    client: FlaskClient,
    login: Any,
    make_position: Callable[..., PositionRef],
    make_user: Callable[..., UserRef],
    count_queries: Any,
) -> None:
    position = make_position(title="Account Executive")
    interviewer = make_user(name="Jamie Ortiz")
    login(roles=["admin"])

    def grow(count: int) -> None:
        with app.app_context():
            for n in range(count):
                made = builders.funnel_application(
                    position.id, source=f"Source {n % 3}", moves=[(0, D), (1, 3 * D)]
                )
                builders.held_interview(made, interviewer, submitted_after=H)

    counts = []
    for count in (3, 9):
        grow(count)
        with count_queries() as queries:
            client.get("/analytics/funnel")
        counts.append(queries.count)
    assert counts[0] == counts[1]
