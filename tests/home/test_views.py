"""The role-aware home page and the health check."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import render_template_string
from flask_login import login_user
from sqlalchemy import text

from hiring.auth.models import User
from hiring.db import db
from hiring.home.queries import HOME_ROWS
from hiring.onboarding.models import OnboardingPlan
from hiring.onboarding.queries import PlanSummary
from tests.builders import log_in, onboarding_plan, reader_today


@pytest.mark.parametrize(
    ("roles", "shown", "hidden"),
    [
        (["admin"], ["Accounts", "Recent activity"], ["Your interviews", "Recruiting"]),
        (["recruiter"], ["Recruiting"], ["Accounts", "Your interviews"]),
        (["hiring_manager", "interviewer"], ["Your team", "Your interviews"], ["Accounts"]),
        (["interviewer"], ["Your interviews"], ["Your team", "Accounts"]),
        (["new_hire"], ["Your first 90 days"], ["Accounts", "Your interviews", "Recruiting"]),
    ],
)
def test_home_shows_what_each_role_needs(client, login, roles, shown, hidden):
    login(roles=roles)
    page = client.get("/").get_data(as_text=True)
    for heading in shown:
        assert f">{heading}</h2>" in page
    for heading in hidden:
        assert f">{heading}</h2>" not in page


def test_navigation_shows_admin_links_only_to_admins(client, login):
    login(roles=["interviewer"])
    assert "/admin/users/" not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    login(roles=["admin"])
    page = client.get("/").get_data(as_text=True)
    assert "/admin/users/" in page and "/admin/audit/" in page


def test_the_main_menu_lists_a_roles_areas_and_marks_the_current_one(client, login):
    """The menu's entries and addresses are worked out once per app; who sees which entry
    and which one is current are still decided on every page."""
    login(roles=["interviewer"])
    for url, current in (
        ("/", "Home"),
        ("/interviews/mine", "My interviews"),
        ("/library/", "Library"),
    ):
        page = client.get(url).get_data(as_text=True)
        menu = page.split('<ul class="nav-links">')[1].split("</ul>")[0]
        labels = re.findall(r'<li><a href="[^"]+"(?: aria-current="page")?>([^<]+)</a></li>', menu)
        assert labels == ["Home", "Library", "My interviews", "Training"], labels
        marked = re.findall(r'aria-current="page">([^<]+)</a>', menu)
        assert marked == [current], (url, marked)
        assert '<a href="/interviews/mine"' in menu


def test_manager_sees_their_reports_and_new_hire_sees_their_manager(client, login, make_user):
    boss = make_user(roles=["hiring_manager"], name="Morgan Patel")
    make_user(roles=["new_hire"], name="Noah Kim", manager_id=boss.id, email="noah@example.test")
    make_user(roles=["interviewer"], name="Gone Person", manager_id=boss.id, active=False)
    login(boss)
    page = client.get("/").get_data(as_text=True)
    assert "Noah Kim" in page and "Gone Person" not in page
    client.post("/logout")
    client.post("/login", data={"email": "noah@example.test", "password": "correct horse battery"})
    assert "Your manager is <strong>Morgan Patel</strong>" in client.get("/").get_data(as_text=True)


def test_healthz_reports_app_and_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["database"]["status"] == "ok"
    assert response.json["app"]["version"]


def test_healthz_is_503_when_the_database_is_unreachable(database_url):
    from hiring import create_app
    from tests.support.harness import test_config

    broken = "sqlite:////nonexistent-dir/x.sqlite3"
    if database_url.startswith("postgresql"):
        broken = "postgresql://nobody:wrong@127.0.0.1:1/none"
    app = create_app(test_config(broken))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"]["status"] == "unreachable"


def test_healthz_is_503_when_the_schema_is_behind(app, client):
    with app.app_context():
        db.session.execute(text("UPDATE alembic_version SET version_num = 'old'"))
        db.session.commit()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json["database"]["status"] == "outdated schema"
    finally:
        with app.app_context():
            from hiring.home.health import _schema_heads

            db.session.execute(
                text("UPDATE alembic_version SET version_num = :v"),
                {"v": next(iter(_schema_heads()))},
            )
            db.session.commit()


def test_admin_menu_is_marked_current_only_on_admin_pages(client, login):
    login(roles=["admin"])
    assert '<summary aria-current="page">Admin</summary>' not in client.get("/").get_data(
        as_text=True
    )
    page = client.get("/admin/users/").get_data(as_text=True)
    assert '<summary aria-current="page">Admin</summary>' in page


def test_recruiter_home_lists_overdue_cards_in_constant_queries(
    client, login, make_user, schedule, count_queries
):
    from datetime import timedelta

    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    schedule([jamie], starts_in=timedelta(days=-3))
    login(roles=["recruiter"])
    with count_queries() as few:
        page = client.get("/").get_data(as_text=True)
    assert "Overdue scorecards (1)" in page
    for _ in range(4):
        schedule([jamie], starts_in=timedelta(days=-3))
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert "Overdue scorecards (5)" in page
    assert many.count == few.count, many


def test_a_new_hire_on_day_22_sees_this_weeks_items_not_an_empty_plan(app, client, loaded_library):
    with app.app_context():
        plan = onboarding_plan()
        # The new hire's week, in their zone: six hours a day, UTC's date is already tomorrow.
        summary = PlanSummary(db.session.get(OnboardingPlan, plan.plan_id), reader_today())
        due_this_week = [i.title for i in summary.this_week]
    log_in(client, plan.new_hire)
    page = client.get("/").get_data(as_text=True)
    assert "not set up yet" not in page
    assert "Noah&#39;s plan" in page and "day 22 of 90" in page and "Learn phase" in page
    assert due_this_week and all(title in page for title in due_this_week)


def test_a_new_hire_whose_plan_starts_next_week_sees_the_start_date(app, client, loaded_library):
    start = reader_today() + timedelta(days=7)
    with app.app_context():
        plan = onboarding_plan(start=start)
    log_in(client, plan.new_hire)
    page = client.get("/").get_data(as_text=True)
    assert f"starts {start:%a} {start.day} {start:%b %Y}" in page and "day -" not in page


def _buddy_lookups(statements: list[str]) -> list[str]:
    """The navigation's "is this person a buddy?" query among the statements a request ran."""
    return [s for s in statements if "onboarding_plans.buddy_id =" in s and "LIMIT" in s]


def test_navigation_asks_whether_someone_is_a_buddy_once_per_request(
    app, client, login, count_queries
):
    """Users outside the manager and new-hire roles are asked about at most once per request,
    however many templates it renders; an anonymous visitor never."""
    with count_queries() as anonymous:
        assert client.get("/login").status_code == 200
    assert _buddy_lookups(anonymous.statements) == []

    person = login(roles=["interviewer"])
    with count_queries() as page:
        assert client.get("/account").status_code == 200
    assert len(_buddy_lookups(page.statements)) == 1

    with app.test_request_context("/account"):
        login_user(db.session.get(User, person.id))
        with count_queries() as twice:
            for _ in range(3):
                render_template_string("{% for item in nav_main %}{{ item.label }}{% endfor %}")
    assert len(_buddy_lookups(twice.statements)) == 1


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 10}])
def test_recruiter_home_shows_the_oldest_overdue_cards_and_links_to_them_all(
    client, login, make_user, make_application, schedule, count_queries
):
    from datetime import timedelta

    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    hours = [24 * 30 - h for h in range(12)]  # certainly overdue, the oldest first
    hours += [25, 24.5]  # 45 minutes long: overdue since a quarter of an hour, and not yet
    for n, ago in enumerate(hours):
        candidate = make_application(name=f"Candidate {n:02d}")
        schedule([jamie], application=candidate, starts_in=-timedelta(hours=ago))
    login(roles=["recruiter"])
    with count_queries() as home:
        page = client.get("/").get_data(as_text=True)
    assert "Overdue scorecards (13)" in page and f"Showing {HOME_ROWS} of 13." in page
    assert 'href="/interviews/overdue"' in page
    names = [f"Candidate {n:02d}" for n in range(13)]
    listed = page.split("Overdue scorecards (13)")[1].split(f"Showing {HOME_ROWS} of 13.")[0]
    assert [n for n in names if n in listed] == names[:HOME_ROWS]
    with count_queries() as first:
        listed = client.get("/interviews/overdue").get_data(as_text=True)
    assert "Overdue scorecards (13)" in listed and "Candidate 13" not in listed
    assert [n for n in names if n in listed] == names[:10]
    with count_queries() as second:
        rest = client.get("/interviews/overdue?page=2").get_data(as_text=True)
    assert [n for n in names if n in rest] == names[10:]
    assert first.count == second.count
    # A longer history costs the home and the list nothing more.
    for n in range(5):
        schedule([jamie], starts_in=-timedelta(days=60 + n))
    with count_queries() as more:
        assert "Overdue scorecards (18)" in client.get("/").get_data(as_text=True)
    assert more.count == home.count
