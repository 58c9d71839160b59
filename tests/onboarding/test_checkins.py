"""Milestone check-ins (independent ratings, sign-off, at-risk flag) and the calendar feed."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db, utcnow
from hiring.onboarding.models import CheckIn
from tests import builders


def test_ratings_are_independent_then_shown_together_and_signed_off(
    app, client, login, loaded_library, make_plan
):
    manager, new_hire, plan_id = make_plan()
    url = f"/onboarding/plans/{plan_id}"
    login(new_hire)
    client.post(
        f"{url}/checkins/30/rate", data={"rating": "at_risk", "comment": "CRM still confusing"}
    )
    client.post("/logout")
    login(manager)
    page = client.get(url).get_data(as_text=True)
    assert "CRM still confusing" not in page  # not until the manager has rated too
    assert client.post(f"{url}/checkins/30/signoff").status_code == 302
    with app.app_context():
        assert (
            db.session.scalar(select(CheckIn).where(CheckIn.milestone == 30)).signed_off_at is None
        )
    client.post(
        f"{url}/checkins/30/rate", data={"rating": "on_track", "comment": "Good first month"}
    )
    page = client.get(url).get_data(as_text=True)
    assert "CRM still confusing" in page and "Good first month" in page
    client.post(f"{url}/checkins/30/signoff")
    with app.app_context():
        checkin = db.session.scalar(select(CheckIn).where(CheckIn.milestone == 30))
        assert checkin.signed_off_at is not None and checkin.new_hire_rating.value == "at_risk"
    again = client.post(
        f"{url}/checkins/30/rate", data={"rating": "off_track"}, follow_redirects=True
    )
    assert "This milestone is signed off; its ratings are final." in again.get_data(as_text=True)


def test_off_track_raises_an_at_risk_flag_for_hr(app, client, login, loaded_library, make_plan):
    _manager, new_hire, plan_id = make_plan()
    login(new_hire)
    client.post(f"/onboarding/plans/{plan_id}/checkins/60/rate", data={"rating": "off_track"})
    with app.app_context():
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "onboarding.at_risk")
        )
        assert event is not None and event.after["milestone"] == 60
    client.post("/logout")
    login(roles=["admin"])
    assert "off track at day 60" in client.get("/").get_data(as_text=True)


def test_only_the_manager_and_new_hire_rate(client, login, make_user, loaded_library, make_plan):
    buddy = make_user(roles=["interviewer"])
    _manager, _new_hire, plan_id = make_plan(buddy=buddy)
    login(buddy)
    assert (
        client.post(
            f"/onboarding/plans/{plan_id}/checkins/30/rate", data={"rating": "on_track"}
        ).status_code
        == 403
    )


def test_calendar_feed_is_secret_and_revocable(app, client, login, loaded_library, make_plan):
    _manager, new_hire, _plan_id = make_plan()
    login(new_hire)
    client.post("/onboarding/calendar", data={"action": "create"})
    page = client.get("/account").get_data(as_text=True)
    feed_url = page.split('class="feed-url">')[1].split("<")[0].replace("http://localhost", "")
    anonymous = app.test_client()
    response = anonymous.get(feed_url)
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    summaries = [str(e["summary"]) for e in calendar.walk("VEVENT")]
    assert "Product certification" in summaries and "Day-30 check-in" in summaries
    # Manager-owned 1:1s are the new hire's too: they attend them.
    assert any("Weekly 1:1" in s for s in summaries)
    client.post("/onboarding/calendar", data={"action": "revoke"})
    assert anonymous.get(feed_url).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_the_plan_links_to_1_1s_without_their_notes_and_hides_them_from_the_buddy(
    app, client, make_user, loaded_library, make_plan
):
    """1:1 notes and action items live on the 1:1's page in coaching; the plan lists the
    1:1 and links there, and its buddy sees neither."""
    buddy = make_user(roles=["interviewer"])
    manager, new_hire, plan_id = make_plan(buddy=buddy)
    with app.app_context():
        meeting_id = builders.one_on_one(
            new_hire,
            at=utcnow() - timedelta(days=2),
            held=True,
            notes="Nervous about <b>cold calls</b>",
            actions=[(new_hire, "Book 3 shadow calls")],
        )
    url = f"/onboarding/plans/{plan_id}"
    for person in (manager, new_hire):
        builders.switch_to(client, person)
        page = client.get(url).get_data(as_text=True)
        assert f'href="/coaching/one-on-ones/{meeting_id}"' in page
        assert "cold calls" not in page and "Book 3 shadow calls" not in page
        one_on_one = client.get(f"/coaching/one-on-ones/{meeting_id}").get_data(as_text=True)
        assert "Nervous about &lt;b&gt;cold calls&lt;/b&gt;" in one_on_one
        assert "Book 3 shadow calls" in one_on_one
    builders.switch_to(client, buddy)
    page = client.get(url).get_data(as_text=True)
    assert "1:1s and ride-alongs" not in page and "/coaching/one-on-ones/" not in page
    assert client.get(f"/coaching/one-on-ones/{meeting_id}").status_code == 403


def test_goal_actuals_are_charted_server_side(app, client, login, loaded_library, make_plan):
    _manager, new_hire, plan_id = make_plan()
    from hiring.onboarding.models import Goal

    with app.app_context():
        goal_id = db.session.scalar(select(Goal.id))
    login(new_hire)
    for day, value in (("2027-01-05", 1), ("2027-01-12", 3)):
        client.post(
            f"/onboarding/plans/{plan_id}/goals/{goal_id}/actuals",
            data={"value": value, "recorded_on": day},
        )
    page = client.get(f"/onboarding/plans/{plan_id}").get_data(as_text=True)
    assert 'class="goal-chart"' in page and "<polyline" in page and "target 6" in page


def test_manager_edits_the_plan_and_stale_edits_are_refused(
    app, client, login, loaded_library, make_plan
):
    from datetime import date

    from hiring.onboarding.models import Goal, OnboardingPlan, PlanItem

    manager, new_hire, plan_id = make_plan(start=date(2027, 1, 11))
    url = f"/onboarding/plans/{plan_id}"

    def version():
        with app.app_context():
            return db.session.get(OnboardingPlan, plan_id).version

    login(manager)
    stale = version()
    client.post(
        f"{url}/items",
        data={
            "version": stale,
            "title": "Visit the warehouse customer",
            "kind": "shadowing",
            "owner": "new_hire",
            "due_date": "2027-01-23",
        },
    )
    with app.app_context():
        item = db.session.scalar(
            select(PlanItem).where(PlanItem.title == "Visit the warehouse customer")
        )
        assert item.due_date == date(2027, 1, 25)  # Saturday -> Monday
        assert item.day == 13
        item_id = item.id
    # A second manager's tab still holds the old version: refused, nothing applied.
    response = client.post(
        f"{url}/items/{item_id}/remove", data={"version": stale}, follow_redirects=True
    )
    assert (
        "The plan changed since you opened it, so “remove Visit the warehouse customer” was not applied."
        in response.get_data(as_text=True)
    )
    moved = client.post(
        f"{url}/items/{item_id}/reschedule",
        data={"version": version(), "due_date": "2027-02-01"},
        follow_redirects=True,
    )
    # Dates read one way everywhere, flashes included.
    assert "Moved “Visit the warehouse customer” to Mon 1 Feb." in moved.get_data(as_text=True)
    client.post(
        f"{url}/goals",
        data={
            "version": version(),
            "outcome": "Ten discovery calls",
            "metric": "Calls run",
            "target": "10",
            "unit": "calls",
            "due_date": "2027-02-10",
        },
    )
    with app.app_context():
        assert db.session.get(PlanItem, item_id).due_date == date(2027, 2, 1)
        goal = db.session.scalar(select(Goal).where(Goal.outcome == "Ten discovery calls"))
        goal_id = goal.id
    client.post(f"{url}/goals/{goal_id}/remove", data={"version": version()})
    client.post(f"{url}/items/{item_id}/remove", data={"version": version()})
    with app.app_context():
        assert db.session.get(Goal, goal_id) is None and db.session.get(PlanItem, item_id) is None
    client.post("/logout")
    login(new_hire)
    assert client.post(f"{url}/items", data={"version": version(), "title": "x"}).status_code == 403
