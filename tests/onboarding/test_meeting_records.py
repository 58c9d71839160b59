"""Recording a 1:1 or a ride-along ticks off the plan item it fulfils, and meetings with a time
reach the calendar feed as timed events (parsed with icalendar and vobject)."""

from __future__ import annotations

import re
from datetime import date, datetime

import vobject
from icalendar import Calendar
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.auth.models import User
from hiring.db import db
from hiring.library.schema import ItemKind, ItemOwner
from hiring.onboarding.models import CheckIn, MeetingRecord, OnboardingPlan, PlanItem
from hiring.onboarding.services import items as item_services
from tests.builders import log_in


def _open_items(plan_id: int, kind: ItemKind) -> list[PlanItem]:
    plan = db.session.get(OnboardingPlan, plan_id)
    return [i for i in plan.items if i.kind == kind and not i.done]


def _one_on_one(**extra: str) -> dict[str, str]:
    return {"kind": "one_on_one", "held_on": "2027-01-18", "agenda": "Week 1", **extra}


def test_a_one_on_one_ticks_the_item_the_form_proposes(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        first = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0]
        first_id, first_title = first.id, first.title
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    # The earliest open 1:1 item is proposed.
    assert re.search(rf'<option value="{first_id}" selected>{re.escape(first_title)}', page)
    response = client.post(
        f"/onboarding/plans/{plan_id}/meetings", data=_one_on_one(item_id=str(first_id))
    )
    assert response.status_code == 302
    with app.app_context():
        item = db.session.get(PlanItem, first_id)
        meeting = db.session.scalars(select(MeetingRecord)).one()
        assert item.done and item.meeting_id == meeting.id
        assert item.completion_note == "1:1 recorded for Mon 18 Jan 2027"
        done = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "onboarding.item_done", AuditEvent.object_id == first_id
            )
        ).one()
        assert done.after["meeting"] == meeting.id
    page = client.get(f"/onboarding/plans/{plan_id}").text
    row = page[page.index(f'id="item-{first_id}"') :]
    assert "✓ Done: 1:1 recorded for Mon 18 Jan 2027" in row[: row.index("</li>")]
    assert f'href="#meeting-{meeting.id}"' in row[: row.index("</li>")]
    assert f'id="meeting-{meeting.id}"' in page


def test_the_same_item_is_not_ticked_twice(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        first_id = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0].id
    log_in(client, manager)
    url = f"/onboarding/plans/{plan_id}/meetings"
    client.post(url, data=_one_on_one(item_id=str(first_id)))
    again = client.post(url, data=_one_on_one(item_id=str(first_id), agenda="Second"))
    assert again.status_code == 400
    assert "is already done; choose another item or none" in again.text
    assert "Second</textarea>" in again.text  # what was typed is kept
    with app.app_context():
        assert db.session.query(MeetingRecord).count() == 1
        ticks = db.session.scalars(
            select(AuditEvent).where(
                AuditEvent.action == "onboarding.item_done", AuditEvent.object_id == first_id
            )
        ).all()
        assert len(ticks) == 1
    # The next form proposes the next open 1:1.
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert f'<option value="{first_id}"' not in page


def test_recording_without_a_matching_item_still_works(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    ride_form = page[page.index('id="record-ride-along"') :]
    assert 'name="item_id"' not in ride_form[: ride_form.index("</form>")]  # none to tick
    data = {"kind": "ride_along", "held_on": "2027-01-20", "focus_points": "Open with a question"}
    assert client.post(f"/onboarding/plans/{plan_id}/meetings", data=data).status_code == 302
    data = _one_on_one(item_id="")
    assert client.post(f"/onboarding/plans/{plan_id}/meetings", data=data).status_code == 302
    with app.app_context():
        assert db.session.query(MeetingRecord).count() == 2
        assert not any(i.meeting_id for i in db.session.scalars(select(PlanItem)))


def test_a_ride_along_ticks_a_ride_along_item_and_only_that_kind(
    app, client, loaded_library, make_plan
):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        plan = db.session.get(OnboardingPlan, plan_id)
        boss = db.session.get(User, manager.id)
        ride = item_services.add_item(
            plan,
            expected_version=plan.version,
            title="Ride along on two discovery calls",
            description="",
            kind=ItemKind.RIDE_ALONG,
            owner=ItemOwner.MANAGER,
            due=plan.start_date,
            evidence_required=True,
            actor=boss,
        )
        db.session.commit()
        ride_id = ride.id
        one_id = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0].id
    log_in(client, manager)
    url = f"/onboarding/plans/{plan_id}/meetings"
    ride_along = {"kind": "ride_along", "held_on": "2027-01-20", "focus_points": "Pause longer"}
    wrong = client.post(url, data={**ride_along, "item_id": str(one_id)})
    assert wrong.status_code == 400 and "Choose a Ride-along item of this plan" in wrong.text
    assert client.post(url, data={**ride_along, "item_id": str(ride_id)}).status_code == 302
    with app.app_context():
        item = db.session.get(PlanItem, ride_id)
        assert item.done and item.meeting_id is not None  # the record is its evidence
        assert not db.session.get(PlanItem, one_id).done


def test_reopening_a_ticked_item_unlinks_the_record(app, client, loaded_library, make_plan):
    manager, _new_hire, plan_id = make_plan()
    with app.app_context():
        first_id = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0].id
    log_in(client, manager)
    client.post(f"/onboarding/plans/{plan_id}/meetings", data=_one_on_one(item_id=str(first_id)))
    client.post(f"/onboarding/plans/{plan_id}/items/{first_id}/reopen")
    with app.app_context():
        item = db.session.get(PlanItem, first_id)
        assert not item.done and item.meeting_id is None
        assert db.session.query(MeetingRecord).count() == 1


def test_only_the_manager_books_a_check_in(app, client, loaded_library, make_plan):
    manager, new_hire, plan_id = make_plan()
    url = f"/onboarding/plans/{plan_id}/checkins/30/schedule"
    booking = {"day": "2027-02-09", "time": "10:00", "minutes": "45", "time_zone": "Europe/London"}
    log_in(client, new_hire)
    assert client.post(url, data=booking).status_code == 403
    client.post("/logout")
    log_in(client, manager)
    unknown = client.post(url, data={**booking, "time_zone": "Mars/Olympus"})
    assert unknown.status_code == 400 and "Choose a time zone from the list" in unknown.text
    assert client.post(url, data=booking).status_code == 302
    with app.app_context():
        checkin = db.session.scalars(select(CheckIn).where(CheckIn.milestone == 30)).one()
        assert checkin.scheduled_at == datetime.fromisoformat("2027-02-09T10:00:00+00:00")
        assert (checkin.minutes, checkin.time_zone) == (45, "Europe/London")


def _feed(app, client, person) -> bytes:
    client.post("/logout")
    log_in(client, person)
    client.post("/onboarding/calendar", data={"action": "create"})
    with app.app_context():
        token = db.session.get(User, person.id).calendar_token
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return response.data


def test_the_feed_carries_meetings_and_check_ins_at_their_time(
    app, client, loaded_library, make_plan
):
    manager, new_hire, plan_id = make_plan()
    with app.app_context():
        first_id = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0].id
    log_in(client, manager)
    client.post(
        f"/onboarding/plans/{plan_id}/meetings",
        data=_one_on_one(
            item_id=str(first_id), time="10:00", minutes="30", time_zone="America/Chicago"
        ),
    )
    client.post(
        f"/onboarding/plans/{plan_id}/checkins/30/schedule",
        data={"day": "2027-02-09", "time": "15:30", "minutes": "45", "time_zone": "Europe/London"},
    )
    body = _feed(app, client, new_hire)
    text = body.decode()

    assert "METHOD" not in text and "ATTENDEE" not in text  # a subscription, not an invitation
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Chicago" in text and "RRULE:" in text
    assert "DTSTART;TZID=America/Chicago:20270118T100000" in text
    assert "DTEND;TZID=America/Chicago:20270118T103000" in text
    assert "DTSTART;TZID=Europe/London:20270209T153000" in text
    assert re.search(r"DTSTART;VALUE=DATE:\d{8}", text)  # plan items stay all-day

    calendar = Calendar.from_ical(body)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert all("@" in str(e["uid"]) for e in events.values())
    one = events["1:1"]
    start = one.decoded("dtstart")
    assert isinstance(start, datetime) and start.tzinfo is not None
    assert start.isoformat() == "2027-01-18T10:00:00-06:00"
    checkin = events["Day-30 check-in"]
    assert checkin.decoded("dtstart").isoformat() == "2027-02-09T15:30:00+00:00"
    item = events["Product certification"]
    assert type(item.decoded("dtstart")) is date

    parsed = vobject.readOne(text)
    starts = {str(v.summary.value): v.dtstart.value for v in parsed.vevent_list}
    assert starts["1:1"].utcoffset().total_seconds() == -6 * 3600
    assert starts["1:1"].hour == 10 and type(starts["Product certification"]) is date
    assert all("@" in v.uid.value for v in parsed.vevent_list)


def test_the_feed_shows_meetings_to_the_manager_and_new_hire_only(
    app, client, loaded_library, make_plan, make_user
):
    buddy = make_user(roles=["interviewer"])
    manager, _new_hire, plan_id = make_plan(buddy=buddy)
    log_in(client, manager)
    client.post(
        f"/onboarding/plans/{plan_id}/meetings",
        data=_one_on_one(time="09:00", time_zone="America/Chicago"),
    )
    manager_feed = _feed(app, client, manager).decode()
    assert "SUMMARY:1:1 (Noah Kim)" in manager_feed
    buddy_feed = _feed(app, client, buddy).decode()
    assert "1:1" not in buddy_feed and "check-in" not in buddy_feed
