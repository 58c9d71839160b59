"""Packets download from the pages people use: the debrief, the comparison, a plan."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from hiring.applications.models import Application
from hiring.candidates.models import Candidate
from hiring.db import db
from tests.support.pdf import bookmarks, flat, text_of

pytestmark = pytest.mark.browser

#: How long a packet may take to render and arrive. WeasyPrint is slow on a loaded machine, so
#: downloads wait on their own events for longer than an ordinary action (conftest.TIMEOUT_MS).
RENDER_TIMEOUT_MS = 60_000


def _sign_in(page: Page, email: str) -> None:
    """Sign in and wait for the home page, so the next ``goto`` cannot cut the login short."""
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("demo")
    with page.expect_response(
        lambda r: r.url.endswith("/login") and r.request.method == "POST"
    ) as login:
        page.get_by_role("button", name="Sign in").click()
    assert login.value.status == 302, f"login failed for {email}"
    expect(page.locator("h1")).to_contain_text("Hello")


def _download(page: Page, name: str) -> bytes:
    """Click the link or button ``name`` and wait for the PDF download (not a fixed time)."""
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def test_manager_prints_the_memo_the_finalists_and_the_plan(page: Page, live_app: Flask) -> None:
    with live_app.app_context():
        application_id, position_id = db.session.execute(
            select(Application.id, Application.position_id)
            .join(Candidate)
            .where(Candidate.name == "Daniela Reyes")
        ).one()
        db.session.remove()
    _sign_in(page, "manager@example.com")

    page.goto(f"/applications/{application_id}/debrief")
    memo = _download(page, "Decision memo (PDF)")
    text, pages = text_of(memo)
    assert "Daniela Reyes" in text and pages >= 3
    assert {"Summary", "Debrief", "Scorecards", "Timeline"} <= set(bookmarks(memo))

    page.goto(f"/positions/{position_id}/compare")
    page.get_by_role("checkbox", name="Pick Daniela Reyes for side by side").check()
    finalists = _download(page, "Finalists' packet (PDF)")
    marks = bookmarks(finalists)
    assert marks[:2] == ["Comparison summary", "Daniela Reyes"]

    page.goto("/onboarding/")
    page.get_by_role("link", name="Noah Kim").first.click()
    plan = _download(page, "Print the plan, manager's copy (PDF)")
    words = flat(text_of(plan)[0])
    assert "Welcome, Noah" in words and "interview evidence" in words.lower()


def test_new_hire_prints_their_own_plan(page: Page) -> None:
    _sign_in(page, "newhire@example.com")
    page.goto("/onboarding/")
    page.get_by_role("button", name="Open the plan").first.click()
    page.wait_for_url(re.compile(r"/onboarding/plans/\d+$"))
    plan = _download(page, "Print the plan (PDF)")
    words = flat(text_of(plan)[0])
    assert "Welcome, Noah" in words and "interview evidence" not in words.lower()
