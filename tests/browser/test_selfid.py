"""A recruiter asks a candidate for voluntary self-identification; the candidate answers with
the keyboard on the public page, once; an admin then reads the adverse-impact section."""

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


def _sign_in(page: Page, who: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(f"{who}@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()


def _latest_self_id_link(app: Flask, base_url: str) -> str:
    with app.app_context():
        body = db.session.scalars(
            select(OutboxMessage.body_text).order_by(OutboxMessage.id.desc())
        ).first()
        db.session.remove()
    match = re.search(r"https?://[^/\s]+(/self-id/\S+)", body or "")
    assert match, body
    return base_url + match.group(1)


def test_the_candidate_answers_once_and_the_admin_reads_aggregates(
    page: Page,
    live_app: Flask,
    live_server: str,
    audited_context: Callable[..., BrowserContext],
) -> None:
    _sign_in(page, "recruiter")
    page.goto("/candidates/")
    page.locator("table a[href^='/candidates/']").first.click()
    page.locator("a[href^='/applications/']").first.click()
    page.get_by_role("button", name="Ask for voluntary self-identification").click()
    expect(page.locator(".flash-success")).to_contain_text("a link to answer voluntarily")
    expect(page.get_by_text(re.compile(r"Requested on "))).to_be_visible()

    link = _latest_self_id_link(live_app, live_server)
    tab = audited_context().pages[0]
    tab.goto(link)
    expect(tab.get_by_role("heading", name="A few voluntary questions")).to_be_visible()
    tab.get_by_role("group", name=re.compile("^Race or ethnicity")).get_by_label("Asian").check()
    tab.get_by_role("group", name=re.compile("^Sex")).get_by_label("Prefer not to say").press(
        "Space"
    )
    tab.get_by_role("button", name="Send my answers").press("Enter")
    expect(tab.get_by_role("heading", name="Thank you")).to_be_visible()
    tab.goto(link)
    expect(tab.get_by_role("heading", name="This link no longer works")).to_be_visible()

    admin = audited_context().pages[0]
    _sign_in(admin, "admin")
    admin.goto("/analytics/")
    admin.get_by_role("link", name="Adverse impact").first.click()
    expect(admin.locator("h1")).to_have_text("Adverse impact")
    expect(admin.get_by_text("rule of thumb")).to_be_visible()
