"""The manager's coaching rhythm this month (``hiring.coaching.rhythm``): what counts, in
which month, against which cadence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hiring.auth.models import User
from hiring.coaching import rhythm
from hiring.coaching.models import Cadence, CallRole, MeetingStatus, SupportStatus
from hiring.db import db
from tests import builders

#: Monday 30 November 2026, 21:00 in Chicago (the manager's zone): already 1 December in UTC.
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(rhythm, "utcnow", lambda: NOW)
    return NOW


def _month(person: builders.UserRef) -> rhythm.CoachingMonth | None:
    manager = db.session.get(User, person.id)
    assert manager is not None
    return rhythm.this_month(manager)


def _row(month: rhythm.CoachingMonth | None, rep: builders.UserRef) -> rhythm.RepMonth:
    assert month is not None
    return next(r for r in month.reps if r.rep.id == rep.id)


def test_only_held_one_on_ones_count_and_cancelled_ones_are_told_apart(app, team, now):
    with app.app_context():
        held = datetime(2026, 11, 9, 16, 0, tzinfo=UTC)
        builders.history_one_on_one(team.rep, held)
        builders.history_one_on_one(team.rep, held + timedelta(days=7), minutes=45)
        builders.history_one_on_one(
            team.rep, held + timedelta(days=14), status=MeetingStatus.CANCELLED
        )
        builders.history_one_on_one(
            team.rep, held + timedelta(days=21), status=MeetingStatus.SCHEDULED
        )
        row = _row(_month(team.manager), team.rep)
    assert (row.held, row.cancelled, row.coaching_minutes) == (2, 1, 75)


def test_this_month_is_the_managers_calendar_month(app, team, now):
    with app.app_context():
        # 30 Nov 19:00 in Chicago (1 Dec in UTC) is this month; 31 Oct 23:00 in Chicago
        # (1 Nov in UTC) is last month's.
        builders.history_one_on_one(team.rep, datetime(2026, 12, 1, 1, 0, tzinfo=UTC))
        builders.history_one_on_one(team.rep, datetime(2026, 11, 1, 4, 0, tzinfo=UTC))
        assert _row(_month(team.manager), team.rep).held == 1
        # The same records read from Tokyo, where it is already Tuesday 1 December.
        manager = db.session.get(User, team.manager.id)
        assert manager is not None
        manager.time_zone = "Asia/Tokyo"
        db.session.commit()
        month = _month(team.manager)
        assert month is not None and month.month == date(2026, 12, 1)
        assert _row(month, team.rep).held == 1  # 1 Dec 10:00 in Tokyo


def test_a_one_on_one_counts_in_the_month_it_took_place_not_when_recorded(app, team, now):
    with app.app_context():
        # Met on 30 October, recorded on 3 November: October's (not this month's).
        builders.history_one_on_one(
            team.rep,
            datetime(2026, 10, 30, 15, 0, tzinfo=UTC),
            held_at=datetime(2026, 11, 3, 15, 0, tzinfo=UTC),
            minutes=45,
        )
        # Met on 27 November, recorded on 2 December: November's, against November's slots.
        builders.history_one_on_one(
            team.rep,
            datetime(2026, 11, 27, 15, 0, tzinfo=UTC),
            held_at=datetime(2026, 12, 2, 15, 0, tzinfo=UTC),
        )
        row = _row(_month(team.manager), team.rep)
        assert (row.held, row.coaching_minutes) == (1, 30)
        # Recorded late in the same month it was held: still one.
        builders.history_one_on_one(
            team.rep,
            datetime(2026, 11, 20, 15, 0, tzinfo=UTC),
            held_at=datetime(2026, 11, 29, 15, 0, tzinfo=UTC),
        )
        assert _row(_month(team.manager), team.rep).held == 2


def test_demonstration_calls_are_mentoring_not_coaching(app, team, now):
    with app.app_context():
        at = datetime(2026, 11, 12, 20, 0, tzinfo=UTC)
        builders.history_ride_along(team.rep, at)
        builders.history_ride_along(team.rep, at + timedelta(days=1), role=CallRole.DEMONSTRATE)
        builders.history_ride_along(
            team.rep, at + timedelta(days=2), status=MeetingStatus.CANCELLED
        )
        builders.history_ride_along(team.rep, at - timedelta(days=30))  # October
        row = _row(_month(team.manager), team.rep)
    assert (row.ride_alongs, row.demonstrations, row.coaching_minutes) == (1, 1, 60)


def test_overdue_action_items_are_open_and_past_due_split_by_owner(app, team, now):
    with app.app_context():
        today = date(2026, 11, 30)
        overdue = today - timedelta(days=1)
        builders.action_item(team.rep, team.rep, due_on=overdue)
        builders.action_item(team.rep, team.manager, due_on=overdue - timedelta(days=20))
        builders.action_item(team.rep, team.manager, due_on=today)  # due today: not yet
        done = builders.action_item(team.rep, team.rep, due_on=overdue)
        builders.action_item(team.peer, team.peer, due_on=overdue)
        from hiring.coaching.models import ActionItem

        item = db.session.get(ActionItem, done)
        assert item is not None
        item.done_at, item.done_by_id = NOW, team.rep.id
        db.session.commit()
        month = _month(team.manager)
        row = _row(month, team.rep)
        assert (row.overdue_total, row.overdue_yours, row.overdue_theirs) == (2, 1, 1)
        assert month is not None and month.overdue_total == 3 and month.overdue_yours == 1


def test_support_plans_open_and_past_their_window(app, team, now):
    with app.app_context():
        builders.history_support_plan(team.rep, starts_on=date(2026, 10, 1), days=30)
        builders.history_support_plan(team.peer, starts_on=date(2026, 11, 2), days=60)
        builders.history_support_plan(
            team.peer, starts_on=date(2026, 6, 1), status=SupportStatus.CLOSED
        )
        month = _month(team.manager)
        rep, peer = _row(month, team.rep), _row(month, team.peer)
    assert (rep.plans_open, rep.plans_past_window) == (1, 1)
    assert (peer.plans_open, peer.plans_past_window) == (1, 0)
    assert month is not None and (month.plans_open, month.plans_past_window) == (2, 1)


@pytest.mark.parametrize(
    ("cadence", "first_on", "now_at", "expected"),
    [
        # Mondays 2, 9, 16, 23 and 30 November at 10:00 Chicago; all past by NOW.
        (Cadence.WEEKLY, date(2026, 10, 5), NOW, (5, 5)),
        # On Wednesday 18 November: 2, 9 and 16 have come round.
        (Cadence.WEEKLY, date(2026, 10, 5), datetime(2026, 11, 18, 18, tzinfo=UTC), (3, 5)),
        # Every two weeks from 5 October: 2, 16 and 30 November.
        (Cadence.FORTNIGHTLY, date(2026, 10, 5), NOW, (3, 3)),
        # A cadence set mid-month starts then: Fridays 20 and 27 November.
        (Cadence.WEEKLY, date(2026, 11, 20), NOW, (2, 2)),
        # A cadence that starts next month implies none this month.
        (Cadence.WEEKLY, date(2026, 12, 7), NOW, (0, 0)),
    ],
)
def test_the_cadence_sets_how_many_one_on_ones_are_due(
    app, team, monkeypatch, cadence, first_on, now_at, expected
):
    monkeypatch.setattr(rhythm, "utcnow", lambda: now_at)
    with app.app_context():
        builders.history_profile(team.rep, first_on=first_on, cadence=cadence)
        row = _row(_month(team.manager), team.rep)
    assert (row.due_so_far, row.due_in_month) == expected


def test_a_rep_without_a_profile_is_due_nothing_and_has_no_ride_along_target(app, team, now):
    with app.app_context():
        row = _row(_month(team.manager), team.rep)
    assert row.profile is None
    assert (row.due_so_far, row.due_in_month, row.ride_alongs_target) == (0, 0, 0)


def test_team_totals_and_the_three_hour_benchmark(app, team, now):
    with app.app_context():
        builders.history_profile(team.rep, first_on=date(2026, 10, 5), ride_alongs_per_month=2)
        builders.history_profile(team.peer, first_on=date(2026, 10, 5))
        monday = datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
        for week in range(4):
            builders.history_one_on_one(team.rep, monday + timedelta(weeks=week), minutes=45)
        builders.history_ride_along(team.rep, monday + timedelta(days=2), minutes=90)
        builders.history_one_on_one(team.peer, monday)
        month = _month(team.manager)
        rep = _row(month, team.rep)
    assert month is not None
    assert rep.coaching_minutes == 270 and rep.coaching_time == "4 h 30 min" and rep.meets_benchmark
    assert (month.held, month.due_so_far, month.due_in_month) == (5, 10, 10)
    assert (month.ride_alongs, month.ride_alongs_target) == (1, 3)
    assert month.coaching_time == "5 h" and month.benchmark_time == "6 h"
    assert month.reps_at_benchmark == 1


def test_other_managers_records_and_people_are_not_counted(app, team, now):
    with app.app_context():
        builders.history_one_on_one(team.rep, datetime(2026, 11, 9, 16, 0, tzinfo=UTC))
        # Noah moves to Sam: Morgan's 1:1 with him was Morgan's coaching, not Sam's.
        noah = db.session.get(User, team.rep.id)
        assert noah is not None
        noah.manager_id = team.other_manager.id
        db.session.commit()
        assert _row(_month(team.other_manager), team.rep).held == 0
        assert [r.rep.name for r in _month(team.manager).reps] == ["Ana Silva"]  # type: ignore[union-attr]


def test_slots_before_the_hand_over_are_not_due_from_the_new_manager(app, team, now):
    with app.app_context():
        # Mondays 2, 9, 16, 23 and 30 November; Morgan held 2 and 9, then Noah moved to Sam.
        builders.history_profile(team.rep, first_on=date(2026, 10, 5))
        builders.history_one_on_one(team.rep, datetime(2026, 11, 2, 16, 0, tzinfo=UTC))
        builders.history_one_on_one(team.rep, datetime(2026, 11, 9, 16, 0, tzinfo=UTC))
        noah = db.session.get(User, team.rep.id)
        assert noah is not None
        noah.manager_id = team.other_manager.id
        db.session.commit()
        row = _row(_month(team.other_manager), team.rep)
    assert (row.held, row.due_so_far, row.due_in_month) == (0, 3, 3)


def test_nobody_to_coach_means_no_rhythm(app, team, now):
    with app.app_context():
        assert _month(team.interviewer) is None
        assert _month(team.rep) is None


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 h"), (45, "45 min"), (180, "3 h"), (150, "2 h 30 min")]
)
def test_durations_read_as_people_say_them(minutes, text):
    assert rhythm.duration(minutes) == text
