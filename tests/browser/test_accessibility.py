"""Each demo role's pages pass axe-core at desktop and phone widths.

Every browser test's pages are checked by axe (``tests/browser/axe_audit.py``); this one makes
sure all of a role's pages are visited: it signs in, then follows the links of the home page and
of every page they lead to, three clicks deep, one page per kind of URL (``/candidates/7`` stands
for every candidate), and loads each at 1366 px and at 390 px. The ``page`` fixture fails it at
teardown on any serious or critical violation, listing rule, page and elements.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from hiring.demo import DEMO_PASSWORD
from tests.browser.axe_audit import TALLY, AxeAudit

pytestmark = pytest.mark.browser

WIDTHS = (1366, 390)
#: How many clicks from the home page the crawl goes.
DEPTH = 3
#: Links that are not pages: downloads, feeds, files, sign-out, health check.
NOT_PAGES = re.compile(r"\.(pdf|ics|csv)$|/resumes/|/logout$|/healthz$|^/static/")

#: The kinds of page each role must reach (as URL patterns), so the crawl cannot quietly shrink.
MUST_REACH = {
    "admin": {"/", "/admin/users/", "/admin/users/N", "/admin/audit/", "/admin/outbox/",
              "/admin/outbox/N", "/library/", "/library/roles/K", "/library/competencies/K",
              "/positions/N", "/candidates/N", "/applications/N"},
    "recruiter": {"/", "/positions/", "/positions/N", "/positions/N/pipeline",
                  "/positions/N/plan", "/positions/N/compare", "/candidates/", "/candidates/N",
                  "/applications/N", "/applications/N/debrief", "/interviews/N"},
    "manager": {"/", "/positions/N", "/positions/N/compare", "/applications/N",
                "/applications/N/debrief", "/interviews/N", "/onboarding/",
                "/onboarding/plans/N"},
    "interviewer": {"/", "/interviews/mine", "/interviews/N", "/interviews/N/kit",
                    "/interviews/N/scorecard"},
    "newhire": {"/", "/onboarding/plans/N"},
}  # fmt: skip


def kind(path: str) -> str:
    """The URL pattern a page stands for: ids become N, library keys K."""
    path = re.sub(r"/\d+(?=/|$)", "/N", path)
    return re.sub(r"^(/library/(?:roles|competencies))/[^/]+", r"\1/K", path)


def links(page: Page, origin: str) -> list[str]:
    hrefs: list[str] = page.locator("a[href]").evaluate_all("as => as.map(a => a.href)")
    paths = []
    for href in hrefs:
        url = urlsplit(href)
        if f"{url.scheme}://{url.netloc}" == origin and not NOT_PAGES.search(url.path):
            paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def crawl(page: Page, axe_audit: AxeAudit, origin: str) -> dict[str, str]:
    """Visit the role's pages at the first width; return one path per kind of page."""
    found = {"/": "/"}
    frontier = ["/"]
    for _ in range(DEPTH + 1):
        following: list[str] = []
        for path in frontier:
            visit(page, axe_audit, path)
            for link in links(page, origin):
                link_kind = kind(urlsplit(link).path)
                if link_kind not in found:
                    found[link_kind] = link
                    following.append(link)
        frontier = following
    return found


def visit(page: Page, axe_audit: AxeAudit, path: str) -> None:
    reports = axe_audit.checked + 1
    response = page.goto(path)
    assert response is not None and response.ok, f"{path} answered {response and response.status}"
    axe_audit.settle(reports)


@pytest.mark.parametrize("role", list(MUST_REACH))
def test_every_page_of_a_role_passes_axe(
    page: Page, axe_audit: AxeAudit, live_server: str, role: str
) -> None:
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})
    page.goto("/login")
    page.locator("#email").fill(f"{role}@example.com")
    page.locator("#password").fill(DEMO_PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Hello")

    pages = crawl(page, axe_audit, live_server)
    for width in WIDTHS[1:]:
        page.set_viewport_size({"width": width, "height": 844})
        for path in pages.values():
            visit(page, axe_audit, path)

    TALLY.crawled[role] = len(pages)
    missing = MUST_REACH[role] - set(pages)
    assert not missing, f"the crawl did not reach {sorted(missing)}; it found {sorted(pages)}"
