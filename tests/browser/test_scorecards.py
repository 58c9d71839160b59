"""Schedule → fill a scorecard (reload and offline lose nothing) → submit → independence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from hiring.applications.models import Application
from hiring.candidates.models import Candidate
from hiring.db import db

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def _application_id(app: Flask, name: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(Application.id).join(Candidate).where(Candidate.name == name)
        )
        db.session.remove()
    assert found
    return found


def test_schedule_fill_reload_submit_and_independence(
    page: Page, browser: Browser, live_app: Flask, live_server: str
) -> None:
    application_id = _application_id(live_app, "Nina Petrova")

    sign_in(page, "recruiter@example.com")
    page.goto(f"/interviews/schedule/{application_id}")
    stage_label = page.get_by_label("Stage").locator("option", has_text="2. Behavioural")
    page.get_by_label("Stage").select_option(value=stage_label.get_attribute("value"))
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Interviewers").select_option(
        label=["Jamie Ortiz (interviewer@example.com)", "Sam Rivera (sam.rivera@example.com)"]
    )
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.locator(".flash-success")).to_contain_text("Scheduled Behavioural interview")
    interview_url = page.url
    interview_id = int(interview_url.rstrip("/").split("/")[-1])

    jamie = browser.new_context(base_url=live_server)
    try:
        tab = jamie.new_page()
        sign_in(tab, "interviewer@example.com")
        tab.goto(f"/interviews/{interview_id}/scorecard")
        expect(tab.locator("h1")).to_have_text("Nina Petrova")
        first_note = tab.locator("textarea[id$='-a']").first
        first_note.fill("Rebuilt the pipeline from zero in six weeks: 14 meetings, 5 qualified.")
        expect(tab.locator("#save-status")).to_contain_text("All changes saved", timeout=10_000)

        # Lose the network: typing goes on, nothing is lost, and it saves when back online.
        tab.context.set_offline(True)
        evidence = tab.locator("textarea[id^='evidence-']").first
        evidence.fill("Gave conversion numbers at every step of the funnel.")
        expect(tab.locator("#save-status")).to_contain_text("Offline", timeout=10_000)
        tab.context.set_offline(False)
        tab.evaluate("window.dispatchEvent(new Event('online'))")
        expect(tab.locator("#save-status")).to_contain_text("All changes saved", timeout=15_000)

        tab.reload()
        expect(tab.locator("textarea[id$='-a']").first).to_have_value(
            "Rebuilt the pipeline from zero in six weeks: 14 meetings, 5 qualified."
        )
        expect(tab.locator("textarea[id^='evidence-']").first).to_have_value(
            "Gave conversion numbers at every step of the funnel."
        )

        blocks = tab.locator("fieldset.rating-block")
        for index in range(blocks.count()):
            block = blocks.nth(index)
            block.locator("label.anchor-option").nth(1).click()  # level 3 (Solid)
            block.locator("textarea").fill(f"Specific example with numbers ({index}).")
        tab.get_by_label("Strong yes").check()
        tab.once("dialog", lambda dialog: dialog.accept())
        tab.get_by_role("button", name="Submit scorecard").click()
        expect(tab.locator(".flash-success")).to_contain_text("Scorecard submitted")
    finally:
        jamie.close()

    sam = browser.new_context(base_url=live_server)
    try:
        tab = sam.new_page()
        sign_in(tab, "sam.rivera@example.com")
        tab.goto(f"/interviews/{interview_id}")
        expect(tab.locator(".flash-info")).to_contain_text(
            "Other interviewers' ratings stay hidden until you submit your own scorecard"
        )
        expect(tab.locator("body")).not_to_contain_text("Strong yes")
        tab.goto(f"/interviews/{interview_id}/scorecard")
        expect(tab.locator("body")).not_to_contain_text("Rebuilt the pipeline from zero")
        expect(tab.locator("body")).not_to_contain_text("Specific example with numbers")
        expect(tab.locator("input[type=radio]:checked")).to_have_count(0)
    finally:
        sam.close()
