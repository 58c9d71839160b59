"""Interview e-mail read away from the app: each time in the recipient's zone, or the
interview's own where they have not chosen one (never the organisation's UTC default), with
the zone named; and a cancellation reaches every interviewer with the calendar file that
removes the event."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import vobject
from icalendar import Calendar
from sqlalchemy import select

from hiring.db import db
from hiring.interviews.models import Interview
from hiring.mail.models import OutboxMessage
from hiring.scorecards import services as scorecard_services
from tests.builders import interview as book
from tests.builders import log_in

CHICAGO = ZoneInfo("America/Chicago")


def _reads(moment, zone):
    local = moment.astimezone(zone)
    # The clock and its zone are held together by a no-break space, as on the pages.
    return f"{local:%a} {local.day} {local:%b %Y}, {local:%H:%M}\N{NO-BREAK SPACE}{local.tzname()}"


def _mail_to(address):
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == address).order_by(OutboxMessage.id)
    ).all()


def test_a_newcomer_without_a_zone_reads_the_interview_in_its_zone_named(
    app, make_user, make_application
):
    app.config["DEFAULT_TIME_ZONE"] = "UTC"
    newcomer = make_user(roles=["interviewer"], time_zone=None)
    application = make_application()
    with app.app_context():
        ref = book(application, [newcomer], starts_in=timedelta(days=3))
        starts_at = db.session.get(Interview, ref.id).starts_at
        (invitation,) = _mail_to(newcomer.email)
    chicago = _reads(starts_at, CHICAGO)
    # Subjects are one header line: the mail service writes plain spaces there.
    assert chicago.replace("\N{NO-BREAK SPACE}", " ") in invitation.subject
    assert f"{chicago} (America/Chicago)" in invitation.body_text
    assert not re.search(r"\d\d:\d\d\sUTC", invitation.body_text + invitation.subject)


def test_an_overdue_reminder_for_a_newcomer_reads_in_the_interviews_zone(
    app, make_user, make_application
):
    app.config["DEFAULT_TIME_ZONE"] = "UTC"
    newcomer = make_user(roles=["interviewer"], time_zone=None)
    application = make_application()
    with app.app_context():
        ref = book(application, [newcomer])  # ended two days ago: its card is overdue
        due = db.session.get(Interview, ref.id).scorecard_due_at
        assert scorecard_services.send_reminders() == 1
        db.session.commit()
        reminder = _mail_to(newcomer.email)[-1]
    assert reminder.subject.startswith("Scorecard overdue")
    assert f"{_reads(due, CHICAGO)} (America/Chicago)" in reminder.body_text
    assert "UTC" not in reminder.body_text


def test_a_cancellation_is_mailed_to_each_interviewer_with_the_cancelling_calendar_file(
    app, client, login, make_user, make_application
):
    london = make_user(roles=["interviewer"], name="Jamie Ortiz", time_zone="Europe/London")
    newcomer = make_user(roles=["interviewer"], name="Sam Rivera", time_zone=None)
    application = make_application(name="Casey Nguyen")
    with app.app_context():
        ref = book(application, [london, newcomer], starts_in=timedelta(days=5))
        starts_at = db.session.get(Interview, ref.id).starts_at
        before = db.session.scalar(select(db.func.count(OutboxMessage.id)))
    login(roles=["admin"])
    response = client.post(f"/interviews/{ref.id}/cancel", data={"reason": "Candidate ill"})
    assert response.status_code == 302
    with app.app_context():
        sent = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.id > before).order_by(OutboxMessage.id)
        ).all()
    assert sorted(m.to_address for m in sent) == sorted([london.email, newcomer.email])
    mails = {m.to_address: m for m in sent}
    for person, zone, name in (
        (london, ZoneInfo("Europe/London"), "Europe/London"),
        (newcomer, CHICAGO, "America/Chicago"),
    ):
        mail = mails[person.email]
        assert mail.subject.startswith("Cancelled: interview with Casey Nguyen")
        assert f"{_reads(starts_at, zone)} ({name})" in mail.body_text
        assert "Candidate ill" in mail.body_text
    link = re.search(r"https?://\S+/invite\.ics", mails[london.email].body_text)
    assert link, mails[london.email].body_text

    # The linked file, fetched by the interviewer, withdraws the invitation.
    reader = app.test_client()
    log_in(reader, london)
    text = reader.get(link.group(0)).get_data(as_text=True)
    calendar = Calendar.from_ical(text)
    event = next(iter(calendar.walk("VEVENT")))
    assert calendar["method"] == "CANCEL" and event["status"] == "CANCELLED"
    assert str(event["uid"]).startswith(f"interview-{ref.id}@")
    assert int(event["sequence"]) > 1
    parsed = vobject.readOne(text)
    assert parsed.method.value == "CANCEL" and parsed.vevent.status.value == "CANCELLED"
    assert parsed.vevent.uid.value == str(event["uid"])


def test_cancelling_twice_mails_once(app, client, login, make_user, make_application):
    person = make_user(roles=["interviewer"])
    application = make_application()
    with app.app_context():
        ref = book(application, [person], starts_in=timedelta(days=5))
    login(roles=["admin"])
    for _ in range(2):
        client.post(f"/interviews/{ref.id}/cancel", data={"reason": ""})
    with app.app_context():
        cancellations = [m for m in _mail_to(person.email) if m.subject.startswith("Cancelled")]
    assert len(cancellations) == 1
