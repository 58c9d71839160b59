"""Coaching 1:1s and ride-alongs in each party's personal calendar feed, as timed events in
the zone they were set in (parsed with icalendar and vobject), and in nobody else's."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar
from sqlalchemy import select

from hiring.auth.models import User
from hiring.coaching.models import CallRole, CallStage, MeetingStatus, OneOnOne, RideAlong
from hiring.db import db, utcnow
from hiring.onboarding import feed
from tests import builders


def _feed(app, person) -> str:
    with app.app_context():
        token = feed.rotate_token(db.session.get(User, person.id))
        db.session.commit()
    response = app.test_client().get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    return response.data.decode()


def test_1_1s_and_ride_alongs_are_timed_events_in_both_feeds(app, team):
    start = (utcnow() + timedelta(days=3)).replace(hour=16, minute=0, second=0, microsecond=0)
    with app.app_context():
        builders.coaching_cadence(team.rep, first_on=(utcnow() + timedelta(days=2)).date())
        meeting = db.session.scalar(select(OneOnOne))
        cancelled = builders.one_on_one(team.rep, at=start + timedelta(days=1))
        db.session.get(OneOnOne, cancelled).status = MeetingStatus.CANCELLED
        db.session.add(
            RideAlong(
                rep_id=team.rep.id,
                manager_id=team.manager.id,
                scheduled_at=start,
                minutes=60,
                time_zone="Europe/London",
                account="Acme",
                objective="Discovery on the renewal",
                call_stage=CallStage.DISCOVERY,
                manager_role=CallRole.OBSERVE,
            )
        )
        db.session.commit()
        local = meeting.scheduled_at.astimezone(ZoneInfo("America/Chicago"))
    for person, other in ((team.rep, "Morgan Patel"), (team.manager, "Noah Kim")):
        text = _feed(app, person)
        assert f"SUMMARY:1:1 with {other}" in text
        assert f"SUMMARY:Ride-along with {other}: Acme" in text
        assert f"DTSTART;TZID=America/Chicago:{local:%Y%m%dT%H%M%S}" in text
        assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in text
        assert text.count("SUMMARY:1:1 with") == 1  # the cancelled one is left out
        events = {str(e["summary"]): e for e in Calendar.from_ical(text).walk("VEVENT")}
        assert events[f"1:1 with {other}"].decoded("dtstart") == meeting.scheduled_at
        parsed = vobject.readOne(text)
        starts = {str(v.summary.value): v.dtstart.value for v in parsed.vevent_list}
        ride = starts[f"Ride-along with {other}: Acme"]
        assert isinstance(ride, datetime) and ride == start
        assert ride.utcoffset() is not None
        assert any("/coaching/ride-alongs/" in v.description.value for v in parsed.vevent_list)


def test_nobody_else_gets_them(app, team):
    with app.app_context():
        builders.coaching_cadence(team.rep)
    for person in (team.skip_level, team.peer, team.other_manager):
        assert "1:1 with" not in _feed(app, person)
