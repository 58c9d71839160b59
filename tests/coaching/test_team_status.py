"""The /coaching/ team list shows, per rep, the 1:1 cadence, the next 1:1, the last one held,
overdue action items and an open support plan (flagged past its window), in a fixed number
of queries however many reps and how much history they have."""

from __future__ import annotations

from datetime import timedelta

import pytest

from hiring.coaching.models import MeetingStatus
from hiring.db import utcnow
from tests import builders

pytestmark = pytest.mark.usefixtures("loaded_library")


def _row(page: str, rep_id: int) -> str:
    return page.split(f'id="team-rep-{rep_id}"', 1)[1].split("</tr>", 1)[0]


def test_the_team_list_shows_each_reps_coaching_status(app, client, login, team):
    now = utcnow()
    today = builders.reader_today()
    with app.app_context():
        builders.history_profile(team.rep, first_on=today - timedelta(weeks=8))
        builders.history_one_on_one(team.rep, now - timedelta(days=10))
        held = now - timedelta(days=3)
        builders.history_one_on_one(team.rep, held)
        builders.history_one_on_one(
            team.rep, now - timedelta(days=1), status=MeetingStatus.CANCELLED
        )
        coming = now + timedelta(days=4)
        builders.history_one_on_one(team.rep, coming, status=MeetingStatus.SCHEDULED)
        builders.history_one_on_one(
            team.rep, now + timedelta(days=11), status=MeetingStatus.SCHEDULED
        )
        builders.action_item(team.rep, team.rep, due_on=today - timedelta(days=2))
        builders.action_item(team.rep, team.manager, due_on=today - timedelta(days=1))
        builders.action_item(team.rep, team.rep, due_on=today + timedelta(days=2))
        builders.history_support_plan(team.rep, starts_on=today - timedelta(days=90), days=60)
        builders.history_support_plan(team.peer, starts_on=today - timedelta(days=10), days=60)
    login(team.manager)
    page = client.get("/coaching/").get_data(as_text=True)
    noah = _row(page, team.rep.id)
    assert "Noah Kim" in noah and "1:1s every week" in noah
    assert f'datetime="{coming.isoformat()}"' in noah  # the next, not the one after
    assert f'datetime="{held.isoformat()}"' in noah  # the last held, not the cancelled one
    assert "2 overdue" in noah
    assert "Open" in noah and "past its window" in noah
    ana = _row(page, team.peer.id)
    assert "No 1:1 cadence set" in ana and "None planned" in ana and "None yet" in ana
    assert "overdue" not in ana
    assert "Open" in ana and "past its window" not in ana


def test_the_team_list_costs_the_same_as_reps_and_history_grow(
    app, client, login, team, count_queries
):
    login(team.manager)
    with count_queries() as few:
        assert client.get("/coaching/").status_code == 200
    with app.app_context():
        # The bar: a year of weekly 1:1s for 10 reps (with ride-alongs and action items).
        builders.coaching_history(team.manager, reps=10, months=12)
    with count_queries() as many:
        page = client.get("/coaching/").get_data(as_text=True)
    assert many.count == few.count
    assert page.count('id="team-rep-') == 12 and "1:1s every week" in page
