"""The day-before reminder of a 1:1: to the rep and the manager, once, by the hourly job and
``flask reminders send`` (whose line now counts 1:1 reminders too)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from hiring import schedule
from hiring.coaching.models import OneOnOne
from hiring.db import db, utcnow
from hiring.mail.models import OutboxMessage
from tests import builders


def test_both_are_reminded_once_the_day_before(app, team):
    now = utcnow()
    with app.app_context():
        tomorrow = builders.one_on_one(team.rep, at=now + timedelta(hours=20))
        builders.one_on_one(team.rep, at=now + timedelta(hours=30))  # the day after: not yet
        builders.one_on_one(team.peer, at=now - timedelta(hours=1))  # over: never
        assert schedule.send_one_on_one_reminders(now) == 1
        assert schedule.send_one_on_one_reminders(now + timedelta(hours=1)) == 0
        messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
        assert sorted(m.to_address for m in messages) == sorted(
            [team.rep.email, team.manager.email]
        )
        to_rep = next(m for m in messages if m.to_address == team.rep.email)
        assert to_rep.subject == "1:1 with Morgan Patel tomorrow"
        assert f"/coaching/one-on-ones/{tomorrow}" in to_rep.body_text
        assert "your topics lead the agenda" in to_rep.body_text
        assert db.session.get(OneOnOne, tomorrow).reminded_at is not None
        # Twelve hours on, the second one is within a day: its turn, once.
        assert schedule.send_one_on_one_reminders(now + timedelta(hours=12)) == 1
        assert db.session.scalar(select(OutboxMessage.id).offset(3)) is not None


def test_the_reminders_command_counts_1_1_reminders(app, team):
    with app.app_context():
        builders.one_on_one(team.rep, at=utcnow() + timedelta(hours=3))
    runner = app.test_cli_runner()
    output = runner.invoke(args=["reminders", "send"]).output
    assert "Queued 0 scorecard reminders and 1 1:1 reminder;" in output
    assert "and 0 1:1 reminders" in runner.invoke(args=["reminders", "send"]).output
