"""The plan page as it is used every day: this week first, goals and phases, owners by name,
future starts and plurals in words, and each item rendered once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from hiring import calendar
from hiring.auth.models import User
from hiring.db import db
from hiring.onboarding.models import Goal, OnboardingPlan
from hiring.onboarding.services import plans
from hiring.onboarding.wording import amount, quantity, singular
from tests.builders import log_in, reader_today


@pytest.mark.parametrize(
    ("value", "unit", "said"),
    [
        (1, "deals", "1 deal"),
        (2, "deals", "2 deals"),
        (0, "deals", "0 deals"),
        (1, "opportunities", "1 opportunity"),
        (1.5, "opportunities", "1.5 opportunities"),
        (1, "sessions per rep", "1 session per rep"),
        (1, "account plans", "1 account plan"),
        (1, "percent", "1 percent"),
        (1.5, "times quota", "1.5x quota"),
        (1200, "calls", "1,200 calls"),
        (3, "", "3"),
    ],
)
def test_quantities_read_as_people_write_them(value, unit, said):
    assert quantity(value, unit) == said


def test_numbers_and_singulars():
    assert amount(3.0) == "3" and amount(0.25) == "0.25" and amount(1e6) == "1,000,000"
    assert singular("boxes") == "box" and singular("glass") == "glass"


def test_the_page_opens_with_this_week_then_goals_phases_checkins_and_coaching(
    client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    order = [page.index(f'id="{h}"') for h in ("now-heading", "goals-heading", "all-heading")]
    order += [page.index(f'id="{h}"') for h in ("checkins-heading", "meetings-heading")]
    assert order == sorted(order)
    assert "started " in page and "· day 22 of 90" in page
    # Each item once, with one id; a phase lists an item due now as a link to it.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    # Only the current phase is open.
    assert re.search(r'<details class="phase current" id="phase-learn" open>', page)
    assert re.search(r'<details class="phase" id="phase-own">', page)


def test_owners_are_named_people_not_role_words(client, loaded_library, make_plan, make_user):
    buddy = make_user(roles=["interviewer"], name="Jamie Ortiz")
    manager, _new_hire, plan_id = make_plan(buddy=buddy)
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "Morgan Patel (manager)" in page and "Noah Kim (new hire)" in page
    assert re.search(r"· (manager|new hire|buddy)(<| ·)", page) is None
    assert '<option value="buddy">Jamie Ortiz (buddy)</option>' in page


def test_remove_goal_sits_inside_its_goal_card_after_the_title(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        goal = db.session.get(OnboardingPlan, plan_id).goals[0]
        goal_id, outcome = goal.id, goal.outcome
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    card = page[page.index(f'id="goal-{goal_id}"') :]
    card = card[: card.index("</article>")]
    assert card.index(outcome) < card.index("Remove goal")
    assert f"/goals/{goal_id}/remove" in card


def test_a_target_of_one_is_singular(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        goal = db.session.get(OnboardingPlan, plan_id).goals[0]
        goal.target = 1
        db.session.commit()
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "target 1 opportunity by" in page and "target 1 opportunities" not in page


def test_a_future_start_says_when_it_starts_never_a_negative_day(client, loaded_library, make_plan):
    start = reader_today() + timedelta(days=7)
    manager, _new_hire, plan_id = make_plan(start=start)
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert f"starts {start:%a} {start.day} {start:%b %Y} · in 7 days" in page
    assert "day -" not in page and "started" not in page
    assert re.search(r'<details class="phase" id="phase-learn" open>', page)  # opens on Learn
    index = client.get("/onboarding/").get_data(as_text=True)
    assert "starts in 7 days" in index and "-6 / 90" not in index and "day -" not in index


def test_the_page_says_which_holidays_due_dates_skip(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    assert "Due dates skip weekends." in client.get(f"/onboarding/plans/{plan_id}").text
    app.config.update(HOLIDAY_COUNTRY="US", COMPANY_HOLIDAYS=["2027-01-04"])
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert "Due dates skip weekends, US public holidays and company holidays." in page


def test_the_new_hire_sees_the_same_page_without_the_managers_tools(
    app, client, loaded_library, make_plan
):
    _manager, new_hire, plan_id = make_plan()
    log_in(client, new_hire)
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert "This week" in page and "Remove goal" not in page and "Add an item" not in page
    assert "Book the meeting" not in page and "Plan a ride-along" not in page
    assert "Record a 1:1" not in page and 'id="meetings-heading"' in page
    with app.app_context():
        assert db.session.query(Goal).count() >= 1


@pytest.mark.parametrize(
    ("country", "christmas_item_due", "new_years_eve_item_due"),
    [
        ("US", date(2026, 12, 28), date(2027, 1, 4)),
        ("GB", date(2026, 12, 29), date(2027, 1, 4)),
        ("", date(2026, 12, 25), date(2027, 1, 1)),  # no public holidays: only the company's
    ],
)
def test_plan_items_skip_the_countrys_public_holidays(
    app, make_user, country, christmas_item_due, new_years_eve_item_due
):
    """A plan starting Monday 21 Dec 2026: day 5 is Christmas Day (a Friday). The US skips the
    25th; GB the 25th and Boxing Day observed on the 28th; company dates apply either way."""
    app.config.update(HOLIDAY_COUNTRY=country, COMPANY_HOLIDAYS=["2026-12-31"])
    manager = make_user(roles=["hiring_manager"])
    new_hire = make_user(roles=["new_hire"], manager_id=manager.id)
    template = {
        "items": [
            {"phase": "learn", "day": 5, "title": "Christmas item", "kind": "learning",
             "owner": "new_hire"},
            {"phase": "learn", "day": 11, "title": "New Year's Eve item", "kind": "learning",
             "owner": "new_hire"},
        ]
    }  # fmt: skip
    with app.app_context():
        boss = db.session.get(User, manager.id)
        plan = plans.create_plan(
            new_hire=db.session.get(User, new_hire.id),
            manager=boss,
            buddy=None,
            start=date(2026, 12, 21),
            template=template,
            template_source="test",
            title="Holiday plan",
            actor=boss,
        )
        due = {i.title: i.due_date for i in plan.items}
        assert due["Christmas item"] == christmas_item_due
        # The 31st is a company day; then New Year's Day (public) and the weekend.
        assert due["New Year's Eve item"] == new_years_eve_item_due
        db.session.rollback()


def test_thanksgiving_moves_to_the_friday_with_us_holidays(app, make_user):
    app.config.update(HOLIDAY_COUNTRY="US")
    with app.app_context():
        closed = calendar.holidays()
        assert calendar.due_date(date(2026, 11, 23), 4, closed) == date(2026, 11, 27)
