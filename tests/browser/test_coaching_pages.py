"""Every coaching page passes axe-core at desktop and phone widths, for each person who reads it.

The demo's crawl (``test_accessibility.py``) reaches the coaching pages only as far as the demo
data leads; this sweep builds a team with something on every page (``builders.coaching_pages``:
charts, motivators, 1:1s, ride-alongs planned and debriefed, a running support plan) and loads
each page at 1366 px and 390 px as the manager, the rep and the skip-level. The ``page`` fixture
fails the test at teardown on any serious or critical finding, naming rule, page and elements.

With ``HIRING_SCREENSHOT_DIR`` set, each page is also saved there as a full-page PNG per width,
for a person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from hiring.db import db
from tests.browser.axe_audit import AxeAudit
from tests.builders import PASSWORD, CoachingPages, UserRef, coaching_pages

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
SCREENSHOTS = os.environ.get("HIRING_SCREENSHOT_DIR")


def pages_of(world: CoachingPages) -> list[tuple[UserRef, str, list[str]]]:
    """(who, their name for the screenshots, the pages they read)."""
    rep, peer = world.rep.id, world.peer.id
    shared = [
        f"/coaching/people/{rep}",
        f"/coaching/one-on-ones/{world.one_on_one}",
        f"/coaching/one-on-ones/{world.held_one_on_one}",
        f"/coaching/ride-alongs/{world.planned_ride_along}",
        f"/coaching/ride-alongs/{world.debriefed_ride_along}",
        f"/coaching/support-plans/{world.support_plan}",
    ]
    return [
        (
            world.manager,
            "manager",
            [
                "/",
                "/coaching/",
                *shared,
                f"/coaching/people/{peer}",
                f"/coaching/people/{rep}/ride-alongs/new",
                f"/coaching/people/{peer}/support-plans/new",
            ],
        ),
        (world.rep, "rep", [*shared, f"/coaching/people/{rep}/motivators"]),
        (
            world.skip_level,
            "skip-level",
            ["/", "/coaching/", f"/coaching/people/{rep}", shared[-1]],
        ),
    ]


def sign_in(page: Page, axe_audit: AxeAudit, person: UserRef) -> None:
    """Sign ``person`` in afresh; the sign-in page and the home page are checked too."""
    reports = axe_audit.checked + 2
    page.context.clear_cookies()
    page.goto("/login")
    page.locator("#email").fill(person.email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Hello")
    axe_audit.settle(reports)


def visit(page: Page, axe_audit: AxeAudit, path: str, shot: str | None) -> None:
    reports = axe_audit.checked + 1
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    axe_audit.settle(reports)
    if shot is not None:
        page.screenshot(path=shot, full_page=True)


def test_every_coaching_page_passes_axe(page: Page, axe_audit: AxeAudit, live_app: Flask) -> None:
    with live_app.app_context():
        world = coaching_pages()
        db.session.remove()
    folder = Path(SCREENSHOTS) if SCREENSHOTS else None
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    for person, role, paths in pages_of(world):
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        sign_in(page, axe_audit, person)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
            for path in paths:
                name = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"
                shot = str(folder / f"{role}-{name}-{width}.png") if folder else None
                visit(page, axe_audit, path, shot)
    assert axe_audit.checked >= 2 * sum(len(paths) for _, _, paths in pages_of(world))
