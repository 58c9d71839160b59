"""Migration 0024: every 1:1 and ride-along an onboarding plan kept moves into coaching with
its words, its action items and the plan item it ticked; each move is audited with the old
row, the old table goes, and a downgrade rebuilds it from the audit entries (on SQLite and,
with HIRING_TEST_DATABASE_URL, PostgreSQL)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import flask_migrate
from sqlalchemy import inspect, text

from hiring import create_app
from hiring.coaching.models import CallRole, CallStage, MeetingStatus, OneOnOne, RideAlong
from hiring.db import db
from tests.support.harness import test_config

LONG_AGENDA = "Walk the territory plan. " * 30  # 750 characters: more than a topic holds

ROWS = [
    "INSERT INTO users (id, email, name, active, session_token, created_at, is_demo, version,"
    " manager_id, time_zone) VALUES (1, 'morgan@example.com', 'Morgan Patel', true, 't1',"
    " '2027-01-01 09:00:00', false, 1, NULL, 'America/Chicago')",
    "INSERT INTO users (id, email, name, active, session_token, created_at, is_demo, version,"
    " manager_id, time_zone) VALUES (2, 'noah@example.com', 'Noah Kim', true, 't2',"
    " '2027-01-01 09:00:00', false, 1, 1, 'America/Chicago')",
    "INSERT INTO onboarding_plans (id, new_hire_id, manager_id, title, start_date, status,"
    " template_source, created_at, created_by_id, version) VALUES (1, 2, 1, 'Noah''s plan',"
    " '2027-01-04', 'active', 'test', '2027-01-01 09:00:00', 1, 1)",
]
ITEM = (
    "INSERT INTO onboarding_items (id, plan_id, phase, day, due_date, title, description, kind,"
    " owner, evidence_required, completion_note, evidence_url, generated, meeting_id, done_at,"
    " done_by_id) VALUES (:id, 1, 'learn', 8, '2027-01-11', :title, '', :kind, 'manager', false,"
    " 'Recorded', '', true, :meeting, '2027-01-11 18:00:00', 1)"
)
MEETING = (
    "INSERT INTO onboarding_meetings (id, plan_id, kind, held_on, starts_at, minutes, time_zone,"
    " agenda, notes, action_items, pre_call_plan, observations, focus_points, agreed_action,"
    " created_at, created_by_id) VALUES (:id, 1, :kind, :held_on, :starts_at, :minutes, :zone,"
    " :agenda, :notes, :actions, :plan, :observations, :focus, :agreed, '2027-01-20 20:00:00', 1)"
)
MEETINGS = [
    # A 1:1 kept before meetings had a time; its items were carried into the next 1:1.
    {
        "id": 1,
        "kind": "one_on_one",
        "held_on": "2027-01-11",
        "starts_at": None,
        "minutes": None,
        "zone": None,
        "agenda": "Week 1",
        "notes": "Nervous about cold calls",
        "actions": json.dumps(["Book 3 shadow calls", "Finish CRM course"]),
    },
    {
        "id": 2,
        "kind": "one_on_one",
        "held_on": "2027-01-18",
        "starts_at": "2027-01-18 16:00:00",
        "minutes": 45,
        "zone": "America/Chicago",
        "agenda": LONG_AGENDA,
        "notes": "Better week",
        "actions": json.dumps(["Book 3 shadow calls"]),
    },
    {
        "id": 3,
        "kind": "ride_along",
        "held_on": "2027-01-20",
        "starts_at": "2027-01-20 15:00:00",
        "minutes": None,
        "zone": "America/Chicago",
        "plan": "Qualify budget",
        "observations": "Pitched early",
        "focus": "Ask two more questions before demoing",
        "agreed": "Use the discovery checklist",
    },
]


def _seed() -> None:
    with db.engine.begin() as connection:
        for statement in ROWS:
            connection.execute(text(statement))
        for meeting in MEETINGS:
            values = {
                "agenda": "",
                "notes": "",
                "actions": "[]",
                "plan": "",
                "observations": "",
                "focus": "",
                "agreed": "",
                **meeting,
            }
            connection.execute(text(MEETING), values)
        connection.execute(
            text(ITEM), {"id": 1, "title": "Weekly 1:1", "kind": "one_on_one", "meeting": 1}
        )
        connection.execute(
            text(ITEM), {"id": 2, "title": "Ride along", "kind": "ride_along", "meeting": 3}
        )


def _all(sql: str) -> list:
    with db.engine.connect() as connection:
        return connection.execute(text(sql)).mappings().all()


def _utc(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def test_0024_moves_plan_meetings_into_coaching_and_back(databases):
    url = databases.create("meetings_to_coaching")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0023")
        _seed()
        flask_migrate.upgrade(revision="0024")
        flask_migrate.upgrade()  # the later revisions only add columns the models read
        _check_moved()

        flask_migrate.downgrade(revision="0023")
        meetings = _all("SELECT * FROM onboarding_meetings ORDER BY id")
        assert [(m["id"], m["kind"], str(m["held_on"])) for m in meetings] == [
            (1, "one_on_one", "2027-01-11"),
            (2, "one_on_one", "2027-01-18"),
            (3, "ride_along", "2027-01-20"),
        ]
        first, second, ride = meetings
        assert first["starts_at"] is None and first["notes"] == "Nervous about cold calls"
        actions = first["action_items"]
        assert (json.loads(actions) if isinstance(actions, str) else actions) == [
            "Book 3 shadow calls",
            "Finish CRM course",
        ]
        assert second["agenda"] == LONG_AGENDA and _utc(second["starts_at"]).hour == 16
        assert ride["agreed_action"] == "Use the discovery checklist"
        items = _all("SELECT id, meeting_id FROM onboarding_items ORDER BY id")
        assert [(i["id"], i["meeting_id"]) for i in items] == [(1, 1), (2, 3)]
        for table in ("coaching_one_on_ones", "coaching_ride_alongs", "coaching_action_items"):
            assert _all(f"SELECT id FROM {table}") == []

        flask_migrate.upgrade()  # and forward again: the same copies, audited again
        _check_moved(audited=6)
        db.engine.dispose()


def _check_moved(audited: int = 3) -> None:
    tables = set(inspect(db.engine).get_table_names())
    assert "onboarding_meetings" not in tables
    columns = {c["name"] for c in inspect(db.engine).get_columns("onboarding_items")}
    assert "meeting_id" not in columns

    one_on_ones = db.session.query(OneOnOne).order_by(OneOnOne.scheduled_at).all()
    assert [(m.rep_id, m.manager_id, m.status) for m in one_on_ones] == [
        (2, 1, MeetingStatus.HELD),
        (2, 1, MeetingStatus.HELD),
    ]
    first, second = one_on_ones
    # No time was kept: noon on its day in Noah's zone (18:00 UTC in January).
    assert first.scheduled_at == datetime(2027, 1, 11, 18, 0, tzinfo=UTC)
    assert (first.minutes, first.time_zone, first.plan_item_id) == (30, "America/Chicago", 1)
    assert first.held_at == first.scheduled_at and first.notes == "Nervous about cold calls"
    assert [(t.author_id, t.text, t.covered) for t in first.topics] == [(1, "Week 1", True)]
    assert second.scheduled_at == datetime(2027, 1, 18, 16, 0, tzinfo=UTC)
    assert (second.minutes, second.plan_item_id) == (45, None)
    [topic] = second.topics
    assert len(topic.text) == 500 and topic.text.endswith("…")
    assert second.notes.startswith("Better week") and LONG_AGENDA.strip() in second.notes

    actions = _all(
        "SELECT text, owner_id, due_on, one_on_one_id, done_at, done_by_id, kind"
        " FROM coaching_action_items ORDER BY id"
    )
    assert [(a["text"], a["one_on_one_id"], str(a["due_on"])) for a in actions] == [
        ("Book 3 shadow calls", first.id, "2027-01-18"),
        ("Finish CRM course", first.id, "2027-01-18"),
        ("Book 3 shadow calls", second.id, "2027-01-25"),
    ]
    assert all(a["owner_id"] == 2 and a["kind"] == "action" for a in actions)
    # Carried forward by copying: the first 1:1's close at the next, the last one's stay open.
    assert [_utc(a["done_at"]) if a["done_at"] else None for a in actions] == [
        second.scheduled_at,
        second.scheduled_at,
        None,
    ]
    assert [a["done_by_id"] for a in actions] == [1, 1, None]

    [ride] = db.session.query(RideAlong).all()
    assert (ride.rep_id, ride.manager_id, ride.status) == (2, 1, MeetingStatus.HELD)
    assert (ride.manager_role, ride.call_stage) == (CallRole.OBSERVE, CallStage.DISCOVERY)
    assert ride.scheduled_at == datetime(2027, 1, 20, 15, 0, tzinfo=UTC) and ride.minutes == 60
    assert ride.objective == "Qualify budget" and ride.observations == "Pitched early"
    assert ride.focus_points == "Ask two more questions before demoing"
    assert ride.agreed_practice == "Use the discovery checklist"
    assert ride.debriefed_at == datetime(2027, 1, 20, 16, 0, tzinfo=UTC)
    assert ride.rep_assessed_at is None and ride.plan_item_id == 2

    entries = _all(
        "SELECT actor_id, object_type, object_id, object_label, after FROM audit_events"
        " WHERE action = 'onboarding.meeting_moved_to_coaching' ORDER BY id"
    )
    assert len(entries) == audited
    latest = entries[-3:]
    assert all(e["actor_id"] is None and e["object_type"] == "onboarding_plans" for e in latest)
    assert latest[0]["object_label"] == "1:1 of 2027-01-11 moved to coaching"
    after = [json.loads(e["after"]) if isinstance(e["after"], str) else e["after"] for e in latest]
    assert after == [{"one_on_one": first.id}, {"one_on_one": second.id}, {"ride_along": ride.id}]
    db.session.remove()
