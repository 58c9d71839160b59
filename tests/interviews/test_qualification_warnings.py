"""Scheduling warns when an interviewer is not qualified for a must-have the stage assesses
(issue #17, item 4): nothing is booked until someone else is picked, they move to shadows, or
an admin or the position's hiring manager goes ahead with a reason, which is kept."""

from __future__ import annotations

from datetime import timedelta

import icalendar
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.db import db, utcnow
from hiring.interviews.models import Interview, InterviewInterviewer
from hiring.mail.models import OutboxMessage
from hiring.scorecards.models import Scorecard
from hiring.training.models import QualificationOverride
from tests import builders
from tests.support.html import tags

WARNING = "Not qualified for a must-have this stage assesses"
REASON = "Only Jamie has met this account; Sam joins the next stage."


def _booking(position, **extra):
    return {
        # The behavioural stage assesses all five; discovery and closing are must-haves.
        "stage_id": position.stage_ids[1],
        "date": (utcnow() + timedelta(days=5)).date().isoformat(),
        "time": "10:00",
        "time_zone": "America/Chicago",
        "duration_minutes": 60,
        **extra,
    }


def _setup(app, make_user, make_position):
    manager = make_user(roles=["hiring_manager"], name="Morgan Patel")
    recruiter = make_user(roles=["recruiter"], name="Riley Brooks")
    jamie = make_user(roles=["interviewer"], name="Jamie Ortiz")
    sam = make_user(roles=["interviewer"], name="Sam Rivera")
    position = make_position(manager=manager, recruiter=recruiter)
    with app.app_context():
        builders.qualify(sam)
        application = builders.application(position.id, name="Casey Nguyen")
    return manager, recruiter, jamie, sam, position, application


def _stored(app):
    with app.app_context():
        return (
            db.session.scalars(select(Interview.id)).all(),
            db.session.scalars(select(QualificationOverride)).all(),
        )


def test_an_unqualified_interviewer_on_a_must_have_stage_is_warned_about(
    app, client, login, make_user, make_position
):
    manager, recruiter, jamie, sam, position, application = _setup(app, make_user, make_position)
    with app.app_context():
        builders.practice_passed(jamie, "discovery")
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[jamie.id, sam.id]),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    (warning,) = tags(page, "div", role="alert", aria_labelledby="qualification-heading")
    assert WARNING in page
    # Each person and what they lack, by name, with how far they got; Sam is qualified.
    assert "<strong>Jamie Ortiz</strong>: Discovery (practised), Closing (in training)" in page
    assert "<strong>Sam Rivera</strong>" not in page
    assert "move them to <strong>Shadows</strong>" in page
    # A recruiter cannot go ahead: they are told who can.
    assert "Only an admin or the position's hiring manager (Morgan Patel) can go ahead" in page
    assert not tags(page, "input", name="go_ahead")
    assert _stored(app) == ([], [])
    assert warning is not None and manager


def test_a_qualified_panel_books_without_a_warning(app, client, login, make_user, make_position):
    _, recruiter, jamie, sam, position, application = _setup(app, make_user, make_position)
    with app.app_context():
        builders.qualify(jamie, "discovery", "closing")
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[jamie.id, sam.id]),
    )
    assert response.status_code == 302
    interviews, overrides = _stored(app)
    assert len(interviews) == 1 and overrides == []


def test_a_stage_without_must_haves_needs_no_qualification(
    app, client, login, make_user, make_position
):
    _, recruiter, jamie, _, position, application = _setup(app, make_user, make_position)
    with app.app_context():
        builders.stage_focus(position.stage_ids[1], "resilience", "coachability")
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}", data=_booking(position, interviewers=[jamie.id])
    )
    assert response.status_code == 302
    assert WARNING not in client.get(response.location).get_data(as_text=True)


def test_a_recruiter_cannot_go_ahead(app, client, login, make_user, make_position):
    _, recruiter, jamie, _, position, application = _setup(app, make_user, make_position)
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[jamie.id], go_ahead="y", override_reason=REASON),
    )
    assert response.status_code == 400
    assert WARNING in response.get_data(as_text=True)
    assert _stored(app) == ([], [])


def test_the_hiring_manager_and_an_admin_go_ahead_with_a_reason(
    app, client, login, make_user, make_position
):
    manager, _, jamie, sam, position, application = _setup(app, make_user, make_position)
    admin = make_user(roles=["admin"], name="Avery Stone")
    for person in (manager, admin):
        login(person)
        warned = client.post(
            f"/interviews/schedule/{application.id}",
            data=_booking(position, interviewers=[jamie.id, sam.id]),
        ).get_data(as_text=True)
        assert WARNING in warned
        (box,) = tags(warned, "input", name="go_ahead")
        assert tags(warned, "label", **{"for": "override_reason"}) and box

        done = client.post(
            f"/interviews/schedule/{application.id}",
            data=_booking(
                position, interviewers=[jamie.id, sam.id], go_ahead="y", override_reason=REASON
            ),
        )
        assert done.status_code == 302
        client.post("/logout")

    with app.app_context():
        interviews = db.session.scalars(select(Interview).order_by(Interview.id)).all()
        overrides = db.session.scalars(
            select(QualificationOverride).order_by(QualificationOverride.id)
        ).all()
        # One go-ahead per unqualified interviewer (Sam is qualified), on each interview.
        assert [
            (o.interviewer_id, o.competency_keys, o.reason, o.decided_by_id, o.interview_id)
            for o in overrides
        ] == [
            (jamie.id, "discovery,closing", REASON, manager.id, interviews[0].id),
            (jamie.id, "discovery,closing", REASON, admin.id, interviews[1].id),
        ]
        assert all(o.plan_stage_id is None for o in overrides)
        audited = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "training.override_recorded")
        ).all()
        assert [(a.actor_id, a.after["reason"]) for a in audited] == [
            (manager.id, REASON),
            (admin.id, REASON),
        ]


def test_a_reason_too_short_is_refused_beside_its_field(
    app, client, login, make_user, make_position
):
    manager, _, jamie, _, position, application = _setup(app, make_user, make_position)
    login(manager)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[jamie.id], go_ahead="y", override_reason="ok"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    (error,) = tags(page, "small", id="override_reason-error")
    assert error is not None
    assert "at least 10 characters" in page.split('id="override_reason-error"')[1][:200]
    # The warning stays, with the go-ahead ticked and the reason as typed.
    assert WARNING in page and "checked" in tags(page, "input", name="go_ahead")[0]
    assert _stored(app) == ([], [])


def test_shadows_sit_in_with_a_card_kept_out_of_the_debrief(
    app, client, login, make_user, make_position
):
    _, recruiter, jamie, sam, position, application = _setup(app, make_user, make_position)
    login(recruiter)

    # Jamie cannot rate the must-haves yet, so Jamie sits in as a shadow: no warning.
    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[sam.id], shadows=[jamie.id]),
    )
    assert response.status_code == 302
    with app.app_context():
        interview = db.session.scalar(select(Interview))
        seats = {i.user_id: i.shadow for i in db.session.scalars(select(InterviewInterviewer))}
        cards = {c.interviewer_id: c.shadow for c in db.session.scalars(select(Scorecard))}
        mails = {m.to_address: m for m in db.session.scalars(select(OutboxMessage))}
        assert seats == {sam.id: False, jamie.id: True}
        assert cards == {sam.id: False, jamie.id: True}
        assert db.session.scalars(select(QualificationOverride)).all() == []
    # The shadow gets what an interviewer gets: the e-mail with the kit, invite and card.
    assert set(mails) == {sam.email, jamie.email}
    shadow_mail = mails[jamie.email].body_text
    assert "You are shadowing the interview of Casey Nguyen" in shadow_mail
    assert "kept out of the debrief" in shadow_mail
    for link in ("/kit", "/invite.ics", "/scorecard"):
        assert f"/interviews/{interview.id}{link}" in shadow_mail
        assert f"/interviews/{interview.id}{link}" in mails[sam.email].body_text
    assert "kept out of the debrief" not in mails[sam.email].body_text
    detail = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "<dt>Interviewers</dt><dd>Sam Rivera</dd>" in detail
    assert "<dt>Shadows</dt><dd>Jamie Ortiz <small" in detail
    # The shadow's card is theirs alone: it is not among the panel's cards on this page.
    assert "<strong>Jamie Ortiz</strong>" not in detail
    # In the calendar invitation the shadow is an optional attendee.
    invite = client.get(f"/interviews/{interview.id}/invite.ics")
    attendees = icalendar.Calendar.from_ical(invite.data).walk("VEVENT")[0]["ATTENDEE"]
    roles = {str(a).removeprefix("mailto:"): a.params["ROLE"] for a in attendees}
    assert roles == {sam.email: "REQ-PARTICIPANT", jamie.email: "OPT-PARTICIPANT"}


def test_nobody_both_interviews_and_shadows(app, client, login, make_user, make_position):
    _, recruiter, _, sam, position, application = _setup(app, make_user, make_position)
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[sam.id], shadows=[sam.id]),
    )
    assert response.status_code == 400
    (error,) = tags(response.get_data(as_text=True), "small", id="shadows-error")
    assert error is not None
    assert "Sam Rivera cannot both interview and shadow" in response.get_data(as_text=True)
    assert _stored(app) == ([], [])


def test_a_lapsed_qualification_warns_again(app, client, login, make_user, make_position):
    _, recruiter, jamie, sam, position, application = _setup(app, make_user, make_position)
    with app.app_context():
        builders.lapse_after(1)
        builders.qualify(jamie, "discovery", "closing", at=utcnow() - timedelta(days=40))
        builders.qualify(sam, at=utcnow() - timedelta(days=10))  # still within the month
    login(recruiter)

    response = client.post(
        f"/interviews/schedule/{application.id}",
        data=_booking(position, interviewers=[jamie.id, sam.id]),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        "<strong>Jamie Ortiz</strong>: Discovery (lapsed, now in training), "
        "Closing (lapsed, now in training)" in page
    )
    assert "<strong>Sam Rivera</strong>" not in page


def test_the_warning_reads_a_bounded_number_of_queries_as_training_history_grows(
    app, client, login, make_user, make_position, count_queries
):
    _, recruiter, jamie, sam, position, application = _setup(app, make_user, make_position)
    login(recruiter)
    booking = _booking(position, interviewers=[jamie.id, sam.id])
    with count_queries() as few:
        assert (
            client.post(f"/interviews/schedule/{application.id}", data=booking).status_code == 400
        )
    with app.app_context():
        for days in range(1, 8):
            builders.practice_passed(jamie, "discovery", at=utcnow() - timedelta(days=days))
            builders.qualify(sam, at=utcnow() - timedelta(days=days))
    with count_queries() as many:
        assert (
            client.post(f"/interviews/schedule/{application.id}", data=booking).status_code == 400
        )
    assert many.count == few.count, many
