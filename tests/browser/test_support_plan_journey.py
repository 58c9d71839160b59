"""A support plan from start to recorded end, in the browser: both sides rate the day-60
check-in off track; the manager takes the offer on that check-in and writes the plan (diagnosis
first, three SMART expectations, the support, a 30-day window); the rep sees all of it on their
coaching page and acknowledges it with a comment; the manager holds the weekly check-ins and, at
the window's last day, records that the plan was met; both sides see the end, and the packet
prints it.

The app has no clock to move, so the world is dated for it: the rep started 95 days ago, and the
plan's window runs from 30 days ago to today, so every weekly check-in has a real past date and
today is the window's last day (the outcome is recorded at its end).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import BrowserContext, Locator, Page, expect
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import Role, User, UserRole
from hiring.coaching.models import Diagnosis, SupportOutcome, SupportPlan, SupportStatus
from hiring.db import db
from hiring.mail.models import OutboxMessage
from hiring.onboarding.models import Progress
from tests.builders import PASSWORD, plan_for_rep, reader_today, user
from tests.support.pdf import flat, text_of

pytestmark = pytest.mark.browser

#: WeasyPrint is slow on a loaded machine: the packet waits on its own download event.
RENDER_TIMEOUT_MS = 60_000
#: Days from the plan's first day to each weekly check-in (the window is 30 days long).
CHECKIN_DAYS = (6, 13, 20, 27, 30)
EXPECTATIONS = (
    ("Run discovery to the standard on every first call", "discovery calls scored 3+", "12"),
    ("Build a qualified pipeline", "qualified opportunities", "6"),
    ("Book second meetings", "second meetings held", "4"),
)


def sign_in(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Hello")


def rate_day_60_off_track(page: Page, plan_url: str, comment: str) -> None:
    """On the plan page, open the day-60 rating (not the next milestone: folded) by keyboard."""
    page.goto(plan_url)
    day60 = page.locator("#checkin-60")
    summary = day60.locator("summary", has_text="Rate it now")
    summary.focus()
    page.keyboard.press("Enter")
    day60.get_by_label("Off track").focus()
    page.keyboard.press("Space")
    day60.get_by_label("Comment").fill(comment)
    day60.get_by_role("button", name="Save my day-60 rating").click()
    expect(page.locator(".flash-success")).to_contain_text("Your day-60 rating is saved.")


def record_checkin(
    page: Page, held_on: date, progress: str, notes: str, figures: tuple[str, ...]
) -> None:
    """This week's check-in (``progress``: "On track", "At risk"...), with the latest figure
    for each expectation."""
    form = page.locator("#add-checkin")
    form.locator("summary").click()
    form.get_by_label("Date").fill(held_on.isoformat())
    form.get_by_label(progress, exact=True).check()
    form.get_by_label("Notes").fill(notes)
    for (_outcome, metric, _target), figure in zip(EXPECTATIONS, figures, strict=True):
        form.get_by_label(metric, exact=False).fill(figure)
    form.get_by_role("button", name="Record the check-in").click()
    expect(page.locator(".flash-success")).to_have_text("Check-in recorded.")


def download(page: Page, name: str) -> bytes:
    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as info:
        page.get_by_role("link", name=name).click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def sees_the_whole_plan(main: Locator) -> None:
    """What the rep (and anyone reading a started plan) sees: nothing is held back."""
    expect(main.locator("#diagnosis")).to_contain_text("Skill gap: wants to, cannot yet")
    expect(main.locator("#diagnosis")).to_contain_text("Discovery stops at the first answer")
    expect(main.locator("#diagnosis")).to_contain_text("Training: Discovery workshop, two sessions")
    expect(main.locator("#diagnosis")).to_contain_text("Extra ride-alongs: One a week")
    expect(main.locator("#diagnosis")).to_contain_text("Coaching sessions: Call review on Fridays")
    rows = main.locator("#expectations tbody tr")
    expect(rows).to_have_count(len(EXPECTATIONS))
    for n, (outcome, metric, target) in enumerate(EXPECTATIONS):
        expect(rows.nth(n)).to_contain_text(outcome)
        expect(rows.nth(n)).to_contain_text(metric)
        expect(rows.nth(n)).to_contain_text(target)


def a_month_passes(app: Flask, rep_id: int) -> None:
    """Thirty days go by: the running plan's window, its expectations' dates and the moments
    it was started and acknowledged move back by a month."""
    month = timedelta(days=30)
    with app.app_context():
        plan = db.session.scalar(select(SupportPlan).where(SupportPlan.rep_id == rep_id))
        assert plan is not None
        plan.starts_on, plan.ends_on = plan.starts_on - month, plan.ends_on - month
        for expectation in plan.expectations:
            expectation.due_on -= month
        for moment in ("created_at", "hr_informed_at", "manager_acknowledged_at",
                       "rep_acknowledged_at"):  # fmt: skip
            if getattr(plan, moment) is not None:
                setattr(plan, moment, getattr(plan, moment) - month)
        db.session.commit()
        db.session.remove()


def test_off_track_day_60_to_a_met_support_plan(
    page: Page, live_app: Flask, audited_context: Callable[..., BrowserContext]
) -> None:
    today = reader_today()
    first_day = today - timedelta(days=30)
    window_end = today + timedelta(days=30)
    with live_app.app_context():
        manager = user(roles=[Role.HIRING_MANAGER], name="Quinn Ellis")
        rep = user(roles=[Role.NEW_HIRE], name="Dana Mercer", manager_id=manager.id, title="AE")
        plan_id = plan_for_rep(rep, start=today - timedelta(days=95))
        hr = list(
            db.session.scalars(select(User.email).join(UserRole).where(UserRole.role == Role.ADMIN))
        )
        db.session.remove()
    plan_url = f"/onboarding/plans/{plan_id}"

    # The day-60 check-in: each rates it on their own, both off track.
    rep_tab = audited_context().pages[0]
    sign_in(rep_tab, rep.email)
    rate_day_60_off_track(rep_tab, plan_url, "Discovery calls keep stalling.")
    sign_in(page, manager.email)
    rate_day_60_off_track(page, plan_url, "Pipeline is a third of target.")

    # The offer is on the check-in itself; the form says what offered it.
    day60 = page.locator("#checkin-60")
    expect(day60).to_contain_text("Discovery calls keep stalling.")
    day60.get_by_role("link", name="Open a support plan").click()
    expect(page.locator("h1")).to_have_text("Open a support plan for Dana Mercer")
    expect(page.locator("main")).to_contain_text(
        "Offered because the day-60 check-in was rated at risk or off track."
    )
    form = page.locator("main form")
    form.get_by_label("Skill gap: wants to, cannot yet").check()
    form.get_by_label("What you saw").fill(
        "Discovery stops at the first answer; the ride-along on 3 calls showed no follow-up"
        " questions."
    )
    form.get_by_label("Training").fill("Discovery workshop, two sessions")
    form.get_by_label("Extra ride-alongs").fill("One a week")
    form.get_by_label("Coaching sessions").fill("Call review on Fridays")
    # The window lies ahead when the plan starts (30 days from today); the weekly check-ins
    # come after "a month passes" below, which moves the plan's dates back by 30 days.
    form.get_by_label("First day").fill(today.isoformat())
    form.get_by_label("Last day").fill(window_end.isoformat())
    form.get_by_role("button", name="Save the draft").click()
    expect(page.locator(".flash-success")).to_contain_text("now write 2 to 4 expectations")
    expect(page.locator(".badge.support-draft")).to_have_text("Draft")
    plan_page = page.url.split("#")[0]

    # Starting with fewer than two expectations is refused; then three are written.
    adder = page.locator("#add-expectation")
    outcome, metric, target = EXPECTATIONS[0]
    adder.get_by_label("Outcome").fill(outcome)
    adder.get_by_label("Metric").fill(metric)
    adder.get_by_label("Target").fill(target)
    adder.get_by_label("Unit").fill("calls")
    adder.get_by_label("By").fill(window_end.isoformat())
    adder.get_by_role("button", name="Add").click()
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".flash-error")).to_contain_text(
        "starts with 2 to 4 expectations; this one has 1"
    )
    for outcome, metric, target in EXPECTATIONS[1:]:
        adder = page.locator("#add-expectation")
        if adder.get_attribute("open") is None:  # open while fewer than two
            adder.locator("summary").click()
        adder.get_by_label("Outcome").fill(outcome)
        adder.get_by_label("Metric").fill(metric)
        adder.get_by_label("Target").fill(target)
        adder.get_by_label("By").fill(window_end.isoformat())
        adder.get_by_role("button", name="Add").click()
        expect(page.locator("#expectations tbody")).to_contain_text(outcome)
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".flash-success")).to_contain_text(
        "Started: HR is informed, and Dana sees the plan and is asked to acknowledge it."
    )
    expect(page.locator(".badge.support-active")).to_have_text("Running")
    page.get_by_role("button", name="I have read this plan").click()
    expect(page.locator("#acknowledgements")).to_contain_text("Quinn Ellis: acknowledged")

    # The rep finds it from their own coaching page, sees everything, acknowledges it.
    nav = rep_tab.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Coaching", exact=True).click()
    expect(rep_tab.locator("h1")).to_have_text("Your coaching")
    banner = rep_tab.locator("#support-plan-banner")
    expect(banner).to_contain_text("30 days left")
    banner.get_by_role("link", name="Support plan").click()
    expect(rep_tab.locator("h1")).to_have_text("Support plan: Dana Mercer")
    sees_the_whole_plan(rep_tab.locator("main"))
    expect(rep_tab.locator("#acknowledgements")).to_contain_text("Dana Mercer: not yet")
    expect(rep_tab.get_by_role("button", name="Record the check-in")).to_have_count(0)
    rep_tab.get_by_label("Your comment").fill(
        "I agree with the diagnosis; I want the Friday call reviews to start this week."
    )
    rep_tab.get_by_role("button", name="I have read this plan").click()
    expect(rep_tab.locator(".flash-success")).to_have_text("Acknowledged.")
    expect(rep_tab.locator("#acknowledgements")).to_contain_text("Dana Mercer: acknowledged")
    expect(rep_tab.get_by_role("button", name="I have read this plan")).to_have_count(0)

    # A month passes: the app has no clock to move, so the plan's dates move back instead.
    a_month_passes(live_app, rep.id)

    # Weekly check-ins: figures climb until every target is met.
    page.goto(plan_page)
    expect(page.locator("#acknowledgements")).to_contain_text("the Friday call reviews")
    weekly = [
        ("At risk", ("3", "1", "0")),
        ("At risk", ("6", "2", "1")),
        ("On track", ("8", "4", "2")),
        ("On track", ("10", "5", "3")),
        ("On track", ("12", "6", "4")),
    ]
    for week, (days, (progress, figures)) in enumerate(zip(CHECKIN_DAYS, weekly, strict=True)):
        held_on = first_day + timedelta(days=days)
        record_checkin(page, held_on, progress, f"Week {week + 1}: reviewed calls.", figures)
    weeks = page.locator("table.support-weeks tbody tr")
    expect(weeks).to_have_count(5)
    expect(page.locator("table.support-weeks .badge-status-failed")).to_have_count(0)
    expect(page.locator("#expectations tbody .badge", has_text="Met")).to_have_count(3)

    # At the window's end the manager records "met".
    record = page.locator("#record-outcome")
    record.locator("summary").click()
    record.get_by_label("Met: expectations achieved").check()
    record.get_by_label("Why").fill("All three expectations met by the last day.")
    record.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".flash-success")).to_have_text("Outcome recorded; HR is informed.")
    expect(page.locator(".badge.support-closed")).to_have_text("Ended")
    expect(page.locator("#outcome")).to_contain_text("Met: expectations achieved")
    expect(page.get_by_role("button", name="Record the check-in")).to_have_count(0)

    # The rep sees the end too; the plan moves to the history of their coaching page.
    rep_tab.goto(plan_page)
    expect(rep_tab.locator("#outcome")).to_contain_text("Met: expectations achieved")
    expect(rep_tab.locator("#outcome")).to_contain_text("All three expectations met")
    sees_the_whole_plan(rep_tab.locator("main"))
    rep_tab.get_by_role("link", name="Dana Mercer: coaching").click()
    expect(rep_tab.locator("#support-plan-banner")).to_have_count(0)

    packet = flat(text_of(download(page, "Print (PDF)"))[0])
    for phrase in (
        "Support plan: Dana Mercer",
        "Skill gap: wants to, cannot yet",
        "Discovery workshop, two sessions",
        *(outcome for outcome, _metric, _target in EXPECTATIONS),
        "Week 5: reviewed calls.",
        "Met: expectations achieved",
        "the Friday call reviews",
        "Dana Mercer (rep)",
        "Quinn Ellis (manager)",
    ):
        assert phrase in packet, phrase

    with live_app.app_context():
        stored = db.session.scalar(select(SupportPlan).where(SupportPlan.rep_id == rep.id))
        assert stored is not None
        assert (stored.status, stored.outcome) == (SupportStatus.CLOSED, SupportOutcome.MET)
        assert stored.diagnosis == Diagnosis.SKILL_GAP
        assert (stored.starts_on, stored.ends_on) == (first_day, today)
        assert stored.checkin is not None and stored.checkin.milestone == 60
        assert stored.checkin.new_hire_rating == stored.checkin.manager_rating == Progress.OFF_TRACK
        assert [e.actual for e in stored.expectations] == [12, 6, 4]
        assert [c.held_on for c in stored.checkins] == [
            first_day + timedelta(days=d) for d in CHECKIN_DAYS
        ]
        assert [c.progress for c in stored.checkins] == [Progress.AT_RISK] * 2 + [
            Progress.ON_TRACK
        ] * 3
        assert stored.rep_acknowledged_at and stored.manager_acknowledged_at
        assert stored.rep_comment.startswith("I agree with the diagnosis")
        assert stored.hr_informed_at is not None and stored.closed_by_id == manager.id
        actions = set(
            db.session.scalars(
                select(AuditEvent.action).where(
                    AuditEvent.object_type == "coaching_support_plans",
                    AuditEvent.object_id == stored.id,
                )
            )
        )
        told = set(
            db.session.scalars(
                select(OutboxMessage.to_address).where(
                    OutboxMessage.subject == "Support plan ended: Dana Mercer (met)"
                )
            )
        )
        db.session.remove()
    assert {
        "coaching.support_plan_drafted",
        "coaching.support_plan_started",
        "coaching.support_plan_acknowledged",
        "coaching.support_checkin",
        "coaching.support_plan_ended",
    } <= actions
    assert told == set(hr)
