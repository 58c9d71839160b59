"""Who reaches which candidate, application, resume and pipeline, with real ids."""

from __future__ import annotations

import io

import pytest

from tests.builders import application_row
from tests.support.resume_files import PDF


@pytest.fixture
def world(app, client, make_user, make_position, make_candidate, add_application):
    """Two positions with different managers, an application to each, and a stored resume."""
    manager = make_user(roles=["hiring_manager"], name="Morgan Manager")
    other_manager = make_user(roles=["hiring_manager"], name="Olive Other")
    mine = make_position(manager=manager, title="Mine AE")
    theirs = make_position(manager=other_manager, title="Their SDR")
    my_candidate = make_candidate(name="Mia Mine")
    their_candidate = make_candidate(name="Theo Theirs")
    my_application = add_application(candidate=my_candidate, position=mine)
    their_application = add_application(candidate=their_candidate, position=theirs)

    from hiring.auth.models import User
    from hiring.candidates import services, uploads
    from hiring.candidates.models import Candidate
    from hiring.db import db

    with app.app_context():
        actor = db.session.get(User, manager.id)
        resume_ids = {}
        for ref in (my_candidate, their_candidate):
            upload = uploads.check_resume(io.BytesIO(PDF + str(ref.id).encode()), "cv.pdf")
            resume = services.add_resume(db.session.get(Candidate, ref.id), upload, actor=actor)
            db.session.commit()
            resume_ids[ref.id] = resume.id
    return {
        "manager": manager,
        "other_manager": other_manager,
        "mine": mine,
        "theirs": theirs,
        "my_candidate": my_candidate,
        "their_candidate": their_candidate,
        "my_application": my_application,
        "their_application": their_application,
        "my_resume": resume_ids[my_candidate.id],
        "their_resume": resume_ids[their_candidate.id],
    }


def _urls(w, which="my"):
    candidate = w[f"{which}_candidate"]
    application = w[f"{which}_application"]
    position = w["mine" if which == "my" else "theirs"]
    resume = w[f"{which}_resume"]
    return {
        "list": ("GET", "/candidates/"),
        "new": ("GET", "/candidates/new"),
        "create": ("POST", "/candidates/new"),
        "detail": ("GET", f"/candidates/{candidate.id}"),
        "edit": ("GET", f"/candidates/{candidate.id}/edit"),
        "save": ("POST", f"/candidates/{candidate.id}/edit"),
        "upload": ("POST", f"/candidates/{candidate.id}/resumes"),
        "resume": ("GET", f"/candidates/{candidate.id}/resumes/{resume}"),
        "apply": ("POST", f"/candidates/{candidate.id}/applications"),
        "application": ("GET", f"/applications/{application.id}"),
        "move": ("POST", f"/applications/{application.id}/move"),
        "hold": ("POST", f"/applications/{application.id}/hold"),
        "reactivate": ("POST", f"/applications/{application.id}/reactivate"),
        "reject": ("POST", f"/applications/{application.id}/reject"),
        "withdraw": ("POST", f"/applications/{application.id}/withdraw"),
        "pipeline": ("GET", f"/positions/{position.id}/pipeline"),
    }


def _status(client, method, url):
    return client.open(url, method=method, data={}).status_code


def test_new_hires_reach_no_candidate_data_at_all(client, login, world):
    login(roles=["new_hire"])
    for which in ("my", "their"):
        for name, (method, url) in _urls(world, which).items():
            assert _status(client, method, url) in (403, 404), (name, url)
    page = client.get("/").get_data(as_text=True)
    assert "/candidates/" not in page


def test_recruiters_and_admins_reach_everything(client, login, world):
    for role in ("recruiter", "admin"):
        login(roles=[role])
        for which in ("my", "their"):
            for name, (method, url) in _urls(world, which).items():
                if method == "GET":
                    assert _status(client, method, url) == 200, (role, name, url)
                else:  # empty forms are refused with a message, never 401/403
                    assert _status(client, method, url) in (302, 400, 409), (role, name, url)


def test_hiring_manager_sees_only_candidates_of_their_positions(app, client, login, world):
    login(world["manager"])
    page = client.get("/candidates/").get_data(as_text=True)
    assert "Mia Mine" in page and "Theo Theirs" not in page
    assert "Add a candidate" not in page
    mine = _urls(world, "my")
    theirs = _urls(world, "their")
    for name in ("detail", "resume", "application", "pipeline"):
        assert _status(client, *mine[name]) == 200, name
        assert _status(client, *theirs[name]) == 403, name
    for name in ("move", "hold", "reject", "withdraw", "reactivate"):
        assert _status(client, *theirs[name]) == 403, name
    for name in ("new", "create", "edit", "save", "upload", "apply"):
        assert _status(client, *mine[name]) == 403, name
    detail = client.get(mine["detail"][1]).get_data(as_text=True)
    assert "Edit details" not in detail and "Upload resume" not in detail
    assert "Add to a position" not in detail

    # ...and manages the applications to their own positions.
    application = world["my_application"]
    version = application_row(app, application.id)[3]
    response = client.post(
        f"/applications/{application.id}/move", data={"stage": 0, "version": version}
    )
    assert response.status_code == 302
    assert application_row(app, application.id)[1] == 0
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Move to stage" in page and "Reject" in page


def test_hiring_manager_does_not_see_other_positions_applications_of_a_shared_candidate(
    app, client, login, world, add_application
):
    # Theo also applies to Morgan's position: Morgan now sees Theo, but only that application.
    shared = add_application(candidate=world["their_candidate"], position=world["mine"])
    login(world["manager"])
    page = client.get(f"/candidates/{world['their_candidate'].id}").get_data(as_text=True)
    assert f"/applications/{shared.id}" in page
    assert f"/applications/{world['their_application'].id}" not in page
    assert "Their SDR" not in page
    listing = client.get("/candidates/").get_data(as_text=True)
    assert "Theo Theirs" in listing and "Their SDR" not in listing


def test_interviewers_cannot_list_candidates_or_open_candidate_pages(client, login, world):
    login(roles=["interviewer"])
    assert client.get("/candidates/").status_code == 403
    assert client.get(f"/candidates/{world['my_candidate'].id}").status_code == 403
    assert client.get(f"/applications/{world['my_application'].id}").status_code == 403
    assert client.get(_urls(world)["resume"][1]).status_code == 403
    assert client.get(_urls(world)["pipeline"][1]).status_code == 403


def test_assigned_interviewers_read_the_application_and_download_the_resume(
    app, client, login, make_user, world, assign_interviewer
):
    interviewer = make_user(roles=["interviewer"], name="Ivy Interviewer")
    assign_interviewer(world["my_application"], interviewer)
    login(interviewer)
    mine = _urls(world, "my")
    theirs = _urls(world, "their")
    response = client.get(mine["application"][1])
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Mia Mine" in page and "Mine AE" in page
    # Read-only: no action forms, no links to pages they cannot open.
    for text in (
        "Move to stage",
        "Put on hold",
        "Reject candidate",
        "Reactivate",
        "Pipeline board",
    ):
        assert text not in page, text
    assert f'href="/candidates/{world["my_candidate"].id}"' not in page
    download = client.get(mine["resume"][1])
    assert download.status_code == 200 and download.data.startswith(b"%PDF-")
    assert download.headers["Content-Disposition"].startswith("attachment")
    for name in ("move", "hold", "reject", "withdraw", "reactivate"):
        assert _status(client, *mine[name]) == 403, name
    for name in ("list", "detail", "pipeline", "edit", "upload"):
        assert _status(client, *mine[name]) == 403, name
    assert _status(client, *theirs["application"]) == 403
    assert _status(client, *theirs["resume"]) == 403
    assert application_row(app, world["my_application"].id)[:2] == ("active", None)


def test_missing_objects_are_404_before_permission(client, login, world):
    login(roles=["hiring_manager"])
    for url in (
        "/candidates/99999",
        "/candidates/99999/resumes/1",
        f"/candidates/{world['my_candidate'].id}/resumes/99999",
        "/applications/99999",
        "/positions/99999/pipeline",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/applications/99999/move", data={}).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    for _name, (method, url) in _urls(world).items():
        response = client.open(url, method=method)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login?next=")


def test_the_history_link_is_for_those_who_read_the_audit_log(client, login, make_candidate):
    candidate = make_candidate(name="Hana History")
    history = f"/admin/audit/?object_type=candidates&amp;object_id={candidate.id}"
    login(roles=["admin"])
    assert history in client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    client.post("/logout")
    login(roles=["recruiter"])
    assert history not in client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert (
        client.get(f"/admin/audit/?object_type=candidates&object_id={candidate.id}").status_code
        == 403
    )
