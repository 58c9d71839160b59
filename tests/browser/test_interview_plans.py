"""A hiring manager turns a role profile into a plan, reorders it, sees coverage, opens a kit."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_hiring_manager_builds_a_plan_and_opens_the_kit(page: Page) -> None:
    page.goto("/login")
    page.locator("#email").fill("manager@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Positions", exact=True).click()
    page.get_by_role("button", name="Open a position").click()
    page.get_by_label("Job title").fill("Account Executive, Enterprise")
    page.get_by_label("Role profile").select_option(label="Account Executive (v1)")
    page.get_by_label("Team (optional)").fill("Enterprise Sales")
    expect(page.get_by_label("Hiring manager")).to_have_value(re.compile(r"\d+"))
    page.get_by_role("button", name="Open position").click()

    expect(page.locator("h1")).to_have_text("Interview plan")
    expect(page.locator(".flash-success")).to_contain_text("Opened Account Executive, Enterprise")
    stages = page.locator("section.stage")
    expect(stages).to_have_count(4)
    expect(page.locator(".coverage-ok")).to_be_visible()

    first_stage = stages.nth(0)
    questions = first_stage.locator("ol.plan-questions > li .question-text")
    first_text = questions.nth(0).inner_text()
    second_text = questions.nth(1).inner_text()
    first_stage.get_by_role("button", name="Move question 1 down").click()
    expect(
        page.locator("section.stage").nth(0).locator("ol.plan-questions > li .question-text").nth(0)
    ).to_have_text(second_text)
    expect(
        page.locator("section.stage").nth(0).locator("ol.plan-questions > li .question-text").nth(1)
    ).to_have_text(first_text)

    # Dropping the role-play leaves objection handling (a must-have) assessed only once.
    page.once("dialog", lambda dialog: dialog.accept())
    role_play = page.locator("section.stage").filter(
        has=page.get_by_role("heading", name=re.compile(r"role-play$"))
    )
    role_play.get_by_role("button", name=re.compile(r"^Remove stage")).click()
    expect(page.locator("section.stage")).to_have_count(3)
    expect(page.locator(".coverage-warnings")).to_contain_text(
        "Objection handling & negotiation is a must-have but only one stage assesses it"
    )

    page.locator("section.stage").nth(0).get_by_role("button", name="Open kit").click()
    expect(page.locator(".kit-eyebrow")).to_contain_text("Interview kit · stage 1 of 3")
    kit_questions = page.locator("article.kit-question h3")
    expect(kit_questions.nth(0)).to_contain_text(second_text)
    expect(kit_questions.nth(1)).to_contain_text(first_text)
    expect(page.get_by_role("heading", name="Rate against these anchors")).to_be_visible()
    expect(page.locator("table.anchors").first).to_contain_text("Not assessed")
