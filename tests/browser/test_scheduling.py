"""Scheduling in a real browser: the people picker's search and ticks, and a stage change that
brings that stage's minutes and interviewers, then the booking with exactly those people."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from playwright.sync_api import Locator, Page, expect
from sqlalchemy import select

from hiring.db import db
from hiring.positions import queries as position_queries
from hiring.positions.models import Position, PositionStatus
from tests import builders

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Stage:
    id: int
    name: str
    minutes: int
    people: frozenset[str]


@dataclass(frozen=True)
class Setup:
    application_id: int
    at: Stage
    other: Stage
    extra: str  # someone offered who is neither stage's default interviewer


def _setup(app: Flask) -> Setup:
    """A new candidate at the second stage of an open demo position, and a later stage whose
    minutes and default interviewers differ (read from the data, not assumed)."""
    with app.app_context():
        positions = db.session.scalars(
            select(Position).where(Position.status == PositionStatus.OPEN).order_by(Position.id)
        )
        for position in positions:
            plan = position.current_plan
            stages = [
                Stage(
                    s.id, s.name, s.duration_minutes, frozenset(u.name for u in s.interviewer_users)
                )
                for s in (plan.stages if plan else [])
            ]
            others = [
                s
                for s in stages[2:]
                if len(stages) > 2
                and s.minutes != stages[1].minutes
                and s.people != stages[1].people
                and s.people
            ]
            if others:
                break
        else:
            pytest.fail("the demo needs an open position whose stages differ in defaults")
        offered = [u.name for u in position_queries.interviewer_choices()]
        extra = next(n for n in offered if n not in stages[1].people | others[0].people)
        ref = builders.application(position.id, name="Robin Ashworth", stage_index=1)
        db.session.remove()
    return Setup(ref.id, stages[1], others[0], extra)


def _ticked(picker: Locator) -> set[str]:
    names = picker.locator("li:has(input:checked) .picker-name").all_inner_texts()
    return {n.strip() for n in names}


def test_pick_people_change_the_stage_and_book(page: Page, live_app: Flask) -> None:
    setup = _setup(live_app)
    # Not about training: the booked panel is qualified, so no warning holds the booking up.
    with live_app.app_context():
        signoffs = builders.qualify_named(*setup.other.people, setup.extra)
        db.session.remove()
    try:
        _pick_change_and_book(page, setup)
    finally:
        with live_app.app_context():
            builders.withdraw_signoffs(signoffs)
            db.session.remove()


def _pick_change_and_book(page: Page, setup: Setup) -> None:
    page.goto("/login")
    page.locator("#email").fill("recruiter@example.com")
    page.locator("#password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/interviews/schedule/{setup.application_id}")

    # It opens on the stage the candidate is at, with that stage's minutes and interviewers.
    expect(page.get_by_label("Stage")).to_have_value(str(setup.at.id))
    expect(page.get_by_label("Minutes")).to_have_value(str(setup.at.minutes))
    picker = page.get_by_role("group", name="Interviewers")
    assert _ticked(picker) == setup.at.people
    count = picker.locator(".picker-count")
    expect(count).to_have_text(f"{len(setup.at.people)} selected")

    # Search narrows the list to the match; the ticked stay in view.
    search = picker.get_by_role("searchbox")
    search.fill(setup.extra.split()[-1].lower())
    expect(picker.get_by_label(setup.extra)).to_be_visible()
    visible = picker.locator("li[data-search]:visible")
    expect(visible).to_have_count(len(setup.at.people) + 1)
    picker.get_by_label(setup.extra).check()
    expect(count).to_have_text(f"{len(setup.at.people) + 1} selected")
    # Enter in the search box (as a phone keyboard's "Go") must not submit the half-filled form.
    assert search.evaluate(
        "box => !box.dispatchEvent(new KeyboardEvent('keydown',"
        " {key: 'Enter', bubbles: true, cancelable: true}))"
    )

    # Another stage brings its own minutes and interviewers.
    page.get_by_label("Stage").select_option(str(setup.other.id))
    expect(page.get_by_label("Minutes")).to_have_value(str(setup.other.minutes))
    expect(count).to_have_text(f"{len(setup.other.people)} selected")
    assert _ticked(picker) == setup.other.people
    picker.get_by_label(setup.extra).check()
    expect(count).to_have_text(f"{len(setup.other.people) + 1} selected")

    day = datetime.now(UTC).date() + timedelta(days=8)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("11:00")
    page.locator("main button[type=submit]").click()

    expect(page.locator(".flash-success")).to_contain_text(f"Scheduled {setup.other.name}")
    booked = page.locator("dt:text-is('Interviewers') + dd").inner_text()
    assert {n.strip() for n in booked.split(",")} == setup.other.people | {setup.extra}
    expect(page.locator("main")).to_contain_text(f" · {setup.other.minutes} min · ")
