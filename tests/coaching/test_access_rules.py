"""Who reaches a rep's coaching: the rep, their manager, the managers above; nobody else."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hiring.audit.models import AuditEvent
from hiring.coaching.models import ActionItem
from hiring.db import db
from tests import builders


def test_the_rep_the_manager_and_the_skip_level_read_the_page(client, login, team):
    for reader in (team.rep, team.manager, team.skip_level):
        login(reader)
        response = client.get(f"/coaching/people/{team.rep.id}")
        assert response.status_code == 200, reader.name
        assert "Noah Kim" in response.get_data(as_text=True) or reader == team.rep


@pytest.mark.parametrize("who", ["peer", "other_manager", "admin", "interviewer"])
def test_peers_other_managers_hr_and_interviewers_are_refused(client, login, team, who):
    login(getattr(team, who))
    assert client.get(f"/coaching/people/{team.rep.id}").status_code == 403


def test_the_skip_level_is_told_the_notes_stay_between_the_two(client, login, team):
    login(team.skip_level)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "1:1 notes stay between Noah and Morgan" in page
    login(team.manager)
    assert "stay between" not in client.get(f"/coaching/people/{team.rep.id}").get_data(
        as_text=True
    )


def test_someone_without_a_manager_has_no_coaching_page(client, login, team):
    login(team.admin)
    assert client.get(f"/coaching/people/{team.skip_level.id}").status_code == 404
    assert client.get("/coaching/people/99999").status_code == 404


def test_a_rep_is_sent_to_their_own_page_and_a_manager_sees_the_team(client, login, team):
    login(team.rep)
    response = client.get("/coaching/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/coaching/people/{team.rep.id}")

    login(team.manager)
    page = client.get("/coaching/").get_data(as_text=True)
    assert "Noah Kim" in page and "Ana Silva" in page and "My own coaching" in page

    login(team.skip_level)
    page = client.get("/coaching/").get_data(as_text=True)
    assert "Nobody reports to you" not in page
    assert "Morgan Patel" in page  # their direct report
    assert "Further down your line" in page and "coached by Morgan Patel" in page


def test_a_manager_with_no_team_is_told_what_to_do(client, login, team):
    login(team.other_manager)
    page = client.get("/coaching/").get_data(as_text=True)
    assert "Nobody reports to you yet" in page


def test_the_interviewer_without_a_manager_cannot_open_coaching(client, login, team):
    login(team.interviewer)
    assert client.get("/coaching/").status_code == 403


def test_action_items_carry_until_done_and_only_owner_or_manager_tick(app, client, login, team):
    with app.app_context():
        mine = builders.action_item(team.rep, team.rep, text="Book the follow-up demo")
        managers = builders.action_item(team.rep, team.manager, text="Ask SE for a sandbox")
        version = db.session.get(ActionItem, managers).version
    login(team.rep)
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Book the follow-up demo" in page and "Ask SE for a sandbox" in page
    assert f"/coaching/actions/{managers}/done" not in page  # not the rep's to tick
    assert (
        client.post(f"/coaching/actions/{managers}/done", data={"version": version}).status_code
        == 403
    )

    login(team.peer)
    assert client.post(f"/coaching/actions/{mine}/done", data={"version": 1}).status_code == 403

    login(team.manager)
    client.post(f"/coaching/actions/{mine}/done", data={"version": 1})
    page = client.get(f"/coaching/people/{team.rep.id}").get_data(as_text=True)
    assert "Done: Book the follow-up demo" in page  # said once, then gone from the list
    assert f'id="action-{mine}"' not in page and f'id="action-{managers}"' in page
    with app.app_context():
        assert db.session.get(ActionItem, mine).done_by_id == team.manager.id
        assert (
            db.session.scalar(
                select(AuditEvent.action)
                .where(AuditEvent.object_id == mine)
                .order_by(AuditEvent.id.desc())
            )
            == "coaching.action_done"
        )


def test_ticking_from_an_old_page_is_a_conflict(app, client, login, team):
    with app.app_context():
        item = builders.action_item(team.rep, team.rep)
    login(team.rep)
    client.post(f"/coaching/actions/{item}/done", data={"version": 1})
    response = client.post(
        f"/coaching/actions/{item}/done", data={"version": 1}, follow_redirects=True
    )
    assert "after you opened the page" in response.get_data(as_text=True)
