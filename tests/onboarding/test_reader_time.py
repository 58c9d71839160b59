"""Onboarding in the reader's time: "today" is the reader's date (a Chicago evening is not
tomorrow yet), wall-clock times the clocks skip are refused, the zone picker is the grouped
one of canonical names (a stored old name still accepted), and the calendar feed carries the
1:1s and ride-alongs the new hire attends."""

from __future__ import annotations

from datetime import date, datetime

from freezegun import freeze_time
from icalendar import Calendar
from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.models import CheckIn, OnboardingPlan
from tests.builders import log_in

#: 02:00 UTC on 3 Dec 2026 is 20:00 on 2 Dec in Chicago and 02:00 on 3 Dec in London.
LATE_IN_CHICAGO = "2026-12-03 02:00:00"
DUE = date(2026, 12, 2)


def _one_open_item_due(app, plan_id: int, due: date) -> int:
    """Leave one open item on the plan, due ``due``; tick every other one off."""
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        kept, *rest = plan.items
        kept.due_date = due
        for item in rest:
            item.done_at = utcnow()
        db.session.commit()
        return kept.id


def _set_zone(app, person, zone: str | None) -> None:
    with app.app_context():
        db.session.get(User, person.id).time_zone = zone
        db.session.commit()


@freeze_time(LATE_IN_CHICAGO)
def test_an_item_due_today_is_due_in_chicago_and_overdue_in_london(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan(start=date(2026, 11, 16))
    _one_open_item_due(app, plan_id, DUE)
    log_in(client, manager)  # builders' people are in America/Chicago

    page = client.get(f"/onboarding/plans/{plan_id}").text
    week = page[page.index('id="this-week"') : page.index('id="phases"')]
    assert "Overdue (" not in week and "At risk:" not in page
    assert "Due by" not in week and "Wed 2 Dec" in week
    assert "day 17 of 90" in page  # 16 Nov is day 1; 2 Dec in Chicago is day 17
    home = client.get("/").text
    assert "was due Wed 2 Dec" not in home

    _set_zone(app, manager, "Europe/London")
    page = client.get(f"/onboarding/plans/{plan_id}").text
    week = page[page.index('id="this-week"') : page.index('id="phases"')]
    assert "Overdue (1)" in week and "day 18 of 90" in page


@freeze_time(LATE_IN_CHICAGO)
def test_the_date_fields_default_to_the_readers_today(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan(start=date(2026, 11, 16))
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert 'name="recorded_on" value="2026-12-02"' in page
    assert "2026-12-03" not in page


def test_a_meeting_time_the_clocks_skip_is_refused_beside_the_time(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    response = client.post(
        f"/onboarding/plans/{plan_id}/checkins/30/schedule",
        data={
            "day": "2026-03-08",
            "time": "02:30",
            "minutes": "30",
            "time_zone": "America/Chicago",
        },
    )
    assert response.status_code == 400
    page = response.text
    message = "02:30 does not exist on 8 Mar 2026 in Chicago"
    label = page[: page.index(message)].rsplit("<label>", 1)[1]
    assert label.startswith("Time") and 'name="time"' in label
    with app.app_context():
        assert all(at is None for at in db.session.scalars(select(CheckIn.scheduled_at)))


def test_a_fall_back_time_is_the_first_of_the_two(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    response = client.post(
        f"/onboarding/plans/{plan_id}/checkins/30/schedule",
        data={"day": "2026-11-01", "time": "01:30", "time_zone": "America/Chicago"},
    )
    assert response.status_code == 302
    with app.app_context():
        checkin = db.session.scalars(select(CheckIn).where(CheckIn.milestone == 30)).one()
        assert checkin.scheduled_at == datetime.fromisoformat("2026-11-01T06:30:00+00:00")  # CDT


def test_the_meeting_forms_offer_the_grouped_canonical_zones(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert "<datalist" not in page and 'list="time-zones"' not in page
    assert '<select name="time_zone">' in page and '<optgroup label="Europe">' in page
    assert '<option value="America/Chicago" selected>Chicago (UTC-' in page
    assert 'value="Europe/Kyiv"' in page and 'value="Asia/Kolkata"' in page
    assert 'value="Europe/Kiev"' not in page and 'value="Asia/Calcutta"' not in page


def test_a_zone_stored_under_its_old_name_is_still_accepted_and_shown(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    response = client.post(
        f"/onboarding/plans/{plan_id}/checkins/30/schedule",
        data={"day": "2027-01-18", "time": "10:00", "time_zone": "Asia/Calcutta"},
    )
    assert response.status_code == 302
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert '<option value="Asia/Calcutta" selected>' in page  # the plan's last-used zone


def test_the_new_hire_feed_holds_the_meetings_the_manager_owns(
    app, client, loaded_library, make_plan
):
    _manager, new_hire, plan_id = make_plan()
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        meeting_items = [
            i for i in plan.items if i.kind in (ItemKind.ONE_ON_ONE, ItemKind.RIDE_ALONG)
        ]
        owned = {i.title for i in meeting_items if i.owner == ItemOwner.MANAGER}
        others = [i for i in plan.items if i.owner == ItemOwner.MANAGER and i not in meeting_items]
        other_titles = {i.title for i in others} - {i.title for i in plan.items if i not in others}
        assert owned, "the template has manager-owned 1:1s or ride-alongs"
    client.post("/logout")
    log_in(client, new_hire)
    client.post("/onboarding/calendar", data={"action": "create"})
    with app.app_context():
        token = db.session.get(User, new_hire.id).calendar_token
    body = app.test_client().get(f"/calendar/{token}.ics").data
    summaries = {str(e["summary"]) for e in Calendar.from_ical(body).walk("VEVENT")}
    assert owned <= summaries
    assert not other_titles & summaries  # the manager's own tasks stay out
    account = client.get("/account").text
    assert "every open 1:1 and ride-along item" in account


def test_hires_awaiting_a_plan_include_the_hiring_managers(app, loaded_library, make_user):
    from hiring.onboarding.queries import hires_awaiting_plan
    from hiring.positions.models import Position
    from tests import builders

    with app.app_context():
        hiring_manager = builders.user(roles=["hiring_manager"], name="Hana Lead")
        other_manager = builders.user(roles=["hiring_manager"], name="Omar Boss")
        position = builders.position(manager=hiring_manager)
        application = builders.application(position.id, name="Casey Nguyen")
        builders.hire(application, other_manager)
        for person in (hiring_manager, other_manager):
            found = hires_awaiting_plan(db.session.get(User, person.id))
            assert [d.application.candidate.name for d in found] == ["Casey Nguyen"]
        assert db.session.get(Position, position.id).hiring_manager_id == hiring_manager.id
        bystander = builders.user(roles=["hiring_manager"])
        assert hires_awaiting_plan(db.session.get(User, bystander.id)) == []
