"""A rep puts a topic on a 1:1's agenda; the manager sees it, first, on the same 1:1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Page, expect
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db, utcnow

pytestmark = pytest.mark.browser


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def test_a_rep_adds_a_topic_the_manager_then_sees(
    page: Page, live_app: Flask, audited_context: Callable[..., BrowserContext]
) -> None:
    with live_app.app_context():
        noah = db.session.scalar(select(User.id).where(User.email == "newhire@example.com"))
        db.session.remove()
    day = (utcnow().date() + timedelta(days=3)).isoformat()

    sign_in(page, "manager@example.com")
    page.goto(f"/coaching/people/{noah}")
    page.get_by_text("Add an extra 1:1").click()
    form = page.locator("form[action$='/one-on-ones']")
    form.get_by_label("Date").fill(day)
    form.get_by_label("Time", exact=True).fill("11:30")
    form.get_by_role("button", name="Add the 1:1").click()
    expect(page.locator(".flash-success")).to_contain_text("Extra 1:1 added.")
    page.get_by_label("Topic").fill("Pipeline review for Q3")
    page.get_by_role("button", name="Add the topic").click()
    one_on_one = page.url.split("#")[0]

    rep = audited_context().pages[0]
    sign_in(rep, "newhire@example.com")
    rep.goto(one_on_one)
    expect(rep.locator("h1")).to_have_text("1:1 with Morgan Patel")
    rep.get_by_label("Topic").fill("What does good discovery sound like?")
    rep.get_by_role("button", name="Add the topic").click()
    expect(rep.locator(".agenda li").first).to_contain_text("What does good discovery sound like?")

    page.goto(one_on_one)
    topics = page.locator(".agenda li")
    expect(topics.nth(0)).to_contain_text("What does good discovery sound like?")
    expect(topics.nth(0)).to_contain_text("added by Noah Kim (rep)")
    expect(topics.nth(1)).to_contain_text("Pipeline review for Q3")
    topics.nth(0).get_by_role("button").click()
    expect(page.locator(".agenda li").first).to_contain_text("Covered")
