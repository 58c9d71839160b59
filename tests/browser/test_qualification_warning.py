"""Scheduling in a real browser when the panel is not qualified for the stage's must-haves
(issue #17, item 4): the hiring manager is warned, moves one person to shadows and goes ahead
with a reason for the other."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.db import db
from hiring.positions.models import Position, PositionStatus
from tests import builders

pytestmark = pytest.mark.browser


def _application(app: Flask) -> tuple[int, int]:
    """A new candidate on the demo's open position, and its behavioural stage (must-haves)."""
    with app.app_context():
        position = db.session.scalars(
            select(Position).where(Position.status == PositionStatus.OPEN).order_by(Position.id)
        ).first()
        assert position is not None and position.current_plan is not None
        stage_id = position.current_plan.stages[1].id
        ref = builders.application(position.id, name="Quinn Abernathy", stage_index=1)
        db.session.remove()
    return ref.id, stage_id


def test_the_hiring_manager_is_warned_moves_one_to_shadows_and_goes_ahead(
    page: Page, live_app: Flask
) -> None:
    application_id, stage_id = _application(live_app)
    page.goto("/login")
    page.locator("#email").fill("manager@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/interviews/schedule/{application_id}?stage_id={stage_id}")

    interviewers = page.get_by_role("group", name="Interviewers")
    interviewers.get_by_label("Jamie Ortiz").check()
    interviewers.get_by_label("Sam Rivera").uncheck()
    shadows = page.get_by_role("group", name="Shadows")
    shadows.get_by_label("Sam Rivera").check()
    day = datetime.now(UTC).date() + timedelta(days=9)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("09:30")
    page.locator("main button[type=submit]").click()

    warning = page.get_by_role("alert").filter(has_text="Not qualified for a must-have")
    expect(warning).to_contain_text("Jamie Ortiz")
    expect(warning).not_to_contain_text("Sam Rivera")  # a shadow is not checked
    warning.get_by_label("Go ahead anyway").check()
    warning.get_by_label("Reason to go ahead without the qualification").fill(
        "Jamie knows this buyer; the panel cannot wait for the next cohort."
    )
    page.locator("main button[type=submit]").click()

    expect(page.locator(".flash-success")).to_contain_text("Scheduled")
    expect(page.locator("dt:text-is('Interviewers') + dd")).to_have_text("Jamie Ortiz")
    expect(page.locator("dt:text-is('Shadows') + dd")).to_contain_text("Sam Rivera")
