"""The pipeline board at scale (#14): counts per column from SQL, the first cards of each
column, "Show all" to the column's own paginated page, and a query count that does not grow."""

from __future__ import annotations

import re

import pytest

from hiring.applications.board import CARDS_PER_COLUMN, CLOSED_ON_BOARD
from hiring.applications.models import Application, ApplicationStatus
from hiring.db import db
from tests import builders


def _fill(app, position, count, **values):
    with app.app_context():
        return [
            builders.application(position.id, name=f"{values.get('stage_index')}-{n:02d}", **values)
            for n in range(count)
        ]


def _columns(page):
    return page.split('class="board-column')[1:]


def _names(html):
    return re.findall(r'class="board-card-name" href="[^"]+">([^<]+)</a>', html)


def test_columns_count_everyone_show_the_first_cards_and_link_to_the_rest(
    app, client, login, make_position
):
    position = make_position()
    new = _fill(app, position, CARDS_PER_COLUMN + 3)
    _fill(app, position, 2, stage_index=0)
    closed = _fill(app, position, CARDS_PER_COLUMN + 2, status=ApplicationStatus.REJECTED)
    login(roles=["recruiter"])
    page = client.get(f"/positions/{position.id}/pipeline").get_data(as_text=True)
    assert f"{CARDS_PER_COLUMN + 5} in progress, {CARDS_PER_COLUMN + 2} closed" in page
    new_col, screen_col, *_rest = _columns(page)
    assert f">{CARDS_PER_COLUMN + 3}</span>" in new_col
    # The first to apply come first; the rest are behind the column's link.
    assert _names(new_col) == [a.candidate_name for a in new[:CARDS_PER_COLUMN]]
    assert f'href="/positions/{position.id}/pipeline/new"' in new_col
    assert f"Show all {CARDS_PER_COLUMN + 3}" in new_col
    assert ">2</span>" in screen_col and len(_names(screen_col)) == 2
    assert "Show all" not in screen_col
    # The latest closed first, the rest behind their own link.
    closed_part = page.split("Closed applications")[1]
    shown = re.findall(r'<tr id="application-(\d+)"', closed_part)
    assert [int(i) for i in shown] == [a.id for a in reversed(closed)][:CLOSED_ON_BOARD]
    assert f"the latest {CLOSED_ON_BOARD} are here" in closed_part
    assert f'href="/positions/{position.id}/pipeline/closed"' in closed_part


def test_a_columns_own_page_lists_everyone_a_page_at_a_time(app, client, login, make_position):
    position = make_position()
    new = _fill(app, position, 3)
    screen = _fill(app, position, 2, stage_index=0)
    _fill(app, position, 1, stage_index=7)
    rejected = _fill(app, position, 2, status=ApplicationStatus.WITHDRAWN)
    login(roles=["recruiter"])
    url = f"/positions/{position.id}/pipeline"
    page = client.get(f"{url}/new").get_data(as_text=True)
    assert "<h1>New</h1>" in page and _names(page) == [a.candidate_name for a in new]
    assert "Back to the board" in page
    page = client.get(f"{url}/stage-1").get_data(as_text=True)
    assert "Screen" in page and _names(page) == [a.candidate_name for a in screen]
    assert "Move " in page  # the board's move buttons work here too
    page = client.get(f"{url}/other").get_data(as_text=True)
    assert "Not in the current plan" in page and len(_names(page)) == 1
    page = client.get(f"{url}/closed").get_data(as_text=True)
    assert all(a.candidate_name in page for a in rejected) and "Withdrawn" in page
    for missing in ("stage-4", "stage-0", "bogus", "new?page=2"):
        assert client.get(f"{url}/{missing}").status_code == 404, missing


@pytest.mark.parametrize("app_config", [{"PAGE_SIZE": 2}])
def test_a_columns_page_follows_the_page_size(app, client, login, make_position):
    position = make_position()
    new = _fill(app, position, 5)
    login(roles=["recruiter"])
    url = f"/positions/{position.id}/pipeline/new"
    assert _names(client.get(url).get_data(as_text=True)) == [a.candidate_name for a in new[:2]]
    third = client.get(f"{url}?page=3").get_data(as_text=True)
    assert _names(third) == [new[4].candidate_name]
    assert client.get(f"{url}?page=4").status_code == 404


def test_the_hiring_manager_of_another_position_cannot_open_a_column(
    app, client, login, make_position
):
    position = make_position()
    _fill(app, position, 1)
    login(roles=["hiring_manager"])
    assert client.get(f"/positions/{position.id}/pipeline/new").status_code == 403


def test_board_and_column_queries_do_not_grow_with_applications(
    app, client, login, make_position, count_queries
):
    position = make_position()
    _fill(app, position, 1)
    _fill(app, position, 1, stage_index=1)
    _fill(app, position, 1, status=ApplicationStatus.REJECTED)
    login(roles=["recruiter"])
    urls = [f"/positions/{position.id}/pipeline", f"/positions/{position.id}/pipeline/new"]
    few = []
    for url in urls:
        with count_queries() as counted:
            client.get(url)
        few.append(counted.count)
    _fill(app, position, 3 * CARDS_PER_COLUMN)
    _fill(app, position, 2 * CARDS_PER_COLUMN, stage_index=1)
    _fill(app, position, 2 * CARDS_PER_COLUMN, status=ApplicationStatus.HIRED)
    for url, before in zip(urls, few, strict=True):
        with count_queries() as counted:
            page = client.get(url).get_data(as_text=True)
        assert counted.count == before, counted.statements
        assert len(_names(page)) <= max(CARDS_PER_COLUMN * 3, 25)


def test_the_board_reads_through_its_indexes_and_never_sorts_the_closed_history(
    app, client, login, make_position, count_queries, query_plan
):
    """The history grows with every closed application: SQLite's plan for each board query
    must reach applications through ``ix_applications_board`` / ``ix_applications_closed``,
    never scan the table nor sort its rows in a temporary b-tree (what the windowed ranking
    of every application did)."""
    position = make_position()
    _fill(app, position, 2)
    _fill(app, position, 2, stage_index=0)
    _fill(app, position, 3, status=ApplicationStatus.REJECTED)
    login(roles=["recruiter"])
    with count_queries() as counted:
        assert client.get(f"/positions/{position.id}/pipeline").status_code == 200
    board = counted.ran("applications.stage_index")
    assert len(board) == 2, counted.statements
    for statement, parameters in board:
        plan = query_plan(statement, parameters)
        reads = [step for step in plan if " applications " in f"{step} "]
        assert reads and all(
            "ix_applications_board" in step
            or "ix_applications_closed" in step
            or "INTEGER PRIMARY KEY" in step
            for step in reads
        ), plan
        assert not any("SCAN applications" in step for step in plan), plan
        if "UNION ALL" in statement:
            # The closed column's first cards walk the latest-first index: no sort.
            assert any("ix_applications_closed" in step for step in plan), plan
        else:
            assert "GROUP BY" in statement
            assert any("COVERING INDEX ix_applications_board" in step for step in plan)


def test_every_card_carries_the_requests_token_and_a_move_with_it_goes_through(
    app, client, login, make_position
):
    """The cards' move forms read the request's CSRF token once made (``forms.csrf_token``):
    with CSRF on, as in production, every form on the board has the same valid token, an
    on-hold card has no move buttons, and posting a card's form moves it."""
    position = make_position()
    waiting = _fill(app, position, 3)
    held = _fill(app, position, 1, stage_index=0, status=ApplicationStatus.ON_HOLD)
    login(roles=["recruiter"])
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get(f"/positions/{position.id}/pipeline").get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]*)"', page))
    assert len(tokens) == 1 and all(tokens)
    assert page.count(">→</button>") == 3  # the three new ones; not the held one
    assert f"Move {held[0].candidate_name}" not in page
    version = re.search(
        rf'action="/applications/{waiting[0].id}/move".*?name="version" value="(\d+)"', page, re.S
    ).group(1)
    moved = client.post(
        f"/applications/{waiting[0].id}/move",
        data={
            "csrf_token": tokens.pop(),
            "version": version,
            "direction": "next",
            "return_to": "pipeline",
        },
    )
    assert moved.status_code == 302
    with app.app_context():
        assert db.session.get(Application, waiting[0].id).stage_index == 0
