"""axe-core on every page the browser tests visit.

The ``page`` fixture (``tests/browser/conftest.py``) gives each test's browser context an
:class:`AxeAudit`. axe is added to every document as an init script (DevTools injection, which the
app's ``script-src 'self'`` policy does not govern, so pages run under their real CSP); when one of
our HTML pages has loaded (styles applied, so contrast is measured as seen) it runs axe on itself
and posts its report (``sendBeacon``) to ``ENDPOINT``, which the page's route handler answers
itself. Reports travel as requests because the same handler sees every navigation request, in
order: it holds a main-frame navigation until the page being left has reported, so a test that
moves on at once still has every page checked (the last page is awaited at teardown). Asking the
page instead (``page.evaluate``) hangs while a navigation away from it is pending, and console
messages were not delivered in that state either.

Serious and critical violations fail the test; moderate and minor ones are counted for the run's
summary (``pytest_terminal_summary``), with the number of pages checked.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Page, Request, Route

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
#: WCAG 2.1 A and AA, plus axe's best practices (landmarks, headings, one main, ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
FAILING_IMPACTS = frozenset({"serious", "critical"})
#: Our URLs that load something other than an HTML page (no axe report expected).
NOT_HTML = re.compile(r"\.(pdf|ics|csv)(\?|$)")
#: Longest wait for a page's axe run before it counts as missed, in seconds: shorter while a
#: navigation is held, so a slow check never makes the test's own click time out.
AXE_WAIT_S = 20.0
HOLD_NAVIGATION_S = 6.0
#: Where pages post their reports; the route handler answers these itself (never the app).
ENDPOINT = "/__axe-audit"

#: Appended to axe itself: on load, the top document of our origin checks itself once.
_RUN_ON_LOAD = """
;if (window === window.top) {
  window.addEventListener('load', async () => {
    if (location.origin !== __ORIGIN__ || document.contentType !== 'text/html') return;
    const token = Math.random().toString(36).slice(2);
    const report = (body) => navigator.sendBeacon(__ENDPOINT__, JSON.stringify({token, ...body}));
    report({started: true});
    const results = await axe.run(document, {
      runOnly: {type: 'tag', values: __TAGS__}, resultTypes: ['violations'],
    });
    report({
      url: location.href, width: window.innerWidth,
      violations: results.violations.map(v => ({
        rule: v.id, impact: v.impact || 'minor', help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
      })),
    });
  });
}
"""


@dataclass(frozen=True)
class Violation:
    rule: str
    impact: str
    help: str
    page: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.targets[:8]) + (" …" if len(self.targets) > 8 else "")
        return f"{self.rule} ({self.impact}, {len(self.targets)} elements) on {self.page}: {shown}"


@dataclass
class AxeTally:
    """What axe checked and found during the whole run, for the terminal summary."""

    pages: int = 0
    #: Pages the accessibility crawl visited per role (``tests/browser/test_accessibility.py``).
    crawled: dict[str, int] = field(default_factory=dict)
    #: Pages that loaded but whose axe run never reported (left too soon, or too slow).
    missed: int = 0
    #: (impact, rule) -> number of elements.
    elements: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: (impact, rule) -> number of page checks it was found on.
    pages_with: Counter[tuple[str, str]] = field(default_factory=Counter)

    def summary(self) -> list[str]:
        lines = [f"axe-core {AXE_SCRIPT.parent.name}: {self.pages} page loads checked"]
        if self.missed:
            lines[0] += f", {self.missed} loaded pages NOT checked (no axe report)"
        if self.crawled:
            crawled = ", ".join(f"{role} {n}" for role, n in self.crawled.items())
            lines.append(
                f"  crawl: {sum(self.crawled.values())} pages × 2 widths over"
                f" {len(self.crawled)} roles ({crawled})"
            )
        for failing in (True, False):
            found = sorted(k for k in self.elements if (k[0] in FAILING_IMPACTS) == failing)
            label = "serious/critical" if failing else "moderate/minor"
            total = sum(self.elements[k] for k in found)
            lines.append(f"  {label}: {len(found)} rules, {total} elements")
            lines += [
                f"    {rule} [{impact}]: {self.elements[(impact, rule)]} elements"
                f" on {self.pages_with[(impact, rule)]} page loads"
                for impact, rule in found
            ]
        return lines


TALLY = AxeTally()


class AxeAudit:
    """Checks every page of ``origin`` shown in ``page`` and keeps what axe found."""

    def __init__(self, context: BrowserContext, page: Page, origin: str) -> None:
        self.page = page
        self.violations: list[Violation] = []
        #: Tokens of pages whose axe run has started and not yet reported.
        self.running: set[str] = set()
        self.checked = 0
        self.origin = origin
        self.endpoint = origin + ENDPOINT
        run = _RUN_ON_LOAD
        for name, value in (("ORIGIN", origin), ("TAGS", AXE_TAGS), ("ENDPOINT", ENDPOINT)):
            run = run.replace(f"__{name}__", json.dumps(value))
        context.add_init_script(AXE_SCRIPT.read_text(encoding="utf-8") + run)
        page.route(f"{origin}/**", self._on_request)
        #: Our HTML pages the browser finished loading: each should have reported.
        self.loads = 0
        page.on("load", self._on_load)

    def settle(self, reports: int = 0, wait_s: float = AXE_WAIT_S) -> None:
        """Wait until the page's running axe check has reported, and until ``reports`` pages in
        all have (a crawl passes one more than :attr:`checked` to await the page it opened)."""
        deadline = time.monotonic() + wait_s
        while (self.running or self.checked < reports) and time.monotonic() < deadline:
            self.page.wait_for_timeout(25)
        self.running.clear()

    def finish(self) -> None:
        """Await the last page's check; count the pages that loaded but never reported."""
        self.settle()
        TALLY.missed += max(self.loads - self.checked, 0)

    def failures(self) -> list[Violation]:
        return [v for v in self.violations if v.impact in FAILING_IMPACTS]

    def _record(self, report: dict[str, Any]) -> None:
        self.running.discard(report["token"])
        self.checked += 1
        TALLY.pages += 1
        path = report["url"].split("://", 1)[-1].split("/", 1)[-1]
        page = f"/{path} at {report['width']} px"
        for item in report["violations"]:
            violation = Violation(
                item["rule"], item["impact"], item["help"], page, tuple(item["targets"])
            )
            key = (violation.impact, violation.rule)
            TALLY.elements[key] += len(violation.targets)
            TALLY.pages_with[key] += 1
            self.violations.append(violation)

    def _on_load(self, page: Page) -> None:
        if page.url.startswith(self.origin + "/") and not NOT_HTML.search(page.url):
            self.loads += 1

    def _on_request(self, route: Route, request: Request) -> None:
        if request.url == self.endpoint:
            report = json.loads(request.post_data or "{}")
            if report.get("started"):
                self.running.add(report["token"])
            else:
                self._record(report)
            route.fulfill(status=204)
            return
        # Leaving a page: let its axe run finish first (the old document lives until then). A
        # download leaves the page in place, so its check goes on undisturbed.
        if (
            request.is_navigation_request()
            and request.frame.parent_frame is None
            and not NOT_HTML.search(request.url)
        ):
            self.settle(wait_s=HOLD_NAVIGATION_S)
        route.continue_()
