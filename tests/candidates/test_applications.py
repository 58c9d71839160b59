"""Adding candidates to positions, moving them through stages, and the pipeline board."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from hiring.applications import services
from hiring.applications.models import Application, ApplicationEvent, ApplicationStatus
from hiring.audit.models import AuditEvent
from hiring.db import db, utcnow
from hiring.positions.models import Position, PositionStatus
from tests.builders import application_row


def _events(app, application_id):
    with app.app_context():
        return [
            (e.kind, e.from_stage, e.to_stage, e.reason)
            for e in db.session.scalars(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == application_id)
                .order_by(ApplicationEvent.id)
            )
        ]


def _audit_actions(app):
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditEvent.action)
                .where(AuditEvent.action.like("application.%"))
                .order_by(AuditEvent.id)
            )
        )


def test_add_a_candidate_to_a_position(app, client, login, make_candidate, make_position):
    candidate = make_candidate(name="Jordan Lee")
    position = make_position(title="AE, Mid-Market")
    login(roles=["recruiter"])
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Add to a position" in page and "AE, Mid-Market" in page
    response = client.post(
        f"/candidates/{candidate.id}/applications", data={"position_id": position.id}
    )
    assert response.status_code == 302
    with app.app_context():
        application = db.session.scalar(select(Application))
        assert application.candidate_id == candidate.id
        assert application.position_id == position.id
        assert application.status == ApplicationStatus.ACTIVE
        assert application.stage_index is None
        application_id = application.id
    assert response.headers["Location"] == f"/applications/{application_id}"
    assert _events(app, application_id) == [("created", None, None, "")]
    assert _audit_actions(app) == ["application.created"]

    page = client.get(f"/applications/{application_id}").get_data(as_text=True)
    assert "Added Jordan Lee to AE, Mid-Market." in page
    assert "Added to the position at New" in page
    assert '{% include "interviews/' not in page
    # The candidate page lists the application.
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert f"/applications/{application_id}" in page and "already applied" in page


def test_a_candidate_applies_to_a_position_only_once(
    app, client, login, add_application, make_position
):
    application = add_application()
    login(roles=["recruiter"])
    response = client.post(
        f"/candidates/{application.candidate_id}/applications",
        data={"position_id": application.position_id},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "has already applied to Account Executive." in page
    with app.app_context():
        assert len(db.session.scalars(select(Application)).all()) == 1


def test_two_recruiters_adding_the_same_application_at_once_store_one(
    app, client, login, add_application, monkeypatch
):
    """The other recruiter's add committed after this request looked: the check misses it,
    the unique constraint refuses the second row with the same message, and one row stays."""
    application = add_application()
    login(roles=["recruiter"])
    monkeypatch.setattr(services, "has_applied", lambda _candidate, _position: False)
    response = client.post(
        f"/candidates/{application.candidate_id}/applications",
        data={"position_id": application.position_id},
    )
    assert response.status_code == 400
    assert "has already applied to Account Executive." in response.get_data(as_text=True)
    with app.app_context():
        assert len(db.session.scalars(select(Application)).all()) == 1


def test_only_open_or_draft_positions_take_candidates(
    app, client, login, make_candidate, make_position
):
    candidate = make_candidate()
    position = make_position(title="Closed role")
    with app.app_context():
        db.session.execute(
            update(Position).where(Position.id == position.id).values(status=PositionStatus.CLOSED)
        )
        db.session.commit()
    login(roles=["recruiter"])
    page = client.get(f"/candidates/{candidate.id}").get_data(as_text=True)
    assert "Closed role" not in page
    response = client.post(
        f"/candidates/{candidate.id}/applications", data={"position_id": position.id}
    )
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)
    response = client.post(f"/candidates/{candidate.id}/applications", data={"position_id": 0})
    assert "Choose a position." in response.get_data(as_text=True)


def test_move_through_stages_with_the_select_and_next_previous(app, client, login, add_application):
    application = add_application()
    login(roles=["recruiter"], name="Riley Recruiter")
    url = f"/applications/{application.id}"
    page = client.get(url).get_data(as_text=True)
    for option in ("New", "1. Screen", "2. Behavioural", "3. Role Play"):
        assert option in page

    version = application_row(app, application.id)[3]
    response = client.post(f"{url}/move", data={"stage": 1, "version": version})
    assert response.status_code == 302
    assert application_row(app, application.id)[:2] == ("active", 1)
    page = client.get(url).get_data(as_text=True)
    assert "Moved" in page and "to Behavioural." in page
    assert "Moved from <strong>New</strong> to <strong>Behavioural</strong>" in page
    assert "Riley Recruiter" in page

    version = application_row(app, application.id)[3]
    client.post(f"{url}/move", data={"direction": "next", "version": version})
    assert application_row(app, application.id)[1] == 2
    version = application_row(app, application.id)[3]
    response = client.post(
        f"{url}/move", data={"direction": "next", "version": version}, follow_redirects=True
    )
    assert "is already at the last stage of the plan." in response.get_data(as_text=True)
    assert application_row(app, application.id)[1] == 2

    for expected in (1, 0, None):
        version = application_row(app, application.id)[3]
        client.post(f"{url}/move", data={"direction": "previous", "version": version})
        assert application_row(app, application.id)[1] == expected
    version = application_row(app, application.id)[3]
    response = client.post(
        f"{url}/move", data={"direction": "previous", "version": version}, follow_redirects=True
    )
    assert "is already at New." in response.get_data(as_text=True)

    version = application_row(app, application.id)[3]
    response = client.post(f"{url}/move", data={"stage": -1, "version": version})
    assert response.status_code == 400
    assert "is already at New." in response.get_data(as_text=True)
    response = client.post(f"{url}/move", data={"stage": 7, "version": version})
    assert response.status_code == 400
    assert "That stage is not in the position&#39;s interview plan." in response.get_data(
        as_text=True
    )
    assert [e[0] for e in _events(app, application.id)] == ["created"] + ["moved"] * 5
    assert _events(app, application.id)[1] == ("moved", None, 1, "")


def test_a_move_without_a_stage_or_with_a_bad_direction_is_refused_on_the_page(
    app, client, login, add_application
):
    application = add_application(stage_index=1)
    login(roles=["admin"])
    url = f"/applications/{application.id}"
    version = application_row(app, application.id)[3]

    response = client.post(f"{url}/move", data={"version": version})
    assert response.status_code == 400
    assert "Choose a stage." in response.get_data(as_text=True)
    response = client.post(f"{url}/move", data={"direction": "sideways", "version": version})
    assert response.status_code == 400
    assert "Move to the previous or the next stage." in response.get_data(as_text=True)

    assert application_row(app, application.id)[1] == 1
    assert application_row(app, application.id)[3] == version
    assert [e[0] for e in _events(app, application.id)] == ["created"]


def test_hold_reactivate_reject_with_reason_and_history(app, client, login, add_application):
    application = add_application()
    login(roles=["admin"], name="Avery Admin")
    url = f"/applications/{application.id}"

    def version():
        return application_row(app, application.id)[3]

    client.post(f"{url}/move", data={"stage": 0, "version": version()})
    response = client.post(
        f"{url}/hold", data={"reason": "Budget freeze until May", "version": version()}
    )
    assert response.status_code == 302
    assert application_row(app, application.id)[:3] == ("on_hold", 0, "Budget freeze until May")
    page = client.get(url).get_data(as_text=True)
    assert "On hold" in page and "Budget freeze until May" in page
    assert "Reactivate" in page and "Move to stage" not in page

    # An on-hold application cannot be moved until it is reactivated.
    response = client.post(
        f"{url}/move", data={"stage": 1, "version": version()}, follow_redirects=True
    )
    assert "is on hold; reactivate it before you move it." in response.get_data(as_text=True)
    assert application_row(app, application.id)[1] == 0

    client.post(f"{url}/reactivate", data={"version": version()})
    assert application_row(app, application.id)[:3] == ("active", 0, "")

    # Rejecting needs a reason.
    response = client.post(f"{url}/reject", data={"reason": "   ", "version": version()})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Give a reason for rejecting the candidate." in page
    assert application_row(app, application.id)[0] == "active"

    client.post(
        f"{url}/reject", data={"reason": "No evidence of discovery skills", "version": version()}
    )
    assert application_row(app, application.id)[:3] == (
        "rejected",
        0,
        "No evidence of discovery skills",
    )
    page = client.get(url).get_data(as_text=True)
    assert "Rejected" in page and "No evidence of discovery skills" in page
    assert "Avery Admin" in page
    assert _events(app, application.id) == [
        ("created", None, None, ""),
        ("moved", None, 0, ""),
        ("on_hold", 0, 0, "Budget freeze until May"),
        ("reactivated", 0, 0, ""),
        ("rejected", 0, 0, "No evidence of discovery skills"),
    ]
    assert _audit_actions(app) == [
        "application.created",
        "application.moved",
        "application.on_hold",
        "application.reactivated",
        "application.rejected",
    ]


def test_closed_applications_cannot_move_until_reactivated(app, client, login, add_application):
    application = add_application(stage_index=1)
    login(roles=["recruiter"])
    url = f"/applications/{application.id}"

    def version():
        return application_row(app, application.id)[3]

    response = client.post(f"{url}/withdraw", data={"reason": "", "version": version()})
    assert response.status_code == 302
    assert application_row(app, application.id)[:3] == ("withdrawn", 1, "")
    page = client.get(url).get_data(as_text=True)
    assert "Candidate withdrew" in page and "Move to stage" not in page

    for path, data in (
        ("move", {"stage": 2}),
        ("move", {"direction": "next"}),
        ("hold", {}),
        ("reject", {"reason": "late"}),
        ("withdraw", {}),
    ):
        response = client.post(f"{url}/{path}", data={**data, "version": version()})
        assert response.status_code == 302, path
        assert application_row(app, application.id)[:2] == ("withdrawn", 1), path
    response = client.post(
        f"{url}/move", data={"stage": 2, "version": version()}, follow_redirects=True
    )
    assert "is closed (withdrawn); reactivate it before you move it." in response.get_data(
        as_text=True
    )

    client.post(f"{url}/reactivate", data={"version": version()})
    assert application_row(app, application.id)[:2] == ("active", 1)
    client.post(f"{url}/move", data={"stage": 2, "version": version()})
    assert application_row(app, application.id)[:2] == ("active", 2)


def test_hired_applications_are_closed_too(app, client, login, add_application):
    application = add_application(stage_index=2, status=ApplicationStatus.HIRED)
    login(roles=["recruiter"])
    version = application_row(app, application.id)[3]
    response = client.post(
        f"/applications/{application.id}/move",
        data={"stage": 0, "version": version},
        follow_redirects=True,
    )
    assert "is closed (hired)" in response.get_data(as_text=True)
    assert application_row(app, application.id)[:2] == ("hired", 2)


def test_a_stale_action_changes_nothing(app, client, login, add_application):
    application = add_application()
    login(roles=["recruiter"])
    url = f"/applications/{application.id}"
    stale = application_row(app, application.id)[3]
    client.post(f"{url}/move", data={"stage": 0, "version": stale})
    response = client.post(
        f"{url}/reject", data={"reason": "Not a fit", "version": stale}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "was changed by someone else while you were looking at it" in page
    assert application_row(app, application.id)[:2] == ("active", 0)
    response = client.post(f"{url}/move", data={"stage": 2, "version": "junk"})
    assert response.status_code == 302
    assert application_row(app, application.id)[1] == 0


def test_a_change_written_at_the_same_moment_is_refused_with_the_application_wording(
    app, client, login, add_application, monkeypatch
):
    """Another request writes the application after this one checked the version and before
    it wrote: the database notices, and the person reads what happened to *this* application."""
    application = add_application(stage_index=0)
    login(roles=["recruiter"])
    version = application_row(app, application.id)[3]
    real_check = services.check

    def check_then_lose_the_race(row, step, **kwargs):
        with db.engine.begin() as other:
            other.execute(
                update(Application)
                .where(Application.id == row.id)
                .values(version=Application.version + 1)
            )
        return real_check(row, step, **kwargs)

    monkeypatch.setattr(services, "check", check_then_lose_the_race)
    response = client.post(
        f"/applications/{application.id}/move",
        data={"stage": 1, "version": version},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert (
        "Someone else changed this application at the same moment, so nothing was changed. "
        "Check its current stage and status, then try again."
    ) in page
    assert application_row(app, application.id)[:2] == ("active", 0)
    assert [e[0] for e in _events(app, application.id)] == ["created"]


def test_reasons_and_names_are_escaped_on_the_application_page_and_board(
    app, client, login, make_candidate, add_application
):
    candidate = make_candidate(name="<script>alert(1)</script>")
    application = add_application(candidate=candidate)
    login(roles=["recruiter"])
    version = application_row(app, application.id)[3]
    client.post(
        f"/applications/{application.id}/reject",
        data={"reason": "<img src=x onerror=alert(2)>", "version": version},
    )
    for url in (
        f"/applications/{application.id}",
        f"/positions/{application.position_id}/pipeline",
    ):
        page = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page, url
        assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page, url


def test_pipeline_board_columns_cards_counts_and_closed_list(
    app, client, login, make_candidate, add_application, make_position
):
    position = make_position(title="AE, Mid-Market")
    new = add_application(candidate=make_candidate(name="Nina New"), position=position)
    screen = add_application(
        candidate=make_candidate(name="Sam Screen"), position=position, stage_index=0
    )
    held = add_application(
        candidate=make_candidate(name="Hal Held"),
        position=position,
        stage_index=0,
        status=ApplicationStatus.ON_HOLD,
    )
    add_application(
        candidate=make_candidate(name="Rita Rejected"),
        position=position,
        stage_index=1,
        status=ApplicationStatus.REJECTED,
        reason="Weak closing evidence",
    )
    add_application(
        candidate=make_candidate(name="Other Position"), position=make_position(title="Other")
    )
    with app.app_context():
        # Sam entered the Screen stage five days ago.
        db.session.execute(
            update(ApplicationEvent)
            .where(ApplicationEvent.application_id == screen.id)
            .values(occurred_at=utcnow() - timedelta(days=5, hours=1))
        )
        db.session.commit()
    login(roles=["recruiter"])
    response = client.get(f"/positions/{position.id}/pipeline")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Other Position" not in page
    columns = page.split('class="board-column')[1:]
    assert len(columns) == 4  # New + three stages
    new_col, screen_col, behavioural_col, role_play_col = columns
    assert "New" in new_col and "Nina New" in new_col and ">1</span>" in new_col
    assert "Screen" in screen_col and "Sam Screen" in screen_col and "Hal Held" in screen_col
    assert ">2</span>" in screen_col
    assert "5 days in stage" in screen_col and "On hold" in screen_col
    assert "No one here" in behavioural_col and "No one here" in role_play_col
    assert "Rita Rejected" not in "".join(columns[:-1])
    closed = page.split("Closed applications")[1]
    assert "Rita Rejected" in closed and "Weak closing evidence" in closed
    assert "Behavioural" in closed
    assert f'href="/applications/{new.id}"' in page and f'href="/applications/{held.id}"' in page

    # Move buttons on the cards post to the move endpoint and come back to the board.
    version = application_row(app, new.id)[3]
    response = client.post(
        f"/applications/{new.id}/move",
        data={"direction": "next", "version": version, "return_to": "pipeline"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == (
        f"/positions/{position.id}/pipeline#application-{new.id}"
    )
    assert application_row(app, new.id)[1] == 0


def test_an_empty_pipeline_says_so(client, login, make_position):
    position = make_position()
    login(roles=["admin"])
    page = client.get(f"/positions/{position.id}/pipeline").get_data(as_text=True)
    assert "Nobody in this pipeline yet" in page


def test_stage_removed_from_plan_is_shown_not_lost(app, client, login, add_application):
    application = add_application(stage_index=5)
    login(roles=["recruiter"])
    page = client.get(f"/positions/{application.position_id}/pipeline").get_data(as_text=True)
    assert "Not in the current plan" in page
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "Stage 6" in page


def test_a_hire_is_not_undone_by_reactivating(app, client, login, add_application):
    """Only a recorded decision reversal in the debrief changes a hire."""
    from hiring.applications.models import Application

    application = add_application(stage_index=1)
    with app.app_context():
        db.session.get(Application, application.id).status = "hired"
        db.session.commit()
    login(roles=["recruiter"])
    url = f"/applications/{application.id}"
    page = client.get(url).get_data(as_text=True)
    assert "reverse the decision in the" in page and ">Reactivate</button>" not in page
    response = client.post(
        f"{url}/reactivate",
        data={"version": application_row(app, application.id)[3]},
        follow_redirects=True,
    )
    assert "was hired. To change that, reverse the decision in the debrief" in response.get_data(
        as_text=True
    )
    assert application_row(app, application.id)[0] == "hired"
