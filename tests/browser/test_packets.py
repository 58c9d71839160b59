"""Packets download from the pages people use: the debrief, the comparison, a plan."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
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
        # The click waits for the response, which is the PDF being drawn: allow it as long.
        page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).click(
            timeout=RENDER_TIMEOUT_MS
        )
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
    page.get_by_role("button", name="Finalists' packet (PDF)").click()
    # Built by a job (at once here: JOBS_IMMEDIATE), so its page shows it ready.
    expect(page.locator("h1")).to_have_text("Finalists' packet")
    finalists = _download(page, "Download the packet (PDF)")
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


@pytest.fixture
def worker(live_app: Flask) -> Iterator[None]:
    """Jobs wait in a queue and a worker thread runs them, as ``flask jobs worker`` does,
    instead of running at once after each request (JOBS_IMMEDIATE, the browser app's)."""
    from huey.storage import MemoryStorage

    from hiring import jobs

    queue = jobs.queue
    saved = queue._immediate, queue.storage
    queue._immediate = False
    queue.storage = MemoryStorage("hiring")
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            task = queue.dequeue()
            if task is None:
                stop.wait(0.1)
                continue
            with live_app.app_context():
                queue.execute(task)

    thread = threading.Thread(target=work, name="job-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=RENDER_TIMEOUT_MS / 1000)
        queue._immediate, queue.storage = saved


def test_the_finalists_packet_is_built_in_the_background(
    page: Page, live_app: Flask, worker: None
) -> None:
    """Compare → build the packet → watch its progress → the download link appears (the
    page polls; it never reloads) → the download is the PDF → the comparison lists it."""
    with live_app.app_context():
        position_id = db.session.execute(
            select(Application.position_id).join(Candidate).where(Candidate.name == "Daniela Reyes")
        ).scalar_one()
        db.session.remove()
    _sign_in(page, "manager@example.com")
    page.goto(f"/positions/{position_id}/compare")
    boxes = page.get_by_role("checkbox")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    picked = boxes.count()
    assert picked >= 2
    page.get_by_role("button", name="Finalists' packet (PDF)").click()
    page.wait_for_url(re.compile(rf"/positions/{position_id}/packets/\d+$"))
    expect(page.locator("h1")).to_have_text("Finalists' packet")
    page.evaluate("window.stillThisPage = true")
    status = page.locator("#packet-text")
    expect(status).to_have_attribute("aria-live", "polite")
    # Drawn as a button; it is a link to the PDF.
    link = page.get_by_role("button", name="Download the packet (PDF)")
    expect(link).to_be_visible(timeout=RENDER_TIMEOUT_MS)
    expect(status).to_have_text(re.compile(r"^Ready: \d+ of \d+ memos\.$"))
    assert page.evaluate("window.stillThisPage") is True  # updated in place by polling
    assert page.evaluate("(bar => bar.value === bar.max)(document.getElementById('packet-bar'))")
    packet = _download(page, "Download the packet (PDF)")
    assert packet.startswith(b"%PDF")
    assert "Daniela Reyes" in bookmarks(packet)

    page.goto(f"/positions/{position_id}/compare")
    notice = page.locator(".packet-notice").first
    expect(notice).to_contain_text("Your finalists' packet from")
    expect(notice).to_contain_text("is ready")
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        # The newest, listed first (the click waits for the response: allow the render time).
        notice.get_by_role("link", name="Download").click(timeout=RENDER_TIMEOUT_MS)
    saved = info.value.path()
    assert saved is not None and Path(saved).read_bytes() == packet
