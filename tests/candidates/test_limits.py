"""Too-long entries are refused with a message beside the field, never silently cut."""

from __future__ import annotations

from sqlalchemy import func, select

from hiring.applications.models import ApplicationStatus
from hiring.candidates.models import Candidate
from hiring.db import db
from tests.builders import application_row


def test_a_too_long_name_is_refused_and_nothing_is_stored(app, client, login):
    login(roles=["recruiter"])
    response = client.post("/candidates/new", data={"name": "N" * 201, "email": "long@example.com"})
    assert response.status_code == 400
    assert "The name can be at most 200 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Candidate.id))) == 0


def test_too_long_notes_on_an_edit_change_nothing(app, client, login, make_candidate):
    candidate = make_candidate(name="Jordan Lee")
    login(roles=["recruiter"])
    response = client.post(
        f"/candidates/{candidate.id}/edit",
        data={
            "name": "Jordan Lee",
            "email": candidate.email,
            "notes": "x" * 10_001,
            "version": candidate.version,
        },
    )
    assert response.status_code == 400
    assert "The notes can be at most 10,000 characters." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Candidate, candidate.id).notes == ""


def test_a_too_long_search_is_refused_not_cut(client, login, make_candidate):
    make_candidate(name="Jordan Lee")
    login(roles=["recruiter"])
    page = client.get("/candidates/?q=" + "j" * 201).get_data(as_text=True)
    assert "The search can be at most 200 characters." in page
    assert "Jordan Lee" in page  # the refused search filters nothing


def test_a_too_long_reason_is_refused_beside_the_field(app, client, login, add_application):
    application = add_application()
    login(roles=["recruiter"])
    version = application_row(app, application.id)[3]
    for action in ("hold", "reject", "withdraw"):
        response = client.post(
            f"/applications/{application.id}/{action}",
            data={"reason": "r" * 2001, "version": version},
        )
        assert response.status_code == 400, action
        page = response.get_data(as_text=True)
        assert "The reason can be at most 2,000 characters." in page, action
        assert application_row(app, application.id) == ("active", None, "", version)


def test_a_refusal_of_an_action_the_page_no_longer_offers_is_still_shown(
    app, client, login, add_application
):
    """Put on hold is not offered for a rejected application, so its form is not on the page:
    the refusal is spelled out above the actions instead."""
    application = add_application(status=ApplicationStatus.REJECTED, reason="No budget")
    login(roles=["recruiter"])
    version = application_row(app, application.id)[3]
    response = client.post(
        f"/applications/{application.id}/hold", data={"reason": "r" * 2001, "version": version}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Put on hold</summary>" not in page
    assert "The reason can be at most 2,000 characters." in page
    assert application_row(app, application.id) == ("rejected", None, "No budget", version)
