"""A hire decision becomes a plan; the new hire works it and rates day 30; the manager signs off."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from hiring.applications.models import Application
from hiring.candidates.models import Candidate
from hiring.db import db
from hiring.mail.models import OutboxMessage

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str, password: str = "demo") -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def test_hire_to_plan_to_day_30_sign_off(
    page: Page,
    browser: Browser,
    live_app: Flask,
    live_server: str,
    audited_context: Callable[..., BrowserContext],
) -> None:
    with live_app.app_context():
        application_id = db.session.scalar(
            select(Application.id).join(Candidate).where(Candidate.name == "Daniela Reyes")
        )
        db.session.remove()

    sign_in(page, "manager@example.com")
    page.goto(f"/applications/{application_id}/debrief")
    page.get_by_label("Hire", exact=True).check()
    page.get_by_label("Rationale").fill("Strongest panel; ready to own a territory.")
    page.get_by_label("Start date (for a hire)").fill("2026-11-02")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator(".flash-success")).to_contain_text("Decision recorded.")

    page.goto("/onboarding/")
    page.get_by_role("link", name="Create the 30/60/90 plan").first.click()
    expect(page.locator("h1")).to_have_text("New 30/60/90-day plan")
    expect(page.locator("table.preview-table").first).to_contain_text("Mon 2 Nov 2026")
    page.get_by_role("button", name="Create plan").click()
    expect(page.locator(".flash-success")).to_contain_text("Created the plan for Daniela Reyes")
    plan_url = page.url

    with live_app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.to_address == "daniela.reyes@example.net")
            .order_by(OutboxMessage.id.desc())
        ).first()
        db.session.remove()
    assert body
    link = re.search(r"https?://[^/\s]+(/set-password/\S+)", body).group(1)

    hire = audited_context()
    tab = hire.pages[0]
    tab.goto(link)
    tab.get_by_label("New password", exact=True).fill("first day at work")
    tab.get_by_label("Repeat the new password").fill("first day at work")
    tab.get_by_role("button", name="Set password and sign in").click()
    tab.goto(plan_url.replace(live_server, ""))
    # Asked once for her time zone, she is taken on to the plan.
    tab.get_by_role("button", name="Save time zone").click()
    expect(tab.locator("h1")).to_have_text("Daniela Reyes")
    item = tab.locator("li.plan-item").filter(has_text="Listen to recorded calls").first
    item.locator("summary").click()
    item.get_by_role("button", name=re.compile("^Mark")).click()
    expect(tab.locator(".flash-success")).to_contain_text("Done: Listen to recorded calls")
    day30 = tab.locator("#checkin-30")
    day30.get_by_label("At risk").check()
    day30.get_by_label("Comment").fill("Still learning the pricing rules")
    day30.get_by_role("button", name="Save my day-30 rating").click()
    expect(tab.locator("#checkin-30")).to_contain_text("Waiting for the other rating")

    page.goto(plan_url.replace(live_server, ""))
    day30 = page.locator("#checkin-30")
    expect(day30).not_to_contain_text("Still learning the pricing rules")
    day30.get_by_label("On track").check()
    day30.get_by_role("button", name="Save my day-30 rating").click()
    day30 = page.locator("#checkin-30")
    expect(day30).to_contain_text("Still learning the pricing rules")
    day30.get_by_role("button", name="Sign off the Learn phase").click()
    expect(page.locator(".flash-success")).to_have_text("Signed off the Learn phase.")
    expect(page.locator("#checkin-30")).to_contain_text("signed off")
