"""Schedule → fill a scorecard (reload and offline lose nothing) → submit → independence."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from hiring.applications.models import Application
from hiring.candidates.models import Candidate
from hiring.db import db
from tests import builders

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
    page: Page,
    browser: Browser,
    live_app: Flask,
    live_server: str,
    audited_context: Callable[..., BrowserContext],
) -> None:
    application_id = _application_id(live_app, "Nina Petrova")
    # Not about training: the panel is qualified, so no warning holds the booking up.
    with live_app.app_context():
        signoffs = builders.qualify_named("Jamie Ortiz", "Sam Rivera")
        db.session.remove()
    try:
        _schedule_and_fill(page, application_id, audited_context)
    finally:
        with live_app.app_context():
            builders.withdraw_signoffs(signoffs)
            db.session.remove()


def _schedule_and_fill(
    page: Page,
    application_id: int,
    audited_context: Callable[..., BrowserContext],
) -> None:
    sign_in(page, "recruiter@example.com")
    page.goto(f"/interviews/schedule/{application_id}")
    stage_label = page.get_by_label("Stage").locator("option", has_text="2. Behavioural")
    page.get_by_label("Stage").select_option(value=stage_label.get_attribute("value"))
    tomorrow = datetime.now(UTC).date() + timedelta(days=1)
    page.get_by_label("Date").fill(tomorrow.isoformat())
    page.get_by_label("Start time").fill("10:30")
    page.get_by_label("Time zone").select_option("America/Chicago")
    interviewers = page.get_by_role("group", name="Interviewers")
    interviewers.get_by_label("Jamie Ortiz").check()
    interviewers.get_by_label("Sam Rivera").check()
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.locator(".flash-success")).to_contain_text("Scheduled Behavioural interview")
    interview_url = page.url
    interview_id = int(interview_url.rstrip("/").split("/")[-1])

    jamie = audited_context()
    tab = jamie.pages[0]
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

    sam = audited_context()
    tab = sam.pages[0]
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


def _schedule_for_jamie(app: Flask, candidate: str) -> int:
    """A fresh interview with Jamie Ortiz on the panel (booked as the recruiter)."""
    from hiring.auth.models import User
    from hiring.scorecards.scheduling import schedule_panel

    with app.app_context():
        application = db.session.get(Application, _application_id(app, candidate))
        assert application is not None and application.position.current_plan is not None
        people = {
            u.email: u
            for u in db.session.scalars(
                select(User).where(
                    User.email.in_(["interviewer@example.com", "recruiter@example.com"])
                )
            )
        }
        interview = schedule_panel(
            application,
            application.position.current_plan.stages[0],
            starts_at=datetime.now(UTC) + timedelta(days=2),
            time_zone="UTC",
            duration_minutes=45,
            location="Room 2",
            video_link="",
            interviewers=[people["interviewer@example.com"]],
            actor=people["recruiter@example.com"],
        )
        db.session.commit()
        interview_id = interview.id
        db.session.remove()
    return interview_id


def test_a_refused_draft_keeps_its_unsaved_state_and_warns_on_closing(
    page: Page, live_app: Flask
) -> None:
    """ "Save draft" with a too-long evidence comes back refused, every word shown again: the
    browser keeps its copy and closing the tab still warns (the server has nothing)."""
    interview_id = _schedule_for_jamie(live_app, "Nina Petrova")
    sign_in(page, "interviewer@example.com")
    page.goto(f"/interviews/{interview_id}/scorecard")
    card_id = page.locator("#scorecard-form").get_attribute("data-card-id")
    accepts: list[str | None] = []  # what the autosave asks for: JSON, never a page
    page.on(
        "request",
        lambda r: accepts.append(r.headers.get("accept")) if r.url.endswith("/autosave") else None,
    )
    evidence = page.locator("textarea[id^='evidence-']").first
    evidence.fill("Closed a six-figure renewal. " * 400)  # 11,600 characters
    expect(page.locator("#save-status")).to_contain_text("Not saved", timeout=10_000)
    assert accepts and set(accepts) == {"application/json"}
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".flash-error")).to_contain_text("at most 10,000 characters")
    expect(page.locator("#scorecard-form")).to_have_attribute("data-refused", "true")
    expect(page.locator("#save-status")).to_contain_text("Unsaved changes")
    kept = page.evaluate(f"JSON.parse(localStorage.getItem('hiring:scorecard:{card_id}'))")
    assert kept["unsaved"] is True
    assert any(v.startswith("Closed a six-figure renewal.") for v in kept["fields"].values())

    page.locator("h1").click()  # a page warns on closing only after the person used it
    with page.expect_event("dialog") as warned:
        page.close(run_before_unload=True)
    assert warned.value.type == "beforeunload"
    warned.value.dismiss()  # stay on the page
