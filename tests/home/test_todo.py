"""Homes as to-do lists: the hiring manager's next steps, the new hire's and the buddy's items
with "Mark done", each line one click from done, and nobody else's work on them."""

from __future__ import annotations

import re
from datetime import timedelta

from hiring.db import db, utcnow
from hiring.onboarding.models import OnboardingPlan, PlanItem
from hiring.onboarding.queries import PlanSummary
from tests.builders import (
    PLAN_TEMPLATE,
    application,
    complete_panel,
    hire,
    interview,
    log_in,
    onboarding_plan,
    position,
    user,
)


def _summary(plan_id: int) -> PlanSummary:
    plan = db.session.get(OnboardingPlan, plan_id)
    assert plan is not None
    return PlanSummary(plan)


def _section(page: str, heading_id: str) -> str:
    """The HTML of the to-do card headed by ``heading_id``, up to the next card."""
    start = page.index(f'id="{heading_id}"')
    end = page.find('<section class="card"', start)
    return page[start : end if end != -1 else len(page)]


def _manager_world(app):
    """Morgan's world: a position with Dana's panel complete, Paula's half booked, Hugo hired
    (no plan yet); Noah's plan (day 27, so the day-30
    check-in and a weekly 1:1 are this week). Casey Brown manages another team with the same
    kinds of work, none of which may reach Morgan's home."""
    with app.app_context():
        plan = onboarding_plan(start=utcnow().date() - timedelta(days=26))
        morgan = plan.manager
        jamie = user(roles=["interviewer"], name="Jamie Ortiz")
        opened = position(manager=morgan)
        dana = application(opened.id, name="Dana Ready")
        complete_panel(dana, [jamie])
        paula = application(opened.id, name="Paula Partial")
        interview(paula, [jamie], stage=0)
        hugo = application(opened.id, name="Hugo Hired")
        complete_panel(hugo, [jamie])
        decision = hire(hugo, morgan)
        casey = user(roles=["hiring_manager"], name="Casey Brown")
        theirs = position(manager=casey, title="Sales Engineer")
        complete_panel(application(theirs.id, name="Olive Otherteam"), [jamie])
        hire(application(theirs.id, name="Oscar Otherteam"), casey)
        onboarding_plan(manager=casey, new_hire_name="Nina Otherteam")
        ids = {
            "dana": dana.id,
            "decision": decision,
            "plan": plan.plan_id,
            "overdue": [i.id for i in _summary(plan.plan_id).overdue],
            "meetings": [i.id for i in _summary(plan.plan_id).meetings_this_week],
        }
    return morgan, ids


def test_manager_home_lists_each_next_step_with_its_link(app, client, loaded_library):
    morgan, ids = _manager_world(app)
    log_in(client, morgan)
    page = client.get("/").get_data(as_text=True)

    decisions = _section(page, "decisions-heading")
    assert "Decisions waiting (1)" in decisions and "Dana Ready" in decisions
    assert f'href="/applications/{ids["dana"]}/debrief#decide"' in decisions
    assert "Paula Partial" not in page  # a stage still to be booked: not ready

    awaiting = _section(page, "awaiting-heading")
    assert (
        "Hugo Hired" in awaiting
        and f'href="/onboarding/new?decision={ids["decision"]}"' in awaiting
    )

    overdue = _section(page, "reports-overdue-heading")
    assert ids["overdue"] and all(
        f'href="/onboarding/plans/{ids["plan"]}#item-{i}"' in overdue for i in ids["overdue"]
    )
    week = _section(page, "checkins-heading")
    assert f'href="/onboarding/plans/{ids["plan"]}#checkin-30"' in week
    assert "Day-30 check-in with Noah Kim" in week
    assert ids["meetings"] and all(f"todo-meeting-item-{i}" in week for i in ids["meetings"])
    # Weekly 1:1s are the manager's to hold: ticked off right here.
    assert f'action="/onboarding/plans/{ids["plan"]}/items/{ids["meetings"][0]}/done"' in week

    assert "No scorecards owed." in _section(page, "owed-heading")
    for theirs in ("Olive Otherteam", "Oscar Otherteam", "Nina Otherteam", "Sales Engineer"):
        assert theirs not in page


def test_manager_home_says_what_is_clear(client, login):
    login(roles=["hiring_manager"])
    page = client.get("/").get_data(as_text=True)
    for clear in (
        "No decisions waiting.",
        "Every hire has an onboarding plan.",
        "None of your new hires has an active plan.",
        "No check-ins or 1:1s due this week.",
        "No scorecards owed.",
    ):
        assert clear in page


def test_manager_home_lists_the_scorecards_they_owe(client, login, make_user, schedule):
    morgan = make_user(roles=["hiring_manager", "interviewer"], name="Morgan Patel")
    booked = schedule([morgan], starts_in=timedelta(days=-3))
    login(morgan)
    owed = _section(client.get("/").get_data(as_text=True), "owed-heading")
    assert f'href="/interviews/{booked.id}/scorecard"' in owed and "overdue" in owed


def test_manager_home_query_count_does_not_grow_with_its_items(
    app, client, loaded_library, count_queries
):
    morgan, _ids = _manager_world(app)
    log_in(client, morgan)
    with count_queries() as few:
        page = client.get("/").get_data(as_text=True)
    assert "Decisions waiting (1)" in page
    with app.app_context():
        jamie = user(roles=["interviewer"], name="Jamie Two")
        opened = position(manager=morgan, title="Account Executive, Enterprise")
        for n in range(3):
            complete_panel(application(opened.id, name=f"Ready Later {n}"), [jamie])
            hire(application(opened.id, name=f"Hired Later {n}"), morgan)
            onboarding_plan(manager=morgan, new_hire_name=f"New Later {n}")
    with count_queries() as many:
        page = client.get("/").get_data(as_text=True)
    assert "Decisions waiting (4)" in page and "Hires waiting for a plan (4)" in page
    # A second position adds its own fixed handful (the debrief's readiness rules run once
    # per position); more candidates, hires, plans and items add nothing.
    with app.app_context():
        for n in range(3):
            complete_panel(application(opened.id, name=f"Ready Last {n}"), [jamie])
            hire(application(opened.id, name=f"Hired Last {n}"), morgan)
            onboarding_plan(manager=morgan, new_hire_name=f"New Last {n}")
    with count_queries() as more:
        page = client.get("/").get_data(as_text=True)
    assert "Decisions waiting (7)" in page and "Hires waiting for a plan (7)" in page
    assert more.count == many.count, more
    assert many.count - few.count <= 6, many


def _new_hire_plan(app, buddy_name: str = "Jamie Ortiz"):
    """Noah's plan on the small template, 40 days in: the certification (needs evidence) and
    the buddy's "Meet the team" are overdue, "First demo" (his) is due now."""
    with app.app_context():
        buddy = user(roles=["interviewer"], name=buddy_name, email="jamie@example.test")
        plan = onboarding_plan(
            start=utcnow().date() - timedelta(days=39), buddy=buddy, template=PLAN_TEMPLATE
        )
        items = {i.title: i.id for i in db.session.get(OnboardingPlan, plan.plan_id).items}
        week = [i.title for i in _summary(plan.plan_id).this_week]
    return plan, buddy, items, week


def _mark_done(client, plan_id: int, item_id: int, **data: str):
    """Post a home page's "Mark done" box as the page does (to the plan page's endpoint, with
    ``back`` naming the home) and follow the redirect to where it lands."""
    return client.post(
        f"/onboarding/plans/{plan_id}/items/{item_id}/done",
        data={"back": "/", **data},
        follow_redirects=True,
    )


def test_new_hire_home_lists_this_weeks_items_with_mark_done_and_their_people(
    app, client, loaded_library
):
    plan, _buddy, items, week = _new_hire_plan(app)
    log_in(client, plan.new_hire)
    page = client.get("/").get_data(as_text=True)
    assert "First demo" in week and all(title in page for title in week)
    assert f'action="/onboarding/plans/{plan.plan_id}/items/{items["First demo"]}/done"' in page
    # Overdue: his certification (evidence asked for inline); the buddy's item, not his to tick.
    assert f'id="mine-{plan.plan_id}-overdue-note-{items["Product certification"]}"' in page
    assert (
        f'action="/onboarding/plans/{plan.plan_id}/items/{items["Meet the team"]}/done"' not in page
    )
    assert "Meet the team" in page and "Jamie Ortiz leads" in page
    assert 'href="mailto:jamie@example.test"' in page
    assert f'href="mailto:{plan.manager.email}"' in page
    assert re.search(r"Day-30 check-in \(Learn phase\)</a> with Morgan Patel", page)


def test_mark_done_from_home_ticks_the_item(app, client, loaded_library):
    plan, _buddy, items, _week = _new_hire_plan(app)
    log_in(client, plan.new_hire)
    response = _mark_done(client, plan.plan_id, items["First demo"])
    assert response.request.path == "/"
    assert "Done: First demo." in response.get_data(as_text=True)
    with app.app_context():
        item = db.session.get(PlanItem, items["First demo"])
        assert item is not None and item.done_by_id == plan.new_hire.id


def test_mark_done_from_home_shows_the_refusal(app, client, loaded_library):
    plan, _buddy, items, _week = _new_hire_plan(app)
    log_in(client, plan.new_hire)
    certification = items["Product certification"]
    page = _mark_done(client, plan.plan_id, certification)
    assert page.request.path == "/"
    assert "This item needs evidence: add a note or a link to show it is done." in page.get_data(
        as_text=True
    )
    done = _mark_done(client, plan.plan_id, certification, note="Passed, 92%.")
    assert done.request.path == "/"
    assert "Done: Product certification." in done.get_data(as_text=True)
    with app.app_context():
        item = db.session.get(PlanItem, certification)
        assert item is not None and item.completion_note == "Passed, 92%."


def test_mark_done_goes_back_only_to_a_page_of_this_site(app, client, loaded_library):
    """``back`` is checked like ``?next=``: another site, or none, leads to the plan page."""
    plan, _buddy, items, _week = _new_hire_plan(app)
    log_in(client, plan.new_hire)
    page = client.get("/").get_data(as_text=True)
    assert '<input type="hidden" name="back" value="/">' in page
    url = f"/onboarding/plans/{plan.plan_id}/items/{items['First demo']}/done"
    elsewhere = client.post(url, data={"back": "https://evil.example/"})
    assert elsewhere.headers["Location"].endswith(
        f"/onboarding/plans/{plan.plan_id}#item-{items['First demo']}"
    )
    client.post(f"/onboarding/plans/{plan.plan_id}/items/{items['First demo']}/reopen")
    plain = client.post(url, data={"back": "//evil.example/"})
    assert "evil" not in plain.headers["Location"]


def test_mark_done_from_home_is_refused_for_someone_elses_item(app, client, loaded_library):
    plan, _buddy, items, _week = _new_hire_plan(app)
    with app.app_context():
        other = onboarding_plan(new_hire_name="Nina Other", template=PLAN_TEMPLATE)
        theirs = db.session.get(OnboardingPlan, other.plan_id).items[0].id
    log_in(client, plan.new_hire)
    assert _mark_done(client, other.plan_id, theirs).status_code == 403
    assert _mark_done(client, plan.plan_id, items["Meet the team"]).status_code == 403  # buddy's
    with app.app_context():
        assert db.session.get(PlanItem, theirs).done_at is None
        assert db.session.get(PlanItem, items["Meet the team"]).done_at is None


def test_buddy_home_lists_their_tasks_and_their_new_hires(app, client, loaded_library):
    plan, buddy, items, _week = _new_hire_plan(app)
    log_in(client, buddy)
    page = client.get("/").get_data(as_text=True)
    buddying = page[page.index('id="buddy-heading"') :]
    assert "You are buddy to" in buddying and "Noah Kim" in buddying
    assert (
        f'action="/onboarding/plans/{plan.plan_id}/items/{items["Meet the team"]}/done"' in buddying
    )
    # Only the buddy's own items: the new hire's certification stays off the buddy's home.
    assert "Product certification" not in page
    response = _mark_done(client, plan.plan_id, items["Meet the team"])
    assert "Done: Meet the team." in response.get_data(as_text=True)


def test_onboarding_link_shows_for_buddies_only(app, client, loaded_library):
    _plan, buddy, _items, _week = _new_hire_plan(app)
    with app.app_context():
        bystander = user(roles=["interviewer"], name="Bea Bystander")
    log_in(client, bystander)
    assert 'href="/onboarding/"' not in client.get("/").get_data(as_text=True)
    client.post("/logout")
    log_in(client, buddy)
    assert 'href="/onboarding/"' in client.get("/").get_data(as_text=True)
    assert client.get("/onboarding/").status_code == 200


def test_recruiter_and_interviewer_homes_have_no_manager_to_do(client, login):
    login(roles=["recruiter", "interviewer"])
    page = client.get("/").get_data(as_text=True)
    assert 'id="todo-heading"' not in page and 'id="buddy-heading"' not in page
