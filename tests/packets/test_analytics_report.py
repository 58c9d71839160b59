"""The hiring quality report: the analytics sections each reader may open, as one PDF, with
the pages' figures; an admin's copy (the only one with adverse impact) is audited."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from scipy import stats
from sqlalchemy import select

from hiring.applications.models import ApplicationStatus
from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.onboarding.models import Progress
from hiring.scorecards.models import Recommendation
from tests import builders
from tests.support.pdf import bookmarks, flat, text_of

YES, NO = Recommendation.YES, Recommendation.NO
SECTIONS = ["Agreement", "Interviewer calibration", "Adverse impact", "Funnel", "Quality of hire"]


@dataclass(frozen=True)
class Built:
    position: builders.PositionRef
    manager: builders.UserRef
    recruiter: builders.UserRef


@pytest.fixture
def built(app: Flask, loaded_library: object) -> Built:
    """Ten candidates two interviewers rated identically (alpha and ICC exactly 1), and the
    EEOC's four-fifths example in the self-identification (48 of 80 White applicants moved
    on, 12 of 40 Black applicants: impact ratio 0.50)."""
    with app.app_context():
        manager = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        recruiter = builders.user(roles=["recruiter"], name="Riley Brooks")
        jamie = builders.user(roles=["interviewer"], name="Jamie Ortiz")
        sam = builders.user(roles=["interviewer"], name="Sam Rivera")
        opened = builders.position(title="Account Executive", manager=manager, recruiter=recruiter)
        for n in range(10):
            level = n % 4 + 1
            ratings: dict[str, int | None] = {"discovery": level, "closing": level}
            rec = YES if level >= 3 else NO
            builders.rated_candidate(opened.id, [(jamie, ratings, rec), (sam, ratings, rec)])
        builders.applicants(opened.id, 48, sex="male", race_ethnicity="white", stage_index=0)
        builders.applicants(
            opened.id, 32, sex="female", race_ethnicity="white", status=ApplicationStatus.REJECTED
        )
        builders.applicants(opened.id, 12, sex="male", race_ethnicity="black", stage_index=0)
        builders.applicants(
            opened.id, 28, sex="female", race_ethnicity="black", status=ApplicationStatus.REJECTED
        )
    return Built(opened, manager, recruiter)


def _report(client: FlaskClient, query: str = "") -> tuple[bytes, str]:
    response = client.get(f"/analytics/report.pdf{query}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "hiring-quality-report-" in response.headers["Content-Disposition"]
    return response.data, flat(text_of(response.data)[0])


def _impact_reads(app: Flask) -> list[AuditEvent]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "analytics.impact_read")
            )
        )


def test_an_admins_report_has_every_section_with_the_pages_figures(
    app: Flask, client: FlaskClient, login, built: Built
) -> None:
    admin = login(roles=["admin"], name="Avery Chen")
    data, words = _report(client, f"?position={built.position.id}")
    marks = bookmarks(data)
    assert marks[0] == "Hiring quality report"
    assert [m for m in marks if m in SECTIONS] == SECTIONS
    # The cover: the filters in words, for whom, when (in the reader's zone).
    assert "Positions Account Executive · Chicago" in words
    assert "Role profile Any role" in words
    assert "Prepared for Avery Chen" in words
    assert "America/Chicago time" in words and ("CST" in words or "CDT" in words)
    # Agreement: a perfect panel.
    assert "Position: Account Executive" in words
    assert "1.00 (1.00 to 1.00)" in words and "ICC(2,1): 1.00 (1.00 to 1.00)" in words
    # Calibration: both interviewers by name, level with each other.
    assert "Jamie Ortiz" in words and "Sam Rivera" in words
    assert "level with the others" in words
    # Adverse impact: the EEOC example, its flag and its caveat.
    assert "Race/ethnicity · Applied → Screen" in words
    assert "Black or African American 40 12 30.0% 0.50 Below 0.80 -3.10" in words
    assert "rule of thumb" in words
    assert "Not shown, so nobody can be recognised" in words
    # Funnel and quality of hire, with not-enough-data wording and the caveat.
    assert "Median days to decision (n)" in words
    assert "Not enough hires yet: 0 with an outcome, at least 10 needed" in words
    assert "Range restriction." in words
    # The read is audited like the impact page's, with the report's filters.
    reads = _impact_reads(app)
    assert [e.after["format"] for e in reads] == ["report"]
    assert reads[0].actor_id == admin.id and reads[0].after["position"] == str(built.position.id)


def test_a_recruiters_report_has_no_calibration_and_no_self_identification(
    app: Flask, client: FlaskClient, login, built: Built
) -> None:
    login(built.recruiter)
    data, words = _report(client)
    assert [m for m in bookmarks(data) if m in SECTIONS] == [
        "Agreement",
        "Funnel",
        "Quality of hire",
    ]
    assert "Positions All the positions you hire or recruit for" in words
    assert "1.00 (1.00 to 1.00)" in words
    for answer in ("White", "Black or African American", "Female", "Male", "four-fifths"):
        assert answer not in words
    assert not _impact_reads(app)


def test_a_hiring_managers_report_has_calibration_but_no_impact(
    app: Flask, client: FlaskClient, login, built: Built
) -> None:
    login(built.manager)
    data, words = _report(client)
    assert [m for m in bookmarks(data) if m in SECTIONS] == [
        "Agreement",
        "Interviewer calibration",
        "Funnel",
        "Quality of hire",
    ]
    assert "Jamie Ortiz" in words
    for answer in ("White", "Black or African American", "Female", "four-fifths"):
        assert answer not in words
    assert not _impact_reads(app)


def test_no_data_says_so_and_an_unchanged_report_is_not_sent_again(
    client: FlaskClient, login, loaded_library: object
) -> None:
    login(roles=["admin"])
    response = client.get("/analytics/report.pdf?since=2026-01-01&until=2026-01-31")
    words = flat(text_of(response.data)[0])
    assert "1 Jan 2026 to 31 Jan 2026" in words
    assert "No submitted scorecards in this period" in words
    assert "No applicants in this period" in words
    assert "No applications in this period" in words
    # The cover's "generated" minute is part of the fingerprint: a minute may turn between
    # two requests, so a browser asking twice in a row sees 304 by the second time.
    statuses = []
    for _ in range(2):
        again = client.get(
            "/analytics/report.pdf?since=2026-01-01&until=2026-01-31",
            headers={"If-None-Match": response.headers["ETag"]},
        )
        statuses.append(again.status_code)
        response = again if again.status_code == 200 else response
    assert 304 in statuses


@pytest.mark.parametrize("section", ["", "agreement", "calibration", "impact", "funnel", "quality"])
def test_the_overview_and_each_section_link_the_report_with_their_filters(
    client: FlaskClient, login, built: Built, section: str
) -> None:
    login(roles=["admin"])
    page = client.get(f"/analytics/{section}?position={built.position.id}").get_data(as_text=True)
    link = page[page.index('href="/analytics/report.pdf?') :]
    link = link[: link.index(">Download report (PDF)</a>")]
    assert f"position={built.position.id}" in link and "since=" in link


def test_quality_of_hire_prints_its_correlations_and_scatter_plots(
    app: Flask, client: FlaskClient, login, make_position, make_user
) -> None:
    position = make_position()
    people = [
        make_user(roles=["hiring_manager"], name="Morgan Patel"),
        make_user(name="Jamie Ortiz"),
        make_user(name="Ava Lee"),
    ]
    on, risk, off = Progress.ON_TRACK, Progress.AT_RISK, Progress.OFF_TRACK
    rows = [(4, 3, 3, 12.0, on), (3, 3, 2, 9.0, on), (2, 2, 4, 5.0, risk), (4, 4, 3, 11.0, on),
            (1, 2, 2, 4.0, off), (3, 2, 3, 8.0, risk), (2, 3, 1, 7.0, on), (4, 3, 4, 10.0, risk),
            (3, 4, 2, 9.5, on), (2, 1, 3, 3.0, off), (3, 3, 3, 6.0, risk), (1, 1, 2, 6.5, off)]  # fmt: skip
    with app.app_context():
        builders.hires_with_outcomes(position.id, people, rows)
    login(roles=["admin"])
    _data, words = _report(client)
    discovery = [(b + s) / 2 for b, s, *_ in rows]
    r = float(stats.pearsonr(discovery, [d / 10 for *_, d, _ in rows]).statistic)
    assert (
        "12 hires with an onboarding plan; 12 with a ramp attainment, 12 with a day-90 rating"
        in words
    )
    assert f"Discovery Ramp attainment at day 90 12 {r:.2f} (" in words
    assert "Not enough hires yet" not in words
    # The scatter plots, each captioned with its numbers in words.
    assert f"Discovery: ramp attainment at day 90. 12 hires; Pearson r {r:.2f}, 95% CI" in words
    assert "Dashed line: least-squares fit." in words
