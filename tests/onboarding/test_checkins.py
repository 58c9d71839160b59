"""Milestone check-ins (independent ratings, sign-off, at-risk flag) and the calendar feed."""

from __future__ import annotations

from icalendar import Calendar
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db
from hiring.onboarding.models import CheckIn
from tests.onboarding.test_views import _plan


def test_ratings_are_independent_then_shown_together_and_signed_off(
    app, client, login, make_user, loaded_library
):
    manager, new_hire, plan_id = _plan(app, make_user)
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


def test_off_track_raises_an_at_risk_flag_for_hr(app, client, login, make_user, loaded_library):
    _manager, new_hire, plan_id = _plan(app, make_user)
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


def test_only_the_manager_and_new_hire_rate(app, client, login, make_user, loaded_library):
    buddy = make_user(roles=["interviewer"])
    _manager, _new_hire, plan_id = _plan(app, make_user, buddy=buddy)
    login(buddy)
    assert (
        client.post(
            f"/onboarding/plans/{plan_id}/checkins/30/rate", data={"rating": "on_track"}
        ).status_code
        == 403
    )


def test_calendar_feed_is_secret_and_revocable(app, client, login, make_user, loaded_library):
    _manager, new_hire, _plan_id = _plan(app, make_user)
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
    assert not any("Weekly 1:1" in s for s in summaries)  # manager-owned, not the new hire's
    client.post("/onboarding/calendar", data={"action": "revoke"})
    assert anonymous.get(feed_url).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404
