"""Ramp beyond 90 days (issue 16, item 7): a role template may add a fourth phase, months 4-6
(days 91-180), which brings the day-120/150/180 check-ins; the shipped AE and SDR templates do.
A template without ramp content makes the same 90-day plan as before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.library.schema import ItemKind, Phase
from hiring.library.validation import validate_directory
from hiring.onboarding.models import CheckIn, OnboardingPlan, Progress
from hiring.onboarding.queries import PlanSummary
from hiring.onboarding.services import checkins, plans
from tests import builders
from tests.builders import PLAN_START, PLAN_TEMPLATE
from tests.support.library_files import role_toml, write_library

RAMP_ITEM = """
[[onboarding.items]]
phase = "{phase}"
day = {day}
title = "Month-4 deal review"
description = "Review the pipeline."
kind = "deliverable"
owner = "new_hire"
"""
RAMP_GOAL = """
[[onboarding.goals]]
phase = "{phase}"
outcome = "Reach full quota"
metric = "Attainment of full quota"
target = 100
unit = "percent"
due_day = {day}
"""


def _errors(tmp_path, extra: str) -> list[str]:
    directory = write_library(tmp_path / "scorecards")
    (directory / "roles" / "account_executive.toml").write_text(role_toml() + extra)
    return [str(p) for p in validate_directory(directory).errors]


# --- The library -------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [91, 135, 180])
def test_ramp_items_and_goals_on_days_91_to_180_are_valid(tmp_path, day):
    extra = RAMP_ITEM.format(phase="ramp", day=day) + RAMP_GOAL.format(phase="ramp", day=day)
    assert _errors(tmp_path, extra) == []


def test_only_the_ramp_phase_runs_past_day_90(tmp_path):
    errors = _errors(tmp_path, RAMP_ITEM.format(phase="own", day=120))
    assert errors == [
        "roles/account_executive.toml: onboarding.items[1].day: day 120 is past day 90: only "
        'the ramp phase (phase = "ramp", days 91-180) runs past it, and this entry is in the '
        "own phase (days 61-90)"
    ]
    errors = _errors(tmp_path, RAMP_GOAL.format(phase="learn", day=150))
    assert errors == [
        "roles/account_executive.toml: onboarding.goals[1].due_day: day 150 is past day 90: "
        'only the ramp phase (phase = "ramp", days 91-180) runs past it, and this entry is in '
        "the learn phase (days 1-30)"
    ]


def test_nothing_in_the_ramp_comes_before_day_91_or_after_day_180(tmp_path):
    assert _errors(tmp_path, RAMP_ITEM.format(phase="ramp", day=75)) == [
        "roles/account_executive.toml: onboarding.items[1].day: day 75 is outside the ramp "
        "phase (days 91-180)"
    ]
    assert _errors(tmp_path, RAMP_GOAL.format(phase="ramp", day=181)) == [
        "roles/account_executive.toml: onboarding.goals[1].due_day: Input should be less than "
        "or equal to 180"
    ]


def test_the_shipped_ae_and_sdr_templates_have_a_ramp_and_the_others_do_not():
    for key in ("account_executive", "sdr"):
        template = builders.shipped_onboarding(key)
        assert plans.has_ramp(template), key
        goals = [g for g in template["goals"] if g["phase"] == "ramp"]
        assert len(goals) >= 3 and {g["due_day"] for g in goals} <= set(range(91, 181))
        # The coaching cadence holds 1:1s after day 90: no 1:1 items in the ramp.
        assert not [i for i in template["items"] if i["day"] > 90 and i["kind"] == "one_on_one"]
    for key in ("account_manager", "customer_success_manager", "sales_manager"):
        assert not plans.has_ramp(builders.shipped_onboarding(key)), key


# --- Making the plan ---------------------------------------------------------------------------


def _plan(template, start=PLAN_START, **people) -> OnboardingPlan:
    manager = db.session.get(User, builders.user(roles=["hiring_manager"], name="Morgan Patel").id)
    new_hire = db.session.get(User, builders.user(roles=["new_hire"], name="Noah Kim").id)
    plan = plans.create_plan(
        new_hire=new_hire,
        manager=manager,
        buddy=None,
        start=start,
        template=template,
        template_source="test",
        title="Noah's plan",
        actor=manager,
    )
    db.session.commit()
    return plan


def test_a_plan_from_the_ae_template_has_the_ramp_its_goals_and_monthly_check_ins(app):
    with app.app_context():
        plan = _plan(builders.shipped_onboarding("account_executive"))
        assert plan.has_ramp and plan.last_day == 180
        assert list(plan.phases) == [Phase.LEARN, Phase.CONTRIBUTE, Phase.OWN, Phase.RAMP]
        assert [c.milestone for c in plan.checkins] == [30, 60, 90, 120, 150, 180]
        day_180 = plan.checkins[-1]
        assert day_180.due_date >= PLAN_START + timedelta(days=179)
        assert day_180.phase_label == "Ramp month 6"
        ramp_goals = {g.outcome: g for g in plan.goals if g.phase == Phase.RAMP}
        assert ramp_goals["Reach full quota"].target == 100
        assert ramp_goals["Reach full quota"].due_date >= PLAN_START + timedelta(days=179)
        assert "Reach 75% of full quota" in ramp_goals and "Win a multi-threaded deal" in ramp_goals
        ramp_items = [i for i in plan.items if i.phase == Phase.RAMP]
        assert ramp_items and all(91 <= i.day <= 180 for i in ramp_items)
        assert "Multi-threaded deal map" in {i.title for i in ramp_items}


def test_no_weekly_one_on_one_items_are_generated_past_day_90(app):
    with app.app_context():
        plan = _plan(builders.shipped_onboarding("sdr"))
        weekly = [i for i in plan.items if i.generated]
        assert weekly and all(i.kind == ItemKind.ONE_ON_ONE for i in weekly)
        assert max(i.day for i in weekly) <= 90
        assert not [i for i in plan.items if i.phase == Phase.RAMP and i.generated]
        assert [c.milestone for c in plan.checkins] == [30, 60, 90, 120, 150, 180]


def test_a_plan_without_ramp_content_is_the_90_day_plan_it_always_was(app):
    with app.app_context():
        plan = _plan(PLAN_TEMPLATE)
        assert not plan.has_ramp and plan.last_day == 90
        assert list(plan.phases) == [Phase.LEARN, Phase.CONTRIBUTE, Phase.OWN]
        assert [c.milestone for c in plan.checkins] == [30, 60, 90]
        assert plan.milestones_text == "30, 60 and 90"
        summary = PlanSummary(plan, today=PLAN_START + timedelta(days=99))
        assert summary.current_phase is None and summary.focus_phase == Phase.OWN
        assert summary.day_label == "ended"


def test_a_ramp_plan_counts_to_day_180_and_completes_after_its_last_phase(app):
    with app.app_context():
        plan = _plan(builders.shipped_onboarding("account_executive"))
        day_100 = PlanSummary(plan, today=PLAN_START + timedelta(days=99))
        assert day_100.current_phase == Phase.RAMP and day_100.focus_phase == Phase.RAMP
        assert day_100.day_label == "100 / 180" and day_100.timing.endswith("day 100 of 180")
        after = PlanSummary(plan, today=PLAN_START + timedelta(days=180))
        assert after.current_phase is None and after.focus_phase == Phase.RAMP
        assert after.day_label == "ended" and "day 180 was" in after.timing


def test_ramp_check_ins_are_rated_by_both_and_signed_off_like_the_others(app):
    with app.app_context():
        plan = _plan(builders.shipped_onboarding("account_executive"))
        day_120 = db.session.scalar(
            select(CheckIn).where(CheckIn.plan_id == plan.id, CheckIn.milestone == 120)
        )
        checkins.rate_checkin(day_120, by=plan.new_hire, rating=Progress.ON_TRACK, comment="")
        checkins.rate_checkin(day_120, by=plan.manager, rating=Progress.AT_RISK, comment="")
        checkins.sign_off(day_120, by=plan.manager)
        db.session.commit()
        assert day_120.signed_off_at is not None and day_120.both_rated


def test_a_manager_adding_a_day_120_goal_to_a_ramp_plan_files_it_in_the_ramp(app):
    """Goals and items added by hand land in the plan's own phases: the ramp when it has one,
    Own (as before) when it has not."""
    from hiring.onboarding.services import goals

    with app.app_context():
        for template, phase in (
            (builders.shipped_onboarding("account_executive"), Phase.RAMP),
            (PLAN_TEMPLATE, Phase.OWN),
        ):
            plan = _plan(template)
            goal = goals.add_goal(
                plan,
                expected_version=plan.version,
                outcome="Second multi-threaded deal",
                metric="Deals",
                target=1,
                unit="deals",
                due=PLAN_START + timedelta(days=119),
                actor=plan.manager,
            )
            assert goal.phase == phase
            db.session.rollback()


# --- The pages and the feed --------------------------------------------------------------------


@pytest.fixture
def ramp_plan(app, loaded_library):
    """Noah's plan from the shipped AE template, on day 100 (in the ramp)."""
    with app.app_context():
        return builders.onboarding_plan(
            template=builders.shipped_onboarding("account_executive"),
            start=utcnow().date() - timedelta(days=99),
        )


def test_the_plan_page_shows_the_ramp_phase_open_and_its_check_ins(client, login, ramp_plan):
    login(ramp_plan.manager)
    page = client.get(f"/onboarding/plans/{ramp_plan.plan_id}").get_data(as_text=True)
    assert re.search(r"day (99|100|101) of 180", page)
    ramp = page[page.index('id="phase-ramp"') :]
    assert ramp.split(">", 1)[0].endswith(" open")  # the current phase opens
    assert "Ramp: months 4–6" in ramp and "days 91–180 · 1:1s continue in coaching" in ramp
    assert "Weekly 1:1s stop being plan items after day 90" in ramp
    assert "Multi-threaded deal map" in ramp
    checkins_section = page[page.index('id="checkins"') :]
    assert "At days 30, 60, 90, 120, 150 and 180 you both rate" in checkins_section
    for milestone, month in ((120, 4), (150, 5), (180, 6)):
        assert f"Day {milestone} · Ramp month {month}" in checkins_section
    assert "Reach full quota" in page


def test_a_plan_page_without_a_ramp_shows_three_phases(client, login, make_plan):
    manager, _new_hire, plan_id = make_plan()
    login(manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert 'id="phase-own"' in page and 'id="phase-ramp"' not in page
    assert "Ramp: months" not in page and "At days 30, 60 and 90 you both rate" in page


def test_the_index_and_home_say_day_n_of_180(client, login, ramp_plan):
    login(ramp_plan.new_hire)
    index = client.get("/onboarding/").get_data(as_text=True)
    assert re.search(r"Day (99|100|101) of 180", index)
    home = client.get("/").get_data(as_text=True)
    assert re.search(r"day (99|100|101) of 180, Ramp phase", home)
    builders.switch_to(client, ramp_plan.manager)
    index = client.get("/onboarding/").get_data(as_text=True)
    assert re.search(r"(99|100|101) / 180", index)


def test_the_new_plan_preview_heads_ramp_items_with_the_ramp(app, client, login, tmp_path):
    directory = write_library(tmp_path / "scorecards")
    role = directory / "roles" / "account_executive.toml"
    with app.app_context():
        manager = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        builders.library(directory)
    login(manager)
    preview = "/onboarding/new?start_date=2027-01-11"
    page = client.get(preview).get_data(as_text=True)
    assert "Preview (" in page and "Ramp: months" not in page
    role.write_text(role_toml() + RAMP_ITEM.format(phase="ramp", day=120))
    with app.app_context():
        builders.library(directory)
    page = client.get(preview).get_data(as_text=True)
    ramp = page[page.index("<h3>Ramp: months 4–6</h3>") :]
    assert "Month-4 deal review" in ramp and "Weekly 1:1" not in ramp


def test_the_calendar_feed_carries_the_ramp_items_and_check_ins(app, client, login, ramp_plan):
    login(ramp_plan.new_hire)
    client.post("/onboarding/calendar", data={"action": "create"})
    page = client.get("/account").get_data(as_text=True)
    feed_url = page.split('class="feed-url">')[1].split("<")[0].replace("http://localhost", "")
    calendar = Calendar.from_ical(app.test_client().get(feed_url).data)
    events = {str(e["summary"]): str(e.get("description", "")) for e in calendar.walk("VEVENT")}
    assert "Day-150 check-in" in events and "Day-180 check-in" in events
    assert events["Day-150 check-in"].startswith("Ramp month 5: both of you rate progress")
    assert "Multi-threaded deal map" in events
