"""A buddy of many plans and a manager of many new hires (issue #14): the home shows the first
few of each list (``HOME_ROWS``) with the full count and a "See all" link, and the onboarding index pages the
plans in tables of ten, at the same number of queries whatever the number of plans."""

from __future__ import annotations

import re
from datetime import timedelta

from hiring.db import utcnow
from hiring.home.queries import HOME_ROWS
from tests.builders import PLAN_TEMPLATE, log_in, onboarding_plan, user


def _plans(app, count, *, manager=None, buddy=None, days_in=40):
    """``count`` plans on the small template, ``days_in`` days in: each has its buddy's
    "Meet the team" and the new hire's certification overdue."""
    with app.app_context():
        manager = manager or user(roles=["hiring_manager"], name="Morgan Patel")
        buddy = buddy or user(roles=["interviewer"], name="Jamie Ortiz")
        start = utcnow().date() - timedelta(days=days_in - 1)
        for n in range(count):
            onboarding_plan(
                start=start + timedelta(days=n % 3), manager=manager, buddy=buddy,
                new_hire_name=f"Hire {n:02}", template=PLAN_TEMPLATE,
            )  # fmt: skip
    return manager, buddy


def test_a_buddy_of_many_plans_sees_the_first_of_each_list_and_the_count(
    app, client, loaded_library, count_queries
):
    _manager, buddy = _plans(app, 1)
    log_in(client, buddy)
    with count_queries() as few:
        page = client.get("/").get_data(as_text=True)
    assert "You are buddy to" in page and "Showing" not in page
    _plans(app, 13, buddy=buddy)
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    buddying = page[page.index('id="buddy-heading"') :]
    assert buddying.count("You are buddy to") == HOME_ROWS
    assert f"Showing {HOME_ROWS} of 14. " in buddying
    assert "See all 14 plans on the onboarding page" in buddying
    assert "Overdue (14)" in buddying  # one "Meet the team" each, the first few listed
    assert buddying.count(">Meet the team</a>") == HOME_ROWS
    assert 'href="/onboarding/"' in buddying
    # Plans add rows, not queries (but for the roles of the new people on the page).
    assert many.count - few.count <= 2, many.statements


def test_a_manager_of_many_new_hires_sees_the_first_overdue_items_and_the_count(
    app, client, loaded_library
):
    manager, _buddy = _plans(app, 8)
    log_in(client, manager)
    page = client.get("/").get_data(as_text=True)
    overdue = page[page.index('id="reports-overdue-heading"') :]
    overdue = overdue[: overdue.index("</section>")]
    found = re.search(r"Overdue on your new hires’ plans \((\d+)\)", overdue)
    assert found is not None and int(found.group(1)) >= 16  # two or more on each plan
    assert overdue.count('class="task overdue"') == HOME_ROWS
    assert (
        f"Showing {HOME_ROWS} of {found.group(1)}. " in overdue and 'href="/onboarding/"' in overdue
    )


def test_the_index_pages_a_buddys_and_a_managers_plans_by_ten(
    app, client, loaded_library, count_queries
):
    manager, buddy = _plans(app, 2)
    log_in(client, manager)
    with count_queries() as few:
        client.get("/onboarding/")
    _plans(app, 10, manager=manager, buddy=buddy)
    with count_queries() as many:
        page = client.get("/onboarding/").get_data(as_text=True)
    assert many.count == few.count, many.statements
    team = page[page.index('id="team-heading"') :]
    assert len(re.findall(r'href="/onboarding/plans/\d+"', team)) == 10
    assert "1–10 of 12" in team and 'href="/onboarding/?page=2"' in team
    second = client.get("/onboarding/?page=2").get_data(as_text=True)
    team = second[second.index('id="team-heading"') :]
    assert len(re.findall(r'href="/onboarding/plans/\d+"', team)) == 2
    assert "At risk" in team  # two items overdue for a fortnight: the same rule as the plan's
    assert client.get("/onboarding/?page=3").status_code == 404

    client.post("/logout")
    log_in(client, buddy)
    page = client.get("/onboarding/").get_data(as_text=True)
    assert "Plans you are buddy on" in page and "Your team" not in page
    assert 'href="/onboarding/?buddy_page=2"' in page
    second = client.get("/onboarding/?buddy_page=2").get_data(as_text=True)
    assert len(re.findall(r'href="/onboarding/plans/\d+"', second)) == 2
