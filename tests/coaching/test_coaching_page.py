"""The coaching page's current goals: the active plan's SMART goals with their latest actual
and owner, and development goals linked to their competency's chart; with a constant number
of queries however many goals, actuals and motivator revisits there are."""

from __future__ import annotations

from datetime import timedelta

from hiring.db import db
from hiring.library.schema import ItemOwner, Phase
from hiring.onboarding.models import Goal, GoalActual, OnboardingPlan, PlanStatus
from tests import builders


def _goals(plan_id: int, count: int, by: builders.UserRef) -> None:
    plan = db.session.get(OnboardingPlan, plan_id)
    for n in range(count):
        goal = Goal(
            phase=Phase.CONTRIBUTE,
            outcome=f"Book {n + 5} meetings",
            metric="Meetings booked",
            target=n + 5,
            unit="meetings",
            due_date=plan.start_date + timedelta(days=60),
            owner=ItemOwner.MANAGER if n % 2 else ItemOwner.NEW_HIRE,
        )
        goal.actuals = [
            GoalActual(
                recorded_on=plan.start_date + timedelta(days=d), value=d, recorded_by_id=by.id
            )
            for d in range(1, 4)
        ]
        plan.goals.append(goal)
    plan.goals.append(
        Goal(
            phase=Phase.CONTRIBUTE,
            outcome="Strengthen discovery",
            due_date=plan.start_date + timedelta(days=60),
            competency_key="discovery",
        )
    )
    db.session.commit()


def test_current_goals_show_latest_actual_owner_and_link_to_the_chart(
    app, client, login, team, loaded_library
):
    with app.app_context():
        plan_id = builders.rep_plan(team.rep)
        _goals(plan_id, 2, team.manager)
    login(team.rep)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    goals = page.split('id="goals"', 1)[1].split("</section>", 1)[0]
    assert "Book 5 meetings" in goals and "5 meetings by" in goals
    assert "3 meetings" in goals and "(60%)" in goals and "Owner Noah Kim (new hire)" in goals
    assert "Noah Kim (new hire)" in goals and "Morgan Patel (manager)" in goals
    assert f'href="/onboarding/plans/{plan_id}#goals"' in goals
    assert "Strengthen discovery" in goals and 'href="#competency-discovery"' in goals
    assert 'id="competency-discovery"' in page  # the anchor it links to


def test_without_an_active_plan_the_page_says_so(app, client, login, team, loaded_library):
    with app.app_context():
        plan = db.session.get(OnboardingPlan, builders.rep_plan(team.rep))
        plan.status = PlanStatus.COMPLETED
        db.session.commit()
    login(team.manager)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "No active plan" in page
    # The competencies still come from the finished plan's template.
    assert 'id="competency-discovery"' in page


def test_the_page_reads_in_constant_queries_as_goals_and_revisits_grow(
    app, client, login, team, loaded_library, count_queries
):
    with app.app_context():
        plan_id = builders.rep_plan(team.rep)
        _goals(plan_id, 2, team.manager)
        builders.motivator_profile(team.rep, ["money", "team", "mastery"], days_ago=200)
    login(team.manager)
    with count_queries() as few:
        client.get(f"/coaching/people/{team.rep.id}")
    with app.app_context():
        _goals(plan_id, 10, team.manager)
        for n in range(8):
            builders.motivator_profile(team.rep, ["team", "money", "purpose"], days_ago=n * 90)
    with count_queries() as many:
        page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Earlier rankings (8)" in page and "Book 14 meetings" in page
    assert many.count == few.count, many
