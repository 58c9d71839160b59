"""Every demo login works end to end in a real browser: sign in, see your home page, sign out."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Locator, Page, expect

from hiring.demo import DEMO_PASSWORD

pytestmark = pytest.mark.browser

LOGIN_URL = re.compile(r"/login(\?.*)?$")
HOME_URL = re.compile(r"://[^/]+/$")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    first_name: str
    #: Section headings (h2) only this kind of user sees on the home page.
    sections: tuple[str, ...]
    #: Text that must appear inside the first of those sections.
    section_text: str | None = None
    admin: bool = False


DEMO_LOGINS = (
    DemoLogin("admin@example.com", "Avery", ("Accounts", "Recent activity"), admin=True),
    DemoLogin("recruiter@example.com", "Riley", ("Recruiting",)),
    DemoLogin("manager@example.com", "Morgan", ("Your team", "Your interviews"), "Jamie Ortiz"),
    DemoLogin("interviewer@example.com", "Jamie", ("Your interviews", "Your manager")),
    # Both plans run the AE and SDR templates' months 4-6 ramp: 180 days.
    DemoLogin("newhire@example.com", "Noah", ("Your first 180 days",), "Morgan Patel"),
    DemoLogin("lena.park@example.com", "Lena", ("Your first 180 days",), "Morgan Patel"),
)


def sign_in(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("#password").press("Enter")


def section(page: Page, heading: str) -> Locator:
    return page.locator("section.card").filter(
        has=page.get_by_role("heading", name=heading, exact=True, level=2)
    )


def admin_menu(page: Page) -> Locator:
    nav = page.get_by_role("navigation", name="Main")
    return nav.locator("summary").filter(has_text=re.compile(r"^\s*Admin\s*$"))


@pytest.mark.parametrize("demo", DEMO_LOGINS, ids=lambda d: d.email.split("@")[0])
def test_demo_login_home_and_sign_out(page: Page, demo: DemoLogin) -> None:
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()

    sign_in(page, demo.email)

    expect(page).to_have_url(HOME_URL)
    expect(page.locator("h1")).to_have_text(f"Hello, {demo.first_name}")
    for heading in demo.sections:
        expect(section(page, heading)).to_be_visible()
    if demo.section_text:
        expect(section(page, demo.sections[0])).to_contain_text(demo.section_text)

    if demo.admin:
        expect(admin_menu(page)).to_be_visible()
        admin_menu(page).click()
        expect(page.get_by_role("link", name="Users", exact=True)).to_be_visible()
        # An open Pico dropdown covers the page to catch outside clicks; Escape closes it.
        page.keyboard.press("Escape")
        expect(page.get_by_role("link", name="Users", exact=True)).to_be_hidden()
    else:
        expect(admin_menu(page)).to_have_count(0)
        expect(section(page, "Accounts")).to_have_count(0)

    page.locator('summary[aria-label^="Account menu"]').click()
    page.get_by_role("button", name="Sign out").click()

    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator(".flashes")).to_contain_text("You are signed out.")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # Signed out for real: the home page sends us back to the login page.
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)


def test_wrong_password_shows_generic_error(page: Page) -> None:
    page.goto("/login")
    sign_in(page, "admin@example.com", "not-the-password")

    expect(page.get_by_role("alert")).to_have_text(
        "That e-mail and password do not match an active account."
    )
    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#email")).to_have_value("admin@example.com")
    expect(page.locator("#password")).to_have_value("")
    expect(page.locator("header.app-header")).to_have_count(0)


def test_interviewer_gets_styled_403_on_admin_pages(page: Page) -> None:
    page.goto("/login")
    sign_in(page, "interviewer@example.com")
    expect(page.locator("h1")).to_have_text("Hello, Jamie")

    response = page.goto("/admin/users/")

    assert response is not None
    assert response.status == 403
    expect(page.locator("h1")).to_have_text("Not allowed")
    expect(page.locator(".error-page .code")).to_have_text("403")
    # The link is styled as a button (role="button").
    expect(page.get_by_role("button", name="Go to your home page")).to_be_visible()
