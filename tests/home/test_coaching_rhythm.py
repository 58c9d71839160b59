"""The manager's home shows their own coaching this month (issue #16, item 8), in a fixed
number of queries however long the coaching history grows."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from hiring.coaching import rhythm
from hiring.coaching.models import (
    ActionItem,
    AgendaTopic,
    CallRole,
    CompetencyRating,
    MeetingStatus,
    OneOnOne,
    RideAlong,
)
from hiring.db import db
from tests import builders

#: Monday 30 November 2026, 21:00 in Chicago (every test person's zone).
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def team(app: Flask, monkeypatch: pytest.MonkeyPatch) -> builders.CoachingTeam:
    monkeypatch.setattr(rhythm, "utcnow", lambda: NOW)
    with app.app_context():
        return builders.coaching_team()


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def _row(page: str, rep: builders.UserRef) -> str:
    match = re.search(rf'<tr id="rhythm-rep-{rep.id}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {rep.name}"
    return _text(match.group(1))


def _stat(page: str, name: str) -> str:
    match = re.search(rf'<div class="stat" id="rhythm-total-{name}">(.*?)</div>', page, re.S)
    assert match, name
    return _text(match.group(1))


def _home(client: FlaskClient, person: builders.UserRef) -> str:
    builders.switch_to(client, person)
    return client.get("/").get_data(as_text=True)


def test_the_manager_sees_each_reps_coaching_this_month(app, client, team):
    with app.app_context():
        builders.history_profile(team.rep, first_on=date(2026, 10, 5), ride_alongs_per_month=2)
        monday = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
        builders.history_one_on_one(team.rep, monday, minutes=60)
        builders.history_one_on_one(team.rep, monday + timedelta(weeks=1), minutes=60)
        builders.history_one_on_one(
            team.rep, monday + timedelta(weeks=2), status=MeetingStatus.CANCELLED
        )
        builders.history_one_on_one(
            team.rep, monday + timedelta(weeks=4), status=MeetingStatus.SCHEDULED
        )
        builders.history_ride_along(team.rep, monday + timedelta(days=3), minutes=90)
        builders.history_ride_along(
            team.rep, monday + timedelta(days=10), role=CallRole.DEMONSTRATE
        )
        builders.action_item(team.rep, team.rep, due_on=date(2026, 11, 20))
        builders.action_item(team.rep, team.manager, due_on=date(2026, 11, 25))
        builders.action_item(team.rep, team.manager, due_on=date(2026, 12, 2))
        builders.history_support_plan(team.rep, starts_on=date(2026, 9, 1), days=60)
    page = _home(client, team.manager)
    assert ">Your coaching this month</h2>" in page
    assert "November 2026, to Mon 30 Nov" in _text(page)
    row = _row(page, team.rep)
    assert "Noah Kim 2 of 5 held · behind every week · 5 in the month · 1 cancelled" in row
    assert "1 of 2 + 1 demonstration call (mentoring)" in row
    assert "3 h 30 min 3+ h reached" in row
    assert "2 1 yours · 1 Noah’s" in row
    assert "1 open past its window" in row
    assert f'href="/coaching/people/{team.rep.id}"' in page
    assert "CEB: reps with 3+ hours of coaching a month reached about 107% of quota vs 88%" in page


def test_team_totals_count_every_rep(app, client, team):
    with app.app_context():
        for rep in (team.rep, team.peer):
            builders.history_profile(rep, first_on=date(2026, 11, 23))
            builders.history_one_on_one(rep, datetime(2026, 11, 23, 16, 0, tzinfo=UTC))
        builders.history_ride_along(team.peer, datetime(2026, 11, 24, 16, 0, tzinfo=UTC))
        builders.action_item(team.peer, team.manager, due_on=date(2026, 11, 1))
    page = _home(client, team.manager)
    assert _stat(page, "one-on-ones").startswith("2 of 4 1:1s held")
    assert _stat(page, "ride-alongs").startswith("1 of 2 coaching ride-alongs")
    assert _stat(page, "time") == ("2 h coaching, of 6 h at 3 h a rep · 0 of 2 reps at 3+ h")
    assert _stat(page, "overdue") == "1 action items overdue (1 yours)"
    assert _stat(page, "plans") == "0 support plans open"
    assert "None" in _row(page, team.rep)  # nothing overdue, no plan


def test_a_rep_without_a_cadence_asks_the_manager_to_set_one(app, client, team):
    with app.app_context():
        builders.history_one_on_one(team.rep, datetime(2026, 11, 9, 16, 0, tzinfo=UTC))
    page = _home(client, team.manager)
    row = _row(page, team.rep)
    assert row.startswith("Noah Kim Set a 1:1 cadence 1 1:1 held · 0 coaching ride-alongs")
    assert re.search(rf'<a href="/coaching/people/{team.rep.id}">Set a 1:1 cadence</a>', page), (
        "the prompt links to Noah's coaching page"
    )
    assert "Set a 1:1 cadence" in _row(page, team.peer)


@pytest.mark.parametrize("who", ["rep", "interviewer", "other_manager", "admin"])
def test_only_someone_with_reports_sees_the_section(app, client, team, who):
    page = _home(client, getattr(team, who))
    assert "Your coaching this month" not in page
    assert "rhythm-" not in page


def test_the_skip_level_sees_only_their_direct_report(client, team):
    page = _home(client, team.skip_level)
    assert ">Your coaching this month</h2>" in page
    assert f'id="rhythm-rep-{team.manager.id}"' in page
    assert f'id="rhythm-rep-{team.rep.id}"' not in page


def test_query_counts_stay_constant_as_a_year_of_coaching_accumulates(app, client, count_queries):
    """The bar: a year of weekly 1:1s for 10 reps costs the manager's home and a rep's
    coaching page no more statements than a month of them."""
    counts = []
    for months in (1, 12):
        with app.app_context():
            manager = builders.user(roles=["hiring_manager"], name=f"Manager {months:02d}")
            reps = builders.coaching_history(manager, 10, months=months)
        builders.switch_to(client, manager)
        with count_queries() as home:
            page = client.get("/").get_data(as_text=True)
        assert page.count('id="rhythm-rep-') == 10
        with count_queries() as coaching:
            response = client.get(f"/coaching/people/{reps[0].id}")
        assert response.status_code == 200
        counts.append((home.count, coaching.count))
    assert counts[0] == counts[1], counts


def test_the_history_builder_makes_a_year_of_weekly_coaching(app):
    with app.app_context():
        manager = builders.user(roles=["hiring_manager"], name="Morgan Patel")
        rep = builders.coaching_history(manager, 1)[0]

        def count(model: type, *where: object) -> int:
            return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0

        assert count(OneOnOne, OneOnOne.rep_id == rep.id, OneOnOne.status == "held") == 52
        assert count(OneOnOne, OneOnOne.status == "scheduled") == 1
        assert count(AgendaTopic) == 2 * 53
        assert count(RideAlong, RideAlong.manager_role == "observe") == 9
        assert count(RideAlong, RideAlong.manager_role == "demonstrate") == 3
        assert count(CompetencyRating) == 2 * 9
        assert count(ActionItem, ActionItem.done_at.is_(None)) > 0
