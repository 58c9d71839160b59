"""Independence reaches the hiring manager: Morgan, the default interviewer of the last
stage, reads "hidden until you submit" on Marcus Bell's debrief until their own interview is
booked and their card is in; then disagreeing scorecards are flagged and deciding against
the formula needs a reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.applications.models import Application
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db
from tests.builders import ApplicationRef, UserRef, interview

pytestmark = pytest.mark.browser


def test_debrief_flags_override_needs_reason_and_comparison_shows_decision(
    page: Page, live_app: Flask
) -> None:
    with live_app.app_context():
        application_id, position_id = db.session.execute(
            select(Application.id, Application.position_id)
            .join(Candidate)
            .where(Candidate.name == "Marcus Bell")
        ).one()
        db.session.remove()

    page.goto("/login")
    page.locator("#email").fill("manager@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"/applications/{application_id}")
    page.get_by_role("button", name="Debrief and decision").click()
    expect(page.locator("h1")).to_have_text("Debrief: Marcus Bell")
    # Morgan's own stage (the last, hiring manager) is not even booked yet: nothing shows.
    expect(page.locator("#hidden-until-submitted")).to_contain_text(
        "Hidden until you submit your own scorecard"
    )
    expect(page.locator(".formula-card")).to_have_count(0)
    expect(page.locator("table.debrief-matrix")).to_have_count(0)
    expect(page.get_by_role("button", name="Record decision")).to_have_count(0)

    with live_app.app_context():
        manager = db.session.scalar(select(User).where(User.email == "manager@example.com"))
        assert manager is not None
        booked = interview(
            ApplicationRef(application_id, 0, position_id, "Marcus Bell", 0),
            [UserRef(manager.id, manager.email, manager.name, "demo")],
            stage=3,
            starts_in=timedelta(days=-1),
        )
        db.session.remove()
    page.goto(f"/applications/{application_id}/debrief")
    expect(page.locator("#hidden-until-submitted")).to_be_visible()  # booked, not submitted

    page.goto(f"/interviews/{booked.id}/scorecard")
    blocks = page.locator("fieldset.rating-block")
    for index in range(blocks.count()):
        block = blocks.nth(index)
        block.locator("input[value='2']").check()
        block.locator("textarea").fill(f"Thin example, no numbers ({index}).")
    page.get_by_label("No", exact=True).check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.locator(".flash-success")).to_contain_text("Scorecard submitted")

    page.goto(f"/applications/{application_id}/debrief")
    expect(page.locator("#hidden-until-submitted")).to_have_count(0)
    # Jamie rated discovery 4 and Priya 2: flagged, and listed first.
    first_row = page.locator("table.debrief-matrix tbody tr").first
    expect(first_row).to_have_class("flagged")
    expect(first_row.locator("th")).to_contain_text("Discovery & qualification")
    expect(page.locator(".formula-card")).to_contain_text("Formula: Do not hire")

    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Rationale").fill(
        "Best discovery in the role-play; coach objection handling."
    )
    page.get_by_label("Start date (for a hire)").fill("2027-01-11")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#override_reason-error")).to_contain_text(
        "The formula recommends “Do not hire”. Deciding otherwise needs a written override reason."
    )

    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Override reason").fill(
        "Objection handling is coachable; the panel split on discovery, and the deal review was strong."
    )
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".flash-success")).to_contain_text("Decision recorded.")
    expect(page.locator("#decision-heading + p")).to_contain_text("Hire")
    expect(page.get_by_text("Against the formula", exact=True)).to_be_visible()

    page.goto(f"/positions/{position_id}/compare")
    row = page.locator("table.compare-table tbody tr").filter(has_text="Marcus Bell")
    expect(row).to_contain_text("Hire")
    expect(row).to_contain_text("against the formula")
    expect(row.locator(".flag")).not_to_have_count(0)
