"""An admin invites a colleague; the colleague follows the e-mailed link and signs in."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from hiring.db import db
from hiring.mail.models import OutboxMessage

pytestmark = pytest.mark.browser


def _latest_link_to(app: Flask, base_url: str, email: str) -> str:
    """Read the invitation from the outbox, as the colleague would read their e-mail."""
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body_text)
            .where(OutboxMessage.to_address == email)
            .order_by(OutboxMessage.id.desc())
        ).first()
        db.session.remove()
    assert body, f"no e-mail to {email}"
    match = re.search(r"https?://[^/\s]+(/set-password/\S+)", body)
    assert match
    return base_url + match.group(1)


def test_admin_invites_and_the_invitee_sets_a_password(
    page: Page,
    live_app: Flask,
    live_server: str,
    audited_context: Callable[..., BrowserContext],
) -> None:
    page.goto("/login")
    page.locator("#email").fill("admin@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()

    page.goto("/admin/users/invite")
    page.get_by_label("E-mail", exact=True).fill("Casey.Nguyen@example.com")
    page.get_by_label("Full name").fill("Casey Nguyen")
    page.get_by_label("Job title").fill("Sales Development Rep")
    page.get_by_label("New hire", exact=True).check()
    page.get_by_label("Manager (optional)").select_option(
        label="Morgan Patel (manager@example.com)"
    )
    page.get_by_role("button", name="Send invitation").click()

    expect(page.locator(".flash-success")).to_have_text(
        "Invitation sent to casey.nguyen@example.com."
    )
    expect(page.locator("h1")).to_contain_text("Casey Nguyen")
    expect(page.locator("h1 .badge")).to_have_text("Invited")

    link = _latest_link_to(live_app, live_server, "casey.nguyen@example.com")
    # Casey's laptop is set to London time: the first sign-in suggests it.
    invitee = audited_context(timezone_id="Europe/London")
    tab = invitee.pages[0]
    tab.goto(link)
    expect(tab.get_by_role("heading", name="Welcome, Casey")).to_be_visible()
    tab.get_by_label("New password", exact=True).fill("short")
    tab.get_by_label("Repeat the new password").fill("short")
    tab.get_by_role("button", name="Set password and sign in").click()
    expect(tab.locator(".field-error")).to_contain_text("Use at least 10 characters.")

    tab.get_by_label("New password", exact=True).fill("ready to sell 2026")
    tab.get_by_label("Repeat the new password").fill("ready to sell 2026")
    tab.get_by_role("button", name="Set password and sign in").click()
    expect(tab.locator("h1")).to_have_text("Your time zone")
    expect(tab.get_by_label("Your time zone")).to_have_value("Europe/London")
    expect(tab.locator("[data-detected-zone]")).to_contain_text("Europe/London")
    tab.get_by_role("button", name="Save time zone").click()
    expect(tab.locator("h1")).to_have_text("Hello, Casey")
    expect(tab.get_by_role("heading", name="Your first 90 days")).to_be_visible()

    tab.goto(link)  # the link works once
    expect(tab.get_by_role("heading", name="This link is not valid")).to_be_visible()

    page.reload()
    expect(page.locator("h1 .badge")).to_have_text("Active")
