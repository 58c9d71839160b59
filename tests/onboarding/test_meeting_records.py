"""1:1s and ride-alongs are kept in coaching: the plan page shows the new hire's coaching and
links there (the manager and the new hire only), holding a 1:1 ticks the plan's item with a
link to the record, the old record address sends people to coaching without saving anything,
and the calendar feed has each 1:1 once, at its time, next to the plan's timed check-ins
(parsed with icalendar and vobject)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar
from sqlalchemy import func, select

from hiring.auth.models import User
from hiring.coaching.models import MeetingStatus, OneOnOne, RideAlong
from hiring.db import db, utcnow
from hiring.library.schema import ItemKind
from hiring.onboarding.models import CheckIn, OnboardingPlan, PlanItem
from tests import builders
from tests.builders import log_in, switch_to


def _open_items(plan_id: int, kind: ItemKind) -> list[PlanItem]:
    plan = db.session.get(OnboardingPlan, plan_id)
    return [i for i in plan.items if i.kind == kind and not i.done]


def _section(page: str) -> str:
    start = page.index('id="meetings"')
    return page[start : page.index("</section>", start)]


def test_the_plan_shows_the_coaching_summary_with_links_for_the_manager(
    app, client, loaded_library, make_plan, make_user
):
    buddy = make_user(roles=["interviewer"], name="Jamie Buddy")
    manager, new_hire, plan_id = make_plan(buddy=buddy)
    now = utcnow()
    with app.app_context():
        held = [builders.history_one_on_one(new_hire, now - timedelta(days=7 * n)) for n in (1, 2)]
        upcoming = builders.history_one_on_one(
            new_hire, now + timedelta(days=2), status=MeetingStatus.SCHEDULED
        )
        ride = builders.history_ride_along(new_hire, now - timedelta(days=3))
        planned = builders.history_ride_along(
            new_hire, now + timedelta(days=5), status=MeetingStatus.SCHEDULED
        )
    log_in(client, manager)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    section = _section(page)
    assert f'href="/coaching/people/{new_hire.id}"' in section
    assert f'href="/coaching/one-on-ones/{upcoming}"' in section  # the next 1:1
    assert all(f'href="/coaching/one-on-ones/{m}"' in section for m in held)
    assert f'href="/coaching/ride-alongs/{planned}"' in section
    assert f'href="/coaching/ride-alongs/{ride}"' in section
    assert ">Record a 1:1</a>" in section and ">Plan a ride-along</a>" in section
    assert f'href="/coaching/people/{new_hire.id}/ride-alongs/new"' in section
    # No record forms on the plan any more: 1:1s and ride-alongs are recorded in coaching.
    assert f"/onboarding/plans/{plan_id}/meetings" not in page
    assert 'id="record-one-on-one"' not in page and 'id="record-ride-along"' not in page

    switch_to(client, new_hire)
    section = _section(client.get(f"/onboarding/plans/{plan_id}").text)
    assert f'href="/coaching/one-on-ones/{upcoming}"' in section
    assert f'href="/coaching/ride-alongs/{ride}"' in section
    assert "Record a 1:1" not in section and "Plan a ride-along" not in section

    switch_to(client, buddy)
    page = client.get(f"/onboarding/plans/{plan_id}").text
    assert 'id="meetings"' not in page and "/coaching/" not in page


def test_an_empty_coaching_history_says_so_and_points_the_manager_to_the_cadence(
    app, client, loaded_library, make_plan
):
    manager, new_hire, plan_id = make_plan()
    log_in(client, manager)
    section = _section(client.get(f"/onboarding/plans/{plan_id}").text)
    assert "No 1:1 scheduled: set Noah's cadence on the coaching page." in section
    assert "None planned." in section and section.count("None held yet.") == 2
    assert f'href="/coaching/people/{new_hire.id}#next-one-on-one">Record a 1:1' in section


def test_a_1_1_held_in_coaching_ticks_the_plan_item_which_links_to_it(
    app, client, loaded_library, make_plan
):
    manager, new_hire, plan_id = make_plan()
    with app.app_context():
        meeting_id = builders.one_on_one(new_hire, at=utcnow() - timedelta(minutes=10))
        first_id = _open_items(plan_id, ItemKind.ONE_ON_ONE)[0].id
    log_in(client, manager)
    section = _section(client.get(f"/onboarding/plans/{plan_id}").text)
    # A 1:1 under way: "Record a 1:1" opens it, where it is recorded as held.
    assert f'href="/coaching/one-on-ones/{meeting_id}">Record a 1:1' in section
    held = {
        "version": "1",
        "deal_coaching": "y",
        "opportunities": "Acme renewal",
        "next_steps": "Proposal by Friday",
    }
    assert client.post(f"/coaching/one-on-ones/{meeting_id}/held", data=held).status_code == 302
    with app.app_context():
        assert db.session.get(PlanItem, first_id).done
    page = client.get(f"/onboarding/plans/{plan_id}").text
    row = page[page.index(f'id="item-{first_id}"') :]
    row = row[: row.index("</li>")]
    assert "✓ Done: Coaching 1:1 held" in row
    assert f'href="/coaching/one-on-ones/{meeting_id}">the record</a>' in row
    assert f'href="/coaching/one-on-ones/{meeting_id}"' in _section(page)  # last held


def test_the_old_record_address_sends_people_to_coaching_and_saves_nothing(
    app, client, loaded_library, make_plan, make_user
):
    buddy = make_user(roles=["interviewer"], name="Jamie Buddy")
    manager, new_hire, plan_id = make_plan(buddy=buddy)
    url = f"/onboarding/plans/{plan_id}/meetings"
    typed = {"kind": "one_on_one", "held_on": "2027-01-18", "notes": "Typed in an old tab"}
    log_in(client, manager)
    response = client.post(url, data=typed)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/coaching/people/{new_hire.id}"
    coaching = client.get(response.headers["Location"]).text
    assert "1:1s and ride-alongs are kept on Noah&#39;s coaching page now." in coaching
    assert "Nothing was saved from the old form" in coaching
    bookmark = client.get(url)
    assert bookmark.headers["Location"] == f"/coaching/people/{new_hire.id}"
    assert "Nothing was saved" not in client.get(bookmark.headers["Location"]).text
    with app.app_context():
        assert db.session.scalar(select(func.count(OneOnOne.id))) == 0
        assert db.session.scalar(select(func.count(RideAlong.id))) == 0
        assert not any(i.done for i in db.session.scalars(select(PlanItem)))

    switch_to(client, new_hire)
    assert (
        client.post(url, data=typed)
        .headers["Location"]
        .startswith(f"/coaching/people/{new_hire.id}")
    )
    switch_to(client, buddy)
    assert client.post(url, data=typed).status_code == 403
    assert client.get(f"/onboarding/plans/{plan_id + 1}/meetings").status_code == 404


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


def test_the_feed_carries_coaching_1_1s_once_and_check_ins_at_their_time(
    app, client, loaded_library, make_plan
):
    manager, new_hire, plan_id = make_plan()
    # 10:00 in Chicago, two days on (the coaching feed keeps the last 60 days and what comes).
    day = (utcnow() + timedelta(days=2)).date()
    at = datetime.fromisoformat(f"{day.isoformat()}T16:00:00+00:00")
    with app.app_context():
        meeting_id = builders.history_one_on_one(new_hire, at, status=MeetingStatus.SCHEDULED)
    log_in(client, manager)
    client.post(
        f"/onboarding/plans/{plan_id}/checkins/30/schedule",
        data={"day": "2027-02-09", "time": "15:30", "minutes": "45", "time_zone": "Europe/London"},
    )
    body = _feed(app, client, new_hire)
    text = body.decode()

    assert "METHOD" not in text and "ATTENDEE" not in text  # a subscription, not an invitation
    assert "BEGIN:VTIMEZONE\r\nTZID:America/Chicago" in text and "RRULE:" in text
    local = at.astimezone(ZoneInfo("America/Chicago"))
    assert f"DTSTART;TZID=America/Chicago:{local:%Y%m%dT%H%M%S}" in text
    assert "DTSTART;TZID=Europe/London:20270209T153000" in text
    assert re.search(r"DTSTART;VALUE=DATE:\d{8}", text)  # plan items stay all-day
    assert "onboarding-meeting" not in text  # the plan keeps no records of its own

    calendar = Calendar.from_ical(body)
    events = list(calendar.walk("VEVENT"))
    summaries = [str(e["summary"]) for e in events]
    assert summaries.count("1:1 with Morgan Patel") == 1  # once, from coaching
    assert all("@" in str(e["uid"]) for e in events)
    one = next(e for e in events if str(e["summary"]) == "1:1 with Morgan Patel")
    assert str(one["uid"]).startswith(f"coaching-one-on-one-{meeting_id}")
    assert one.decoded("dtstart") == at
    checkin = next(e for e in events if str(e["summary"]) == "Day-30 check-in")
    assert checkin.decoded("dtstart").isoformat() == "2027-02-09T15:30:00+00:00"
    item = next(e for e in events if str(e["summary"]) == "Product certification")
    assert type(item.decoded("dtstart")) is date

    parsed = vobject.readOne(text)
    starts = {str(v.summary.value): v.dtstart.value for v in parsed.vevent_list}
    assert starts["1:1 with Morgan Patel"].hour == local.hour
    assert type(starts["Product certification"]) is date


def test_the_feed_shows_1_1s_to_the_manager_and_new_hire_only(
    app, client, loaded_library, make_plan, make_user
):
    buddy = make_user(roles=["interviewer"])
    manager, new_hire, _plan_id = make_plan(buddy=buddy)
    with app.app_context():
        builders.history_one_on_one(
            new_hire, utcnow() + timedelta(days=1), status=MeetingStatus.SCHEDULED
        )
    manager_feed = _feed(app, client, manager).decode()
    assert "SUMMARY:1:1 with Noah Kim" in manager_feed
    buddy_feed = _feed(app, client, buddy).decode()
    assert "1:1" not in buddy_feed and "check-in" not in buddy_feed


def test_the_plan_page_reads_coaching_in_the_same_queries_as_it_grows(
    app, client, loaded_library, make_plan, count_queries
):
    manager, new_hire, plan_id = make_plan()
    start = utcnow() - timedelta(days=400)
    with app.app_context():
        builders.history_one_on_one(new_hire, start)
        builders.history_ride_along(new_hire, start)
    log_in(client, manager)
    client.get(f"/onboarding/plans/{plan_id}")
    with count_queries() as few:
        client.get(f"/onboarding/plans/{plan_id}")
    with app.app_context():
        for week in range(1, 52):
            builders.history_one_on_one(new_hire, start + timedelta(weeks=week))
            builders.history_ride_along(new_hire, start + timedelta(weeks=week, days=1))
    with count_queries() as many:
        page = client.get(f"/onboarding/plans/{plan_id}").text
    assert _section(page).count("/coaching/one-on-ones/") == 3  # the last three held
    assert many.count == few.count
