"""Migration 0022: the ramp phase is allowed by the database, and a downgrade keeps every row
(ramp items and goals move into the Own phase, days and due dates untouched)."""

from __future__ import annotations

import flask_migrate
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from hiring import create_app
from hiring.db import db
from tests.support.harness import test_config

ITEM = (
    "INSERT INTO onboarding_items (id, plan_id, phase, day, due_date, title, description, kind,"
    " owner, evidence_required, completion_note, evidence_url, generated)"
    " VALUES (:id, 1, :phase, :day, '2027-05-03', 'Ramp quota review', '', 'deliverable',"
    " 'new_hire', false, '', '', false)"
)
GOAL = (
    "INSERT INTO onboarding_goals (id, plan_id, phase, outcome, metric, unit, due_date,"
    " coaching_actions, interview_evidence, interview_summary, owner)"
    " VALUES (:id, 1, :phase, 'Reach full quota', 'Attainment', 'percent', '2027-05-03',"
    " '[]', '[]', '', 'new_hire')"
)


def _insert(statement: str, **values: object) -> None:
    """A row without its plan: the test is about the phase check, not the foreign keys."""
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET session_replication_role = replica")
        else:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.execute(text(statement), values)


def test_0022_allows_the_ramp_phase_and_its_downgrade_keeps_the_rows(databases):
    url = databases.create("ramp_phase")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0021")
        with pytest.raises(IntegrityError):
            _insert(ITEM, id=1, phase="ramp", day=120)

        flask_migrate.upgrade(revision="0022")
        _insert(ITEM, id=1, phase="ramp", day=120)
        _insert(ITEM, id=2, phase="learn", day=3)
        _insert(GOAL, id=1, phase="ramp")
        with pytest.raises(IntegrityError):
            _insert(ITEM, id=3, phase="month_7", day=200)

        flask_migrate.downgrade(revision="0021")
        with db.engine.connect() as connection:
            items = connection.execute(
                text("SELECT id, phase, day, due_date FROM onboarding_items ORDER BY id")
            ).all()
            goals = connection.execute(text("SELECT id, phase FROM onboarding_goals")).all()
        assert [(i.id, i.phase, i.day, str(i.due_date)) for i in items] == [
            (1, "own", 120, "2027-05-03"),
            (2, "learn", 3, "2027-05-03"),
        ]
        assert [(g.id, g.phase) for g in goals] == [(1, "own")]
        with pytest.raises(IntegrityError):
            _insert(ITEM, id=4, phase="ramp", day=150)

        flask_migrate.upgrade()
        db.engine.dispose()
