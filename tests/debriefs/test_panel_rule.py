"""Issue #12 item 2: independence for everyone on the panel.

Morgan Patel, the hiring manager, is a default interviewer of the plan's last stage
(Role Play). Until Morgan's own card for it is in, no surface shows Marcus Bell's other
ratings, evidence, recommendations, formula verdict or decision to Morgan; the position's
recruiter, on no open stage of Marcus's panel, sees everything as before.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask_login import login_user
from sqlalchemy import delete, select

from hiring.applications.models import Application, ApplicationStatus
from hiring.auth.models import User
from hiring.db import db, utcnow
from hiring.debriefs import permissions as debrief_permissions
from hiring.debriefs.queries import load_debrief
from hiring.interviews import services as interview_services
from hiring.interviews.models import Interview, InterviewStatus
from hiring.mail.models import OutboxMessage
from hiring.packets import services as packets
from hiring.positions.models import PlanStageInterviewer, Position
from hiring.scorecards import services as scorecard_services
from hiring.scorecards.models import Scorecard, ScorecardStatus
from hiring.scorecards.permissions import can_see_others_ratings, owes_scorecard
from tests import builders
from tests.builders import PASSWORD, UserRef, submit_scorecard

#: What Jamie and Sam wrote: none of it may reach a reader who still owes a card.
LEAKS = ("discovery evidence", "Strong yes", "Formula:", "4.00", "Do not hire")


def _no_leak(text: str) -> None:
    # Whole words only: a timestamp's microseconds (14:54:14.004305) are not a score.
    for leak in LEAKS:
        assert not re.search(rf"(?<![\w.]){re.escape(leak)}(?![\w])", text), leak


@pytest.fixture
def later_stage(app, panel):
    """The panel, with the hiring manager a default interviewer of the last stage."""
    with app.app_context():
        last = panel.position.stage_ids[-1]
        db.session.add(PlanStageInterviewer(stage_id=last, user_id=panel.manager.id))
        db.session.commit()
    return panel


def _sees(app, person, application_id):
    with app.app_context():
        user = db.session.get(User, person.id)
        application = db.session.get(Application, application_id)
        return can_see_others_ratings(user, application)


def test_the_hiring_manager_of_a_later_stage_reads_no_rating_on_any_page(
    app, client, login, later_stage
):
    manager, _jamie, _sam, position, application, interview = later_stage
    assert not _sees(app, manager, application.id)
    login(manager)
    debrief = client.get(f"/applications/{application.id}/debrief")
    assert debrief.status_code == 200
    page = debrief.get_data(as_text=True)
    assert "Hidden until you submit your own scorecard" in page
    assert "Decision memo (PDF)" not in page and "Record decision" not in page
    _no_leak(page)
    # No decision while the manager's own card is owed.
    refused = client.post(
        f"/applications/{application.id}/decision",
        data={"outcome": "hold", "rationale": "r", "override_reason": "x"},
    )
    assert refused.status_code == 403
    # The decision memo is not printed for them (refused before any PDF is made).
    assert client.get(f"/applications/{application.id}/packet.pdf").status_code == 403
    compare = client.get(f"/positions/{position.id}/compare?pick={application.id}")
    assert "Hidden until you submit your scorecard" in compare.get_data(as_text=True)
    _no_leak(compare.get_data(as_text=True))
    csv = client.get(f"/positions/{position.id}/compare.csv").get_data(as_text=True)
    row = next(line for line in csv.splitlines() if line.startswith("Marcus Bell"))
    assert "hidden until you submit" in row and "2.00" not in row and "3.00" not in row
    detail = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "stay hidden until you submit your own scorecard" in detail
    _no_leak(detail)
    assert "badge-rec-" not in detail
    application_page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "stay hidden until you submit your own scorecard" in application_page
    assert "badge-rec-" not in application_page
    _no_leak(application_page)
    _no_leak(client.get("/").get_data(as_text=True))
    with app.app_context():
        assert owes_scorecard(manager.id, position.id) == {application.id}
        # Reading a hidden debrief does not open it (amendments are not post-debrief yet).
        assert db.session.get(Application, application.id).debrief_opened_at is None


def test_the_finalists_packet_leaves_out_a_candidate_the_reader_owes_a_card_for(app, later_stage):
    manager, *_rest, position, application, _interview = later_stage
    with app.test_request_context():
        reader = db.session.get(User, manager.id)
        login_user(reader)
        bundle, debriefs = packets.finalists_packet(
            db.session.get(Position, position.id),
            viewer_id=manager.id,
            picked=[application.id],
            limit=None,
            may_open=lambda a: debrief_permissions.sees_debrief(reader, a),
        )
        assert debriefs == []
        whole = bundle.whole.html  # one document (#13): the summary only, no memo
        assert 'class="memo-section"' not in whole
        _no_leak(whole)
        assert "Marcus Bell" not in whole


def test_after_booking_and_submitting_their_own_card_the_manager_reads_everything(
    app, client, login, later_stage, schedule
):
    manager, _jamie, _sam, position, application, _interview = later_stage
    own = schedule([manager], application=application, stage=2)
    assert not _sees(app, manager, application.id)  # booked, not yet submitted
    login(manager)
    assert "Hidden until you submit" in client.get(
        f"/applications/{application.id}/debrief"
    ).get_data(as_text=True)
    submit_scorecard(app, client, own.id, {"discovery": 3}, "yes")
    assert _sees(app, manager, application.id)
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Hidden until you submit" not in page
    assert "discovery evidence &lt;em&gt;4&lt;/em&gt;" in page and "Formula:" in page
    assert "Record decision" in page
    csv = client.get(f"/positions/{position.id}/compare.csv").get_data(as_text=True)
    row = next(line for line in csv.splitlines() if line.startswith("Marcus Bell"))
    assert "hidden" not in row
    with app.test_request_context():
        reader = db.session.get(User, manager.id)
        login_user(reader)
        memo = packets.candidate_packet(load_debrief(application.id, reader), reader.name)
        assert "discovery evidence" in memo.html
        _bundle, debriefs = packets.finalists_packet(
            db.session.get(Position, position.id),
            viewer_id=manager.id,
            picked=[application.id],
            limit=None,
            may_open=lambda a: debrief_permissions.sees_debrief(reader, a),
        )
        assert [d.application.id for d in debriefs] == [application.id]


def test_the_recruiter_on_no_open_stage_sees_everything(app, client, login, later_stage):
    """Riley Brooks screens by default (stage 0), but Marcus went straight to stage 1."""
    _manager, *_rest, position, application, interview = later_stage
    with app.app_context():
        recruiter_id = db.session.get(Position, position.id).recruiter_id
        recruiter = db.session.get(User, recruiter_id)
        riley = UserRef(recruiter.id, recruiter.email, recruiter.name, PASSWORD)
    assert _sees(app, riley, application.id)
    login(riley)
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Hidden until you submit" not in page and "Formula:" in page
    csv = client.get(f"/positions/{position.id}/compare.csv").get_data(as_text=True)
    assert "hidden" not in next(r for r in csv.splitlines() if r.startswith("Marcus Bell"))
    detail = client.get(f"/interviews/{interview.id}").get_data(as_text=True)
    assert "Strong yes" in detail


def test_an_admin_on_no_panel_sees_everything(app, client, login, later_stage):
    _manager, *_rest, application, _interview = later_stage
    login(roles=["admin"])
    page = client.get(f"/applications/{application.id}/debrief").get_data(as_text=True)
    assert "Formula:" in page and "discovery evidence" in page


def test_a_cancelled_stage_or_removal_from_the_panel_no_longer_counts(app, later_stage, schedule):
    manager, jamie, _sam, _position, application, _interview = later_stage
    own = schedule([manager], application=application, stage=2, starts_in=timedelta(days=2))
    with app.app_context():
        booked = db.session.get(Interview, own.id)
        interview_services.cancel_interview(
            booked, reason="moved", actor=db.session.get(User, manager.id)
        )
        db.session.commit()
    assert _sees(app, manager, application.id)  # the stage was cancelled
    schedule([jamie], application=application, stage=2, starts_in=timedelta(days=3))
    assert _sees(app, manager, application.id)  # rebooked without the manager: off the panel


def test_removal_from_the_stage_defaults_is_the_record(app, later_stage):
    manager, *_rest, application, _interview = later_stage
    assert not _sees(app, manager, application.id)
    with app.app_context():
        db.session.execute(
            delete(PlanStageInterviewer).where(PlanStageInterviewer.user_id == manager.id)
        )
        db.session.commit()
    assert _sees(app, manager, application.id)


def test_a_closed_application_owes_no_unbooked_stage(app, later_stage):
    manager, *_rest, application, _interview = later_stage
    with app.app_context():
        db.session.get(Application, application.id).status = ApplicationStatus.REJECTED
        db.session.commit()
    assert _sees(app, manager, application.id)


def test_invitations_reminders_and_the_calendar_carry_no_rating(
    app, client, login, later_stage, schedule
):
    manager, _jamie, _sam, _position, application, _interview = later_stage
    own = schedule([manager], application=application, stage=2, starts_in=timedelta(days=-3))
    with app.app_context():
        assert scorecard_services.send_reminders() >= 1
        db.session.commit()
        bodies = [
            f"{m.subject}\n{m.body_text}"
            for m in db.session.scalars(
                select(OutboxMessage).where(OutboxMessage.to_address == manager.email)
            )
        ]
        assert len(bodies) >= 2  # the invitation and the reminder
        for body in bodies:
            _no_leak(body)
            assert "strong yes" not in body.lower() and "recommend" not in body.lower()
        assert db.session.get(Interview, own.id).status == InterviewStatus.SCHEDULED
    login(manager)
    ics = client.get(f"/interviews/{own.id}/invite.ics")
    assert ics.status_code == 200
    _no_leak(ics.get_data(as_text=True))
    assert "evidence" not in ics.get_data(as_text=True).lower()


def test_a_candidate_nobody_has_scored_is_not_called_hidden(app, client, login, later_stage):
    """Only what exists is withheld: a new candidate on the same panel has no numbers to hide."""
    manager, _jamie, _sam, position, _application, _interview = later_stage
    with app.app_context():
        fresh = builders.application(position.id, name="Nina Petrova")
    login(manager)
    page = client.get(f"/positions/{position.id}/compare").get_data(as_text=True)
    rows = {
        name: page[page.index(name) :].split("</tr>", 1)[0]
        for name in ("Marcus Bell", fresh.candidate_name)
    }
    assert "Hidden until you submit your scorecard" in rows["Marcus Bell"]
    assert "Hidden until you submit your scorecard" not in rows[fresh.candidate_name]


def test_a_closed_application_is_owed_only_through_the_readers_own_interview(
    app, later_stage, schedule
):
    """The comparison asks once for the whole position, which reads closed applications only
    through interviews the reader sat on: a rejected candidate whose card the manager still
    owes stays hidden, one the manager never met does not, and the whole position's answer
    is what asking application by application gives."""
    manager, jamie, _sam, position, application, _interview = later_stage
    with app.app_context():
        met = builders.application(position.id, name="Met Before Rejection")
        unmet = builders.application(position.id, name="Never Met")
        submitted = builders.application(position.id, name="Card Already In")
    schedule([manager], application=met, stage=0, starts_in=timedelta(days=-3))
    schedule([jamie], application=unmet, stage=0, starts_in=timedelta(days=-3))
    own = schedule([manager], application=submitted, stage=0, starts_in=timedelta(days=-3))
    with app.app_context():
        card = db.session.scalar(
            select(Scorecard).where(
                Scorecard.interview_id == own.id, Scorecard.interviewer_id == manager.id
            )
        )
        card.status, card.submitted_at = ScorecardStatus.SUBMITTED, utcnow()
        for closed in (met, unmet, submitted):
            db.session.get(Application, closed.id).status = ApplicationStatus.REJECTED
        db.session.commit()
        whole = owes_scorecard(manager.id, position.id)
        ids = [application.id, met.id, unmet.id, submitted.id]
        one_by_one = {i for i in ids if owes_scorecard(manager.id, position.id, [i])}
    assert whole == one_by_one == {application.id, met.id}
