"""The demo admin reads agreement, calibration and adverse impact for a demo position picked in
the filter, then downloads the hiring quality report for it (issue #15's browser bar)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.db import db
from hiring.positions.models import Position
from tests.support.pdf import bookmarks, flat, text_of

pytestmark = pytest.mark.browser

#: One of the closed analytics demo positions (hiring/demo_analytics.py): dozens of rated
#: candidates, a lenient interviewer, self-identification for most candidates.
DEMO_POSITION = "Account Executive, Enterprise"
#: A statistic as the pages show it: two decimals and the 95% interval.
FIGURE = re.compile(r"-?\d\.\d\d \(-?\d\.\d\d to -?\d\.\d\d\)")
#: WeasyPrint is slow on a loaded machine (as in test_packets.py).
RENDER_TIMEOUT_MS = 60_000


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def _tab(page: Page, name: str, heading: str | None = None) -> None:
    page.get_by_role("navigation", name="Analytics sections").get_by_role("link", name=name).click()
    expect(page.locator("h1")).to_have_text(heading or name)


def test_admin_reads_agreement_calibration_impact_and_downloads_the_report(
    page: Page, live_app: Flask
) -> None:
    with live_app.app_context():
        position_id = db.session.scalar(select(Position.id).where(Position.title == DEMO_POSITION))
        db.session.remove()
    assert position_id is not None
    _sign_in(page, "admin@example.com")

    page.get_by_role("link", name="Analytics").first.click()
    expect(page.locator("h1")).to_have_text("Analytics")
    page.get_by_label("Position").select_option(str(position_id))
    page.get_by_role("button", name="Apply").click()
    expect(page).to_have_url(re.compile(rf"position={position_id}"))

    _tab(page, "Agreement")
    expect(page.get_by_role("heading", name=f"Position: {DEMO_POSITION}")).to_be_visible()
    totals = page.locator("tr.total-row").first
    expect(totals).to_contain_text("All competencies")
    expect(totals).to_contain_text(FIGURE)
    expect(totals).to_contain_text(re.compile(r"ICC\(1\): -?\d\.\d\d"))

    _tab(page, "Interviewer calibration")
    table = page.get_by_role("table")
    expect(table).to_contain_text("Sam Rivera")
    expect(table).to_contain_text(re.compile(r"\d\.\d\d points (above|below) the others"))

    _tab(page, "Adverse impact")
    expect(page.get_by_role("heading", name=DEMO_POSITION, exact=True)).to_be_visible()
    expect(page.get_by_text(re.compile(r"^\d+ applicants in this period\."))).to_be_visible()
    bottom_line = page.get_by_role("table", name="Sex · Bottom line: applied → hired")
    expect(bottom_line).to_be_visible()
    expect(bottom_line).to_contain_text(re.compile(r"\d+\.\d%"))

    _tab(page, "Overview", "Analytics")
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        # The click waits for the download's response, which is the PDF being drawn: as long
        # as the download may take, not the 10-s default (a loaded CI machine took longer).
        page.get_by_role("button", name="Download report (PDF)").click(timeout=RENDER_TIMEOUT_MS)
    download = info.value
    assert download.suggested_filename.startswith("hiring-quality-report-")
    path = download.path()
    assert path is not None
    data = Path(path).read_bytes()
    marks = bookmarks(data)
    for heading in ("Agreement", "Interviewer calibration", "Adverse impact", "Funnel"):
        assert heading in marks
    words = flat(text_of(data)[0])
    assert f"Positions {DEMO_POSITION}" in words and "Prepared for" in words
    assert FIGURE.search(words)
