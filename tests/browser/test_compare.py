"""The comparison in a real browser (#13): at 1366 px and at 390 px the candidate, score and
decision stay on screen while the competencies scroll sideways in their own region, and the
picks open side by side on its own page, with a way back."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.db import db
from hiring.positions.models import Position

pytestmark = pytest.mark.browser


def _sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def _position_id(live_app: Flask) -> int:
    with live_app.app_context():
        found = db.session.scalars(select(Position.id).order_by(Position.id)).first()
        db.session.remove()
    assert found is not None
    return found


def _on_screen(page: Page, name: str) -> bool:
    box = page.get_by_role("columnheader", name=name, exact=False).first.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


@pytest.mark.parametrize("width", [1366, 390])
def test_the_verdict_stays_on_screen_while_competencies_scroll(
    page: Page, live_app: Flask, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    _sign_in(page, "recruiter@example.com")
    page.goto(f"/positions/{_position_id(live_app)}/compare")
    # The page itself never scrolls sideways: only the table's region does.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    region = page.get_by_role("region", name="Candidates compared (scrolls sideways)")
    assert region.evaluate("el => el.scrollWidth > el.clientWidth")
    for name in ("Candidate", "Score"):
        assert _on_screen(page, name), name
    if width >= 1366:
        assert _on_screen(page, "Decision") and _on_screen(page, "Recommendations")
    region.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert _on_screen(page, "Coachability & learning agility")  # the last competency
    assert _on_screen(page, "Candidate")  # pinned
    if width >= 1366:
        assert _on_screen(page, "Score") and _on_screen(page, "Decision")


def test_picks_open_side_by_side_on_its_own_page_and_lead_back(page: Page, live_app: Flask) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, "recruiter@example.com")
    position_id = _position_id(live_app)
    page.goto(f"/positions/{position_id}/compare")
    page.get_by_role("checkbox", name="Pick Daniela Reyes for side by side").check()
    page.get_by_role("checkbox", name="Pick Noah Kim for side by side").check()
    page.get_by_role("button", name="Side by side (pick 2–4)").click()
    page.wait_for_url(re.compile(rf"/positions/{position_id}/compare/side-by-side\?"))
    expect(page.locator("h1")).to_have_text("Side by side")
    heading = page.get_by_role("columnheader", name=re.compile("Daniela Reyes"))
    expect(heading).to_be_in_viewport()  # on the first screen, not 1,900 px below it
    page.get_by_role("link", name="Back to the comparison").first.click()
    page.wait_for_url(re.compile(rf"/positions/{position_id}/compare(\?|$)"))
    expect(page.locator("h1")).to_have_text("Compare candidates")
