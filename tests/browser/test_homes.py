"""Homes as to-do lists, in the browser: the manager's home leads to the pending decision,
recording the hire leads to the plan form and the plan is created; the new hire's first
screen shows this week's items."""

from __future__ import annotations

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.positions.models import Position
from tests.builders import UserRef, application, complete_panel

pytestmark = pytest.mark.browser

CANDIDATE = "Harper Quinlan"


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def test_manager_home_leads_to_the_decision_and_the_hire_to_its_plan(
    page: Page, live_app: Flask
) -> None:
    with live_app.app_context():
        manager = db.session.scalar(select(User).where(User.email == "manager@example.com"))
        jamie = db.session.scalar(select(User).where(User.email == "interviewer@example.com"))
        assert manager is not None and jamie is not None
        opening = db.session.scalars(
            select(Position).where(Position.hiring_manager_id == manager.id).order_by(Position.id)
        ).first()
        assert opening is not None
        harper = application(opening.id, name=CANDIDATE)
        complete_panel(harper, [UserRef(jamie.id, jamie.email, jamie.name, "demo")])
        application_id = harper.id
        db.session.remove()

    sign_in(page, "manager@example.com")
    decisions = page.locator("section:has(#decisions-heading)")
    decisions.get_by_role("link", name=f"Decide on {CANDIDATE}").click()
    expect(page.locator("h1")).to_have_text(f"Debrief: {CANDIDATE}")

    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Rationale").fill("Every stage said yes; ready for a territory.")
    page.get_by_label("Decide-now reason").fill("The panel is in; the ratings were not kept.")
    page.get_by_label("Start date (for a hire)").fill("2027-01-11")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".flash-success")).to_contain_text("Decision recorded. Next:")

    page.locator(".flash-success").get_by_role("link", name="Create the onboarding plan").click()
    expect(page.locator("h1")).to_have_text("New 30/60/90-day plan")
    expect(page.locator("main")).to_contain_text(f"For {CANDIDATE}")
    page.get_by_role("button", name="Create plan").click()
    expect(page.locator(".flash-success")).to_contain_text(f"Created the plan for {CANDIDATE}")

    # The debrief now leads to the plan, and the home no longer asks for either step.
    page.goto(f"/applications/{application_id}/debrief")
    expect(page.locator("#onboarding-plan-link")).to_have_text("Open the onboarding plan")
    page.goto("/")
    expect(page.locator("section.todo")).not_to_contain_text(CANDIDATE)


@pytest.mark.parametrize("width", [1366, 390])
def test_new_hire_first_screen_shows_this_weeks_items(page: Page, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 800})
    sign_in(page, "newhire@example.com")
    # Four months in, his first screen shows this week's items or, some weeks, only the one
    # he let slip: either way the first of his tasks is on the first screen.
    task = page.locator(".my-plan ul.tasks li")
    expect(task.first).to_be_visible()
    expect(task.first).to_be_in_viewport()
    expect(page.locator("h3", has_text="This week")).to_be_in_viewport()
