"""Drive the real app in headless Chromium: a live server on a fresh, seeded database.

The system Chromium (``/usr/bin/chromium``) is used; Playwright's own browser downloads are
never needed. Without it the browser tests are skipped, unless ``HIRING_REQUIRE_BROWSER=1``
(set by CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from tests.browser.axe_audit import TALLY, AxeAudit
from tests.support import summaries
from tests.support.harness import DatabaseFactory, demo_app_on
from tests.support.html_check import PageChecker

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
REQUIRE_BROWSER = os.environ.get("HIRING_REQUIRE_BROWSER") == "1"
#: How long a Playwright action or ``expect`` may wait, in milliseconds.
TIMEOUT_MS = 10_000

_call_report = pytest.StashKey[pytest.TestReport]()
_axe_audit = pytest.StashKey[AxeAudit]()
#: The id check of the fast suite (``tests.support.html_check``), here with CSRF tokens on.
LIVE_PAGE_CHECKER = PageChecker()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Remember the outcome of the test body, so the page fixture can screenshot failures.
    report = yield
    if report.when == "call":
        item.stash[_call_report] = report
    return report


def _browser_summary() -> list[str]:
    lines = [LIVE_PAGE_CHECKER.summary(" (live server)")] if LIVE_PAGE_CHECKER.pages_checked else []
    return lines + (TALLY.summary() if TALLY.pages or TALLY.missed else [])


summaries.add_source(_browser_summary)


@pytest.fixture(scope="session")
def chromium_executable() -> Path:
    """The system Chromium; skips the browser tests when absent (fails when required)."""
    if CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
    if REQUIRE_BROWSER:
        pytest.fail(f"HIRING_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


class QuietRequestHandler(WSGIRequestHandler):
    """Leaves out the access log (errors are still logged)."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


class LiveServer:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server: BaseWSGIServer = make_server(
            "127.0.0.1", 0, app, threaded=True, request_handler=QuietRequestHandler
        )
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, name="live-server", daemon=True
        )

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_app(chromium_executable: Path, databases: DatabaseFactory) -> Iterator[Flask]:
    """The app the live server runs: CSRF on, demo data loaded, on its own database.

    Tests may read its database (``with live_app.app_context(): ...``), e.g. the outbox.
    """
    with demo_app_on(databases, "browser", LIVE_PAGE_CHECKER, WTF_CSRF_ENABLED=True) as app:
        yield app


@pytest.fixture(scope="session")
def live_server(live_app: Flask) -> Iterator[str]:
    """Base URL of ``live_app``, served on a random port."""
    server = LiveServer(live_app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright_driver(chromium_executable: Path) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver: Playwright, chromium_executable: Path) -> Iterator[Browser]:
    chromium = playwright_driver.chromium.launch(
        executable_path=str(chromium_executable), headless=True, args=CHROMIUM_ARGS
    )
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh browser context (no cookies shared between tests).

    Every page of ours it shows is checked with axe-core (``tests.browser.axe_audit``) and for
    duplicate ids; a serious or critical violation, or a duplicate id, fails the test at teardown.
    """
    LIVE_PAGE_CHECKER.take()  # the server's pages since the last test are not this test's
    context = browser.new_context(base_url=live_server, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    audit = request.node.stash[_axe_audit] = AxeAudit(context, tab, live_server)
    # Console errors include Content-Security-Policy violations and broken assets.
    console_errors: list[str] = []
    tab.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: console_errors.append(str(error)))
    try:
        yield tab
        report = request.node.stash.get(_call_report, None)
        if report is not None and report.failed:
            _save_screenshot(tab, request)
        audit.finish()  # the page the test ended on
    finally:
        context.close()
    # Pages deliberately answered with an error status log "Failed to load resource".
    unexpected = [e for e in console_errors if "Failed to load resource" not in e]
    assert not unexpected, f"browser console errors: {unexpected}"
    failures = [f"axe-core {v}" for v in audit.failures()] + LIVE_PAGE_CHECKER.take()
    if failures:
        pytest.fail("accessibility problems:\n  " + "\n  ".join(failures), pytrace=False)


@pytest.fixture
def audited_context(browser: Browser, live_server: str) -> Iterator[Callable[..., BrowserContext]]:
    """Makes a second person's browser (``audited_context(timezone_id=...)``) whose pages
    are checked with axe-core like ``page``'s; their serious or critical violations fail the
    test at teardown. Its first tab is ``context.pages[0]``."""
    made: list[tuple[BrowserContext, AxeAudit]] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(base_url=live_server, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        tab = context.new_page()
        made.append((context, AxeAudit(context, tab, live_server)))
        return context

    yield make
    failures: list[str] = []
    for context, audit in made:
        try:
            if context.pages:  # a test that closed its context already let its pages go
                audit.finish()
        finally:
            context.close()
        failures += [f"axe-core {v}" for v in audit.failures()]
    if failures:
        pytest.fail("accessibility problems:\n  " + "\n  ".join(failures), pytrace=False)


@pytest.fixture
def axe_audit(page: Page, request: pytest.FixtureRequest) -> AxeAudit:
    """The axe-core audit of this test's ``page`` (to await a page's check, or read findings)."""
    return request.node.stash[_axe_audit]


def _save_screenshot(page: Page, request: pytest.FixtureRequest) -> None:
    artifacts = request.config.rootpath / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid).strip("_")
    path = artifacts / f"{name}.png"
    try:
        page.screenshot(path=str(path), full_page=True)
    except Exception as exc:  # a screenshot must never hide the real failure
        print(f"could not save screenshot {path}: {exc}")
    else:
        print(f"screenshot saved: {path} (at {page.url})")
