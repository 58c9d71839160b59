"""The same interview, read by a recruiter in Chicago and an interviewer in London: each sees
the same moment at their own local time with the zone named, in the pages, the invitation
e-mail and the calendar invite (the issue's bar; the PDF is in tests/packets)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select

from hiring.db import db, utcnow
from hiring.interviews.models import Interview
from hiring.mail.models import OutboxMessage
from hiring.positions.models import Position
from tests.builders import log_in

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")


def six_hours_apart_day() -> date:
    """A day two weeks or more ahead when London is six hours ahead of Chicago (outside the
    weeks in March and November when only one of them has changed its clocks)."""
    day = utcnow().date() + timedelta(days=14)
    while True:
        local = datetime.combine(day, time(10), CHICAGO)
        if local.astimezone(LONDON).hour == 16:
            return day
        day += timedelta(days=1)


def reads(day: date, hour: int, zone: ZoneInfo) -> str:
    """The app's one convention, spelt out independently: "Wed 2 Dec 2026, 10:00 CST", the
    zone held to its time by a no-break space."""
    abbreviation = datetime.combine(day, time(hour), zone).tzname()
    return f"{day:%a} {day.day} {day:%b %Y}, {hour:02d}:00\u00a0{abbreviation}"


def test_chicago_and_london_each_read_the_interview_in_their_own_zone(
    app, client, login, make_user, make_application, qualify
):
    recruiter = login(roles=["recruiter"], name="Riley Brooks", time_zone="America/Chicago")
    london = make_user(roles=["interviewer"], name="Jamie Ortiz", time_zone="Europe/London")
    chicago = make_user(roles=["interviewer"], name="Sam Rivera", time_zone="America/Chicago")
    qualify(london, chicago)
    application = make_application(name="Casey Nguyen")
    day = six_hours_apart_day()
    chicago_text, london_text = reads(day, 10, CHICAGO), reads(day, 16, LONDON)
    with app.app_context():
        stage_id = db.session.get(Position, application.position_id).current_plan.stages[1].id
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": day.isoformat(),
            "time": "10:00",
            "time_zone": "America/Chicago",
            "duration_minutes": 45,
            "interviewers": [london.id, chicago.id],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        interview_id = db.session.scalar(select(Interview.id))
        mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}

    # The recruiter, in Chicago: the interview page and the application's history.
    detail = client.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert chicago_text in detail and "16:00\u00a0GMT" not in detail
    history = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Interview scheduled for <time" in history and chicago_text in history
    assert not re.search(r"\d\d:\d\d UTC", history.split('id="history"')[1])

    # The interviewer, in London: home, the interview page and its scorecard deadline.
    other = app.test_client()
    log_in(other, london)
    home = other.get("/").get_data(as_text=True)
    assert london_text in home and chicago_text not in home
    detail = other.get(f"/interviews/{interview_id}").get_data(as_text=True)
    assert london_text in detail and "(10:00 Chicago time)" in detail
    # Its scorecard is due 24 hours after the 45 minutes end.
    due = reads(day + timedelta(days=1), 16, LONDON).replace("16:00", "16:45")
    assert "due <time" in detail and due in detail

    # The invitation e-mails: each recipient's own zone, subject and body.
    # A subject is one plain line (``mail.services.queue`` folds its spaces).
    assert london_text.replace("\u00a0", " ") in mails[london.email].subject
    assert london_text in mails[london.email].body_text
    assert chicago_text in mails[chicago.email].body_text
    assert "UTC" not in mails[london.email].body_text

    # The calendar invite: the start with its zone, which a London calendar shows at 16:00.
    invite = other.get(f"/interviews/{interview_id}/invite.ics")
    event = icalendar.Calendar.from_ical(invite.data).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/Chicago"
    start = event.decoded("DTSTART")
    assert start.hour == 10 and start.astimezone(LONDON).hour == 16
    assert recruiter


def test_someone_without_a_zone_is_written_to_in_the_interviews_zone(
    app, client, login, make_user, make_application, qualify
):
    app.config["DEFAULT_TIME_ZONE"] = "Europe/Berlin"
    login(roles=["recruiter"], time_zone="America/Chicago")
    newcomer = make_user(roles=["interviewer"], time_zone=None)
    qualify(newcomer)
    application = make_application()
    day = six_hours_apart_day()
    with app.app_context():
        stage_id = db.session.get(Position, application.position_id).current_plan.stages[1].id
    client.post(
        f"/interviews/schedule/{application.id}",
        data={
            "stage_id": stage_id,
            "date": day.isoformat(),
            "time": "10:00",
            "time_zone": "America/Chicago",
            "duration_minutes": 45,
            "interviewers": [newcomer.id],
        },
    )
    with app.app_context():
        body = db.session.scalar(select(OutboxMessage.body_text))
    # Where the interview happens, not the organisation's default (Berlin here, often UTC).
    assert f"{reads(day, 10, CHICAGO)} (America/Chicago)" in body
    assert reads(day, 17, ZoneInfo("Europe/Berlin")) not in body


def test_the_schedule_form_starts_at_the_schedulers_zone(client, login, make_application):
    login(roles=["recruiter"], time_zone="Europe/London")
    application = make_application()
    page = client.get(f"/interviews/schedule/{application.id}").get_data(as_text=True)
    assert '<option selected value="Europe/London">' in page
    assert page.count("selected") >= 1 and '<optgroup label="Europe">' in page
