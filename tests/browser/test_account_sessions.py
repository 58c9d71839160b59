"""Someone signed in on a laptop and a phone sees both on their account page, signs the phone
out from the laptop, then signs out everywhere from the phone (1366 px and 390 px, axe-checked)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = pytest.mark.browser

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def _sign_in(tab: Page) -> None:
    tab.goto("/login")
    tab.locator("#email").fill("recruiter@example.com")
    tab.locator("#password").fill("demo")
    tab.locator("main button[type=submit]").click()
    expect(tab.locator("h1")).to_contain_text("Hello")


def test_signing_out_other_devices_from_the_account_page(
    page: Page, audited_context: Callable[..., BrowserContext]
) -> None:
    phone = audited_context(user_agent=IPHONE, viewport={"width": 390, "height": 844})
    pocket = phone.pages[0]
    _sign_in(pocket)
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page)

    page.goto("/account")
    sessions = page.locator("#sessions")
    expect(sessions.locator("li", has_text="This device")).to_contain_text("Chrome on Linux")
    phone_row = sessions.locator("li", has_text="Safari on iPhone")
    expect(phone_row).to_contain_text("Signed in")
    phone_row.get_by_role("button", name="Sign out Safari on iPhone").click()
    expect(page.locator(".flash-success")).to_have_text("Signed out Safari on iPhone.")
    expect(sessions.locator("li", has_text="Safari on iPhone")).to_have_count(0)

    pocket.reload()
    expect(pocket.get_by_role("heading", name="Sign in")).to_be_visible()  # the phone is out
    _sign_in(pocket)
    pocket.goto("/account")
    expect(pocket.locator("#sessions li", has_text="This device")).to_contain_text("iPhone")
    pocket.get_by_role("button", name="Sign out everywhere", exact=True).click()
    expect(pocket.locator(".flashes")).to_contain_text("You are signed out everywhere.")

    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()  # the laptop too
