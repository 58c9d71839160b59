"""Regression tests for problems found in review."""

from __future__ import annotations

from sqlalchemy import select

from hiring.auth.models import User
from hiring.db import db
from hiring.debriefs.models import Decision
from hiring.interviews.models import Interview
from hiring.positions.models import Position
from tests.builders import submit_scorecard
from tests.debriefs.evidence import other_stages_cancelled


def test_comparison_hides_numbers_from_a_panel_member_who_has_not_submitted(
    app, client, login, make_user, make_position, make_application, schedule
):
    manager = make_user(roles=["hiring_manager", "interviewer"], name="Morgan Patel")
    other = make_user(roles=["interviewer"], name="Jamie Ortiz")
    position = make_position(manager=manager)
    first = make_application(position=position, name="First Candidate")
    second = make_application(position=position, name="Second Candidate")
    one = schedule([other], application=first, stage=1)
    schedule([manager], application=first, stage=2)  # the manager owes a card for "first"
    two = schedule([other], application=second, stage=1)
    login(other)
    submit_scorecard(app, client, one.id, {"discovery": 4}, "strong_yes")
    submit_scorecard(app, client, two.id, {"discovery": 2}, "no")
    client.post("/logout")
    login(manager)
    # Issue #12: staff on the panel open the debrief, but read no numbers until they submit.
    debrief = client.get(f"/applications/{first.id}/debrief")
    assert debrief.status_code == 200
    assert "Hidden until you submit your own scorecard" in debrief.get_data(as_text=True)
    assert "discovery evidence" not in debrief.get_data(as_text=True)
    page = client.get(
        f"/positions/{position.id}/compare?pick={first.id}&pick={second.id}"
    ).get_data(as_text=True)
    assert "Hidden until you submit your scorecard" in page
    assert "discovery evidence" not in page
    assert "Strong yes" not in page
    csv = client.get(f"/positions/{position.id}/compare.csv").get_data(as_text=True)
    first_row = next(line for line in csv.splitlines() if line.startswith("First Candidate"))
    assert "hidden until you submit" in first_row and "4.00" not in first_row


def test_a_drafting_interviewer_does_not_read_the_decision_rationale(
    app, client, login, make_user, make_position, make_application, schedule
):
    manager = make_user(roles=["hiring_manager"])
    jamie = make_user(roles=["interviewer"])
    sam = make_user(roles=["interviewer"])
    application = make_application(position=make_position(manager=manager))
    interview = schedule([jamie, sam], application=application, stage=1)
    login(jamie)
    submit_scorecard(app, client, interview.id, {}, "strong_no")
    client.post("/logout")
    login(manager)
    client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "reject",
            "rationale": "PANEL SAID STRONG NO",
            "decide_now_reason": "The candidate withdrew from the other stages.",
        },
    )
    with app.app_context():
        assert db.session.scalar(select(Decision.rationale)) == "PANEL SAID STRONG NO"
    client.post("/logout")
    login(sam)
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "PANEL SAID STRONG NO" not in page


def test_admin_decides_when_the_hiring_manager_is_deactivated(app, client, login, panel):
    manager, *_rest, application, _interview = panel
    other_stages_cancelled(app, panel)
    with app.app_context():
        db.session.get(User, manager.id).active = False
        db.session.commit()
    login(roles=["admin"])
    response = client.post(
        f"/applications/{application.id}/decision",
        data={
            "outcome": "hold",
            "rationale": "Waiting for a new manager.",
            "override_reason": "No manager yet.",
        },
    )
    assert response.status_code == 302


def test_stage_names_in_csv_cannot_run_as_formulas(app, client, login, panel):
    manager, *_rest, position, _application, interview = panel
    with app.app_context():
        db.session.get(Interview, interview.id).stage.name = '=HYPERLINK("http://evil/")'
        db.session.commit()
    login(manager)
    csv = client.get(f"/positions/{position.id}/compare.csv").get_data(as_text=True)
    assert ",'=HYPERLINK(" in csv.replace('"', "")


def test_bad_numbers_are_refused_not_crashed_on(app, client, login, panel):
    manager, jamie, _sam, position, _application, interview = panel
    login(manager)
    assert client.get(f"/applications/{2**63}").status_code == 404
    # An unreadable stage filter is ignored: the one candidate is still listed.
    response = client.get(f"/positions/{position.id}/compare?stage=²")
    assert response.status_code == 200
    assert "Marcus Bell" in response.get_data(as_text=True)
    # A page number past any integer is a page that does not exist, not an error.
    response = client.get(f"/positions/{position.id}/compare?page=99999999999999999999")
    assert response.status_code == 404
    # A tampered version counter re-shows the form with its problems; nothing is saved.
    response = client.post(f"/positions/{position.id}/edit", data={"version": "abc", "title": "x"})
    assert response.status_code in (200, 400)  # the positions form's own status for a re-show
    assert "Please correct the highlighted fields below." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Position, position.id).title != "x"
    client.post("/logout")
    login(jamie)
    with app.app_context():
        cid = db.session.scalar(select(Interview)).stage.focus[0].competency_id
    response = client.post(
        f"/interviews/{interview.id}/scorecard/autosave", data={"version": 1, f"rating-{cid}": "²"}
    )
    # Jamie's card is submitted, so the autosave is refused as locked before any rating is read.
    assert response.status_code == 409
    assert response.get_json()["message"].startswith("This scorecard is submitted and locked.")


def test_newlines_never_reach_an_email_header(app):
    from hiring.mail import services
    from hiring.mail.models import OutboxMessage

    with app.app_context():
        services.queue("a@b.test", "Phone\nBcc: victim@example.com", "Body")
        db.session.commit()
        assert db.session.scalar(select(OutboxMessage.subject)) == "Phone Bcc: victim@example.com"
