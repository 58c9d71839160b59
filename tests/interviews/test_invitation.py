"""The interview invitation is an iTIP request (RFC 5546) that two independent parsers read
the same way: organiser, attendees asked to reply, a global UID, a rule-based time zone; a
cancelled interview comes as a CANCEL of the same UID with a higher SEQUENCE."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from hiring.db import db
from hiring.interviews.models import Interview
from tests.builders import interview as book


@pytest.fixture
def app_config():
    return {"EXTERNAL_URL": "https://hiring.example.com"}


@pytest.fixture
def booked(app, make_user, make_application):
    """Jamie Ortiz and Sam Rivera interview in three days; Riley Brooks booked it."""
    riley = make_user(roles=["recruiter"], name="Riley Brooks")
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    application = make_application()
    with app.app_context():
        ref = book(application, [jamie, sam], starts_in=timedelta(days=3), booked_by=riley)
    return ref, riley, jamie, sam


def _attendees(event):
    found = event.get("attendee")
    return found if isinstance(found, list) else [found]


def test_the_invitation_is_a_request_with_an_organiser(app, client, login, booked):
    ref, riley, jamie, sam = booked
    login(jamie)
    data = client.get(f"/interviews/{ref.id}/invite.ics").data
    text = data.decode()

    calendar = Calendar.from_ical(data)
    assert calendar["method"] == "REQUEST"
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["uid"]) == f"interview-{ref.id}@hiring.example.com"
    organiser = event["organizer"]
    assert str(organiser) == f"mailto:{riley.email}" and organiser.params["CN"] == "Riley Brooks"
    people = {str(a): a.params for a in _attendees(event)}
    assert set(people) == {f"mailto:{jamie.email}", f"mailto:{sam.email}"}
    for params in people.values():
        assert params["PARTSTAT"] == "NEEDS-ACTION" and params["RSVP"] == "TRUE"
        assert params["ROLE"] == "REQ-PARTICIPANT"
    assert {p["CN"] for p in people.values()} == {"Jamie Ortiz", "Sam Rivera"}
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["tzid"] == "America/Chicago"
    observances = zone.walk("STANDARD") + zone.walk("DAYLIGHT")
    assert len(observances) == 2 and all("RRULE" in o and "RDATE" not in o for o in observances)
    assert "DTSTART;TZID=America/Chicago:" in text and "METHOD:REQUEST" in text
    with app.app_context():
        # iCalendar times are whole seconds.
        starts_at = db.session.get(Interview, ref.id).starts_at.replace(microsecond=0)
    assert event.decoded("dtstart") == starts_at

    parsed = vobject.readOne(text)
    assert parsed.method.value == "REQUEST"
    assert parsed.vevent.uid.value == f"interview-{ref.id}@hiring.example.com"
    assert parsed.vevent.organizer.value == f"mailto:{riley.email}"
    assert parsed.vevent.organizer.params["CN"] == ["Riley Brooks"]
    assert sorted(a.value for a in parsed.vevent.attendee_list) == sorted(
        [f"mailto:{jamie.email}", f"mailto:{sam.email}"]
    )
    assert all(a.params["PARTSTAT"] == ["NEEDS-ACTION"] for a in parsed.vevent.attendee_list)
    start = parsed.vevent.dtstart.value
    assert start == starts_at
    local = starts_at.astimezone(ZoneInfo("America/Chicago"))
    assert start.utcoffset() == local.utcoffset()
    assert start.replace(tzinfo=None) == local.replace(tzinfo=None)


def test_a_cancelled_interview_cancels_the_same_event(app, client, login, booked):
    ref, _riley, jamie, _sam = booked
    login(jamie)
    before = Calendar.from_ical(client.get(f"/interviews/{ref.id}/invite.ics").data)
    first = next(iter(before.walk("VEVENT")))
    client.post("/logout")
    login(roles=["admin"])
    response = client.post(f"/interviews/{ref.id}/cancel", data={"reason": "Candidate ill"})
    assert response.status_code == 302
    client.post("/logout")
    login(jamie)
    text = client.get(f"/interviews/{ref.id}/invite.ics").get_data(as_text=True)
    after = Calendar.from_ical(text)
    event = next(iter(after.walk("VEVENT")))
    assert after["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert str(event["uid"]) == str(first["uid"])
    assert int(event["sequence"]) > int(first["sequence"])
    parsed = vobject.readOne(text)
    assert parsed.method.value == "CANCEL" and parsed.vevent.uid.value == str(first["uid"])
    assert int(parsed.vevent.sequence.value) == int(event["sequence"])


class TestAConfiguredOrganiser:
    @pytest.fixture
    def app_config(self):
        return {
            "EXTERNAL_URL": "https://hiring.example.com",
            "CALENDAR_ORGANIZER": "Hiring team <hiring@example.com>",
        }

    def test_replies_go_to_the_team_mailbox(self, client, login, booked):
        ref, _riley, jamie, _sam = booked
        login(jamie)
        data = client.get(f"/interviews/{ref.id}/invite.ics").data
        organiser = next(iter(Calendar.from_ical(data).walk("VEVENT")))["organizer"]
        assert str(organiser) == "mailto:hiring@example.com"
        assert organiser.params["CN"] == "Hiring team"
