"""Migrations build the schema the models describe, on SQLite and PostgreSQL, and undo it."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hiring import create_app, jobs
from hiring.db import db
from tests.support.harness import test_config


def include_name(name, type_, parent_names):
    """What migrations/env.py compares: everything but the job queue's own tables."""
    if type_ == "table":
        return not jobs.is_queue_table(name)
    return not jobs.is_queue_table(parent_names.get("table_name"))


def test_upgrade_matches_models_and_downgrade_removes_everything(databases, tmp_path):
    url = databases.create("migrations")
    # A real queue: on PostgreSQL its jobs_queue_* tables sit in this database, and the
    # comparison skips them as migrations/env.py does.
    app = create_app(
        test_config(
            url, JOBS_IMMEDIATE=False, JOBS_URL=None if "postgresql" in url else "memory://"
        )
    )
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection,
                opts={"compare_type": True, "render_as_batch": True, "include_name": include_name},
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "user_roles", "audit_events", "outbox_messages"} <= tables

        flask_migrate.downgrade(revision="base")
        left = {t for t in inspect(db.engine).get_table_names() if not jobs.is_queue_table(t)}
        assert left <= {"alembic_version"}

        flask_migrate.upgrade()  # and back up again, proving downgrade left no debris
        assert "users" in inspect(db.engine).get_table_names()
        db.engine.dispose()


def test_database_enforces_lowercase_email_and_foreign_keys(app):
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    with app.app_context():
        for statement in (
            "INSERT INTO users (email, name, active, session_token, created_at, is_demo, version)"
            " VALUES ('Upper@Example.com', 'X', true, 't1', CURRENT_TIMESTAMP, false, 1)",
            "INSERT INTO user_roles (user_id, role) VALUES (999, 'admin')",
        ):
            try:
                db.session.execute(text(statement))
                db.session.flush()
            except IntegrityError:
                db.session.rollback()
            else:
                raise AssertionError(f"the database accepted: {statement}")


def test_0009_keeps_the_newest_of_two_current_decisions(databases):
    """Before 0009 a race could leave two current decisions; the upgrade keeps the newest."""
    from sqlalchemy import text

    url = databases.create("decisions")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0008")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for decision_id in (1, 2, 3):
                connection.execute(
                    text(
                        "INSERT INTO decisions (id, application_id, outcome, rationale,"
                        ' formula_outcome, decided_by_id, decided_at, "current")'
                        " VALUES (:id, :app, 'hold', 'r', 'hire', 1, CURRENT_TIMESTAMP, true)"
                    ),
                    {"id": decision_id, "app": 7 if decision_id < 3 else 8},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            current = connection.execute(
                text('SELECT id FROM decisions WHERE "current" ORDER BY id')
            ).scalars()
            assert list(current) == [2, 3]
        db.engine.dispose()


def test_0010_moves_the_numbers_out_of_what_the_new_hire_reads(databases):
    """Seeded development goals kept "Why: the interviews found panel mean ..." among the
    coaching actions; the upgrade moves it to the manager-only summary and leaves a manager's
    own wording alone."""
    import json

    from sqlalchemy import text

    url = databases.create("devgoals")
    app = create_app(test_config(url))
    seeded = [
        "Skill coaching: role-play one discovery situation.",
        "Why: the interviews found panel mean 2.2 against a bar of 2.8.",
    ]
    reworded = ["Use the 5-question opener"]
    with app.app_context():
        flask_migrate.upgrade(revision="0009")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for goal_id, actions in ((1, seeded), (2, reworded)):
                connection.execute(
                    text(
                        "INSERT INTO onboarding_goals (id, plan_id, phase, outcome, metric,"
                        " unit, due_date, competency_key, coaching_actions, interview_evidence)"
                        " VALUES (:id, 1, 'contribute', 'Strengthen Discovery', '', 'level',"
                        " '2027-03-12', 'discovery', :actions, '[]')"
                    ),
                    {"id": goal_id, "actions": json.dumps(actions)},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text("SELECT coaching_actions, interview_summary FROM onboarding_goals ORDER BY id")
            ).all()
        first, second = ([json.loads(a) if isinstance(a, str) else a, s] for a, s in rows)
        assert first[0][1].startswith("Why: the interviews pointed to this")
        assert "2.2" not in " ".join(first[0])
        assert first[1] == "The interviews found panel mean 2.2 against a bar of 2.8."
        assert second == [reworded, ""]
        flask_migrate.downgrade(revision="0009")
        with db.engine.connect() as connection:
            actions = connection.execute(
                text("SELECT coaching_actions FROM onboarding_goals WHERE id = 1")
            ).scalar_one()
        assert (json.loads(actions) if isinstance(actions, str) else actions) == seeded
        db.engine.dispose()


def test_0012_gives_existing_questions_empty_work_sample_anchors(databases):
    """Existing questions keep everything and get an empty list of observable anchors (the
    rating falls back to the competency's anchors until a load adds them); downgrade keeps them."""
    import json

    from sqlalchemy import text

    url = databases.create("sampleanchors")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0010")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO questions (id, competency_key, key, version, current,"
                    " content_hash, text, type, minutes, probes, look_fors, red_flags, lint,"
                    " origin, created_at) VALUES (1, 'discovery', 'role_play', 1, :yes, 'h',"
                    " 'Role-play: run a discovery call.', 'work_sample', 10, '[\"a\", \"b\"]',"
                    " '[\"c\"]', '[\"d\"]', '[]', 'library', '2026-11-01 09:00:00+00:00')"
                ),
                {"yes": True},
            )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            row = connection.execute(text("SELECT text, probes, anchors FROM questions")).one()
        decoded = [json.loads(v) if isinstance(v, str) and v.startswith("[") else v for v in row]
        assert decoded == ["Role-play: run a discovery call.", ["a", "b"], []]
        flask_migrate.downgrade(revision="0010")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM questions")).scalar_one() == 1
        db.engine.dispose()


def test_0011_keeps_decisions_and_profiles_with_the_default_evidence(databases):
    """Existing role profiles get the default minimum evidence (2 raters per must-have,
    every stage) and existing decisions keep everything, with no decide-now reason."""
    from sqlalchemy import text

    url = databases.create("evidence")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0010")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.execute(
                text(
                    "INSERT INTO role_profiles (id, key, version, current, content_hash, name,"
                    " summary, scale, minimum_score, default_plan, onboarding_template,"
                    " created_at) VALUES (1, 'ae', 1, true, 'h', 'AE', 's', 'four_level', 2.8,"
                    " '[]', '{}', '2026-01-01 00:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO decisions (id, application_id, outcome, rationale,"
                    " formula_outcome, decided_by_id, decided_at, current) VALUES"
                    " (1, 1, 'hold', 'Kept as it was.', 'hire', 1, '2026-01-02 00:00:00', true)"
                )
            )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            profile = connection.execute(
                text("SELECT evidence_raters_per_must_have, evidence_all_stages FROM role_profiles")
            ).one()
            decision = connection.execute(
                text("SELECT rationale, decide_now_reason FROM decisions")
            ).one()
        assert (profile[0], bool(profile[1])) == (2, True)
        assert tuple(decision) == ("Kept as it was.", None)
        flask_migrate.downgrade(revision="0010")
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT rationale FROM decisions")).scalar_one()
        assert kept == "Kept as it was."
        db.engine.dispose()


def test_0013_relints_questions_and_stage_instructions_and_flags_them_without_deleting(
    databases,
):
    """Existing questions (findings in the old shape) and stage instructions are linted
    again: a risky one is flagged for review, with no reason, and nothing is deleted."""
    import json

    from sqlalchemy import text

    url = databases.create("lintflags")
    app = create_app(test_config(url))
    old_finding = [{"topic": "children", "severity": "risk", "reason": "old", "matched": "kids"}]
    with app.app_context():
        flask_migrate.upgrade(revision="0012")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for number, (wording, red_flag) in enumerate(
                [
                    ("Tell me about a deal you closed late.", "Candidate has young children"),
                    ("Tell me about a renewal you saved.", "Vague about the result"),
                ],
                start=1,
            ):
                connection.execute(
                    text(
                        "INSERT INTO questions (id, competency_key, key, version, current,"
                        " content_hash, text, type, minutes, probes, look_fors, red_flags,"
                        " anchors, lint, origin, created_at) VALUES (:id, 'closing', :key, 1,"
                        " :yes, 'h', :text, 'behavioural', 6, '[\"a\", \"b\"]', '[\"c\"]',"
                        " :red_flags, '[]', :lint, 'custom', '2026-11-01 09:00:00+00:00')"
                    ),
                    {
                        "id": number,
                        "key": f"q{number}",
                        "yes": True,
                        "text": wording,
                        "red_flags": json.dumps([red_flag]),
                        "lint": json.dumps(old_finding),
                    },
                )
            connection.execute(
                text(
                    "INSERT INTO plan_stages (id, revision_id, position, name, kind,"
                    " duration_minutes, instructions) VALUES (1, 1, 0, 'Screen', 'phone_screen',"
                    " 30, 'Ask where the candidate was born to build rapport.')"
                )
            )
            # A plan asks question 1: rebuilding the questions table must keep it pointing.
            connection.execute(
                text(
                    "INSERT INTO plan_stage_questions (id, stage_id, position, question_id)"
                    " VALUES (1, 1, 0, 1)"
                )
            )
        db.engine.dispose()  # the upgrade runs on a fresh connection, foreign keys enforced
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert (
                connection.execute(
                    text("SELECT question_id FROM plan_stage_questions")
                ).scalar_one()
                == 1
            )
            rows = connection.execute(
                text("SELECT id, text, lint, lint_reason FROM questions ORDER BY id")
            ).all()
            stage = connection.execute(
                text("SELECT instructions, lint, lint_reason FROM plan_stages")
            ).one()

        def decoded(value):
            return json.loads(value) if isinstance(value, str) else value

        flagged, clean = rows
        assert flagged.text == "Tell me about a deal you closed late." and flagged.lint_reason == ""
        assert [(f["topic"], f["field"], f["line"]) for f in decoded(flagged.lint)] == [
            ("children", "red_flags", "Candidate has young children")
        ]
        assert "why" in decoded(flagged.lint)[0]  # the current shape, not the old "reason"
        assert decoded(clean.lint) == []  # the stale old finding is gone
        assert stage.instructions.startswith("Ask where the candidate was born")
        assert [f["topic"] for f in decoded(stage.lint)] == ["birthplace"]
        flask_migrate.downgrade(revision="0012")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM questions")).scalar_one() == 2
            assert connection.execute(text("SELECT count(*) FROM plan_stages")).scalar_one() == 1
        db.engine.dispose()


def test_0014_gives_users_a_time_zone_and_history_its_moments(databases):
    """Existing users have no zone yet (they are asked at their next sign-in); a scheduled
    interview's history entry, which wrote its start in UTC into its text, keeps the moment as
    a time instead, and downgrading writes the text back as it was."""
    from datetime import UTC, datetime

    from sqlalchemy import text

    url = databases.create("timezones")
    app = create_app(test_config(url))
    old_text = "Phone screen on 2026-12-02 16:00 UTC"
    with app.app_context():
        flask_migrate.upgrade(revision="0013")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.execute(
                text(
                    "INSERT INTO users (id, email, name, active, session_token, created_at,"
                    " is_demo, version) VALUES (1, 'riley@example.test', 'Riley', true, 't1',"
                    " CURRENT_TIMESTAMP, false, 1)"
                )
            )
            for event_id, kind, reason in (
                (1, "interview_scheduled", old_text),
                (2, "moved", "Interview scheduled: Phone screen"),
            ):
                connection.execute(
                    text(
                        "INSERT INTO application_events (id, application_id, occurred_at,"
                        " actor_id, kind, reason) VALUES (:id, 1, CURRENT_TIMESTAMP, 1, :kind,"
                        " :reason)"
                    ),
                    {"id": event_id, "kind": kind, "reason": reason},
                )
        db.engine.dispose()
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT time_zone FROM users")).scalar_one() is None
            rows = connection.execute(
                text("SELECT reason, happens_at FROM application_events ORDER BY id")
            ).all()
        scheduled, moved = rows
        assert scheduled.reason == "Phone screen"
        moment = scheduled.happens_at
        if isinstance(moment, str):  # SQLite hands back text here (no UTCDateTime in raw SQL)
            moment = datetime.fromisoformat(moment)
        assert moment.replace(tzinfo=moment.tzinfo or UTC) == datetime(2026, 12, 2, 16, tzinfo=UTC)
        assert moved.reason == "Interview scheduled: Phone screen" and moved.happens_at is None

        flask_migrate.downgrade(revision="0013")
        with db.engine.connect() as connection:
            reasons = connection.execute(
                text("SELECT reason FROM application_events ORDER BY id")
            ).scalars()
            assert list(reasons) == [old_text, "Interview scheduled: Phone screen"]
            columns = {c["name"] for c in inspect(db.engine).get_columns("users")}
            assert "time_zone" not in columns
        db.engine.dispose()


def test_0017_keeps_each_last_sign_in_as_an_ended_session_and_downgrade_restores_it(databases):
    """``users.last_login_at`` becomes an ended session row (a secret nobody holds), read back
    as the user's last sign-in; downgrading puts the column back with the same moment."""
    from datetime import UTC, datetime

    from sqlalchemy import column, select, table, text

    from hiring.auth.models import User
    from hiring.db import UTCDateTime

    url = databases.create("sessions")
    app = create_app(test_config(url))
    signed_in = datetime(2026, 3, 4, 9, 30, 15, tzinfo=UTC)
    users = table("users", column("id"), column("last_login_at", UTCDateTime()))
    sessions = table(
        "user_sessions",
        column("user_id"),
        column("created_at", UTCDateTime()),
        column("ended_at", UTCDateTime()),
    )
    with app.app_context():
        flask_migrate.upgrade(revision="0016")
        with db.engine.begin() as connection:
            for user_id, email in ((1, "riley@example.test"), (2, "never@example.test")):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, active, session_token, created_at,"
                        " is_demo, version) VALUES (:id, :email, 'Someone', true, :token,"
                        " CURRENT_TIMESTAMP, false, 1)"
                    ),
                    {"id": user_id, "email": email, "token": f"t{user_id}"},
                )
            connection.execute(users.update().where(users.c.id == 1), {"last_login_at": signed_in})
        db.engine.dispose()

        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(select(sessions).order_by(sessions.c.user_id)).all()
        assert [tuple(row) for row in rows] == [(1, signed_in, signed_in)]  # ended at once
        last = dict(db.session.execute(select(User.id, User.last_login_at)).all())
        assert last == {1: signed_in, 2: None}
        db.session.remove()
        db.engine.dispose()

        flask_migrate.downgrade(revision="0016")
        assert "user_sessions" not in inspect(db.engine).get_table_names()
        with db.engine.connect() as connection:
            restored = connection.execute(select(users).order_by(users.c.id)).all()
        assert [tuple(row) for row in restored] == [(1, signed_in), (2, None)]
        db.engine.dispose()


def test_0018_marks_every_existing_application_behind(databases):
    """The comparison's stored results start behind for every application already there, so
    the first comparison of each position computes them (none is read as fresh and empty)."""
    from sqlalchemy import text

    url = databases.create("comparison")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade(revision="0015")
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # rows without their parents
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            for application_id in (4, 9):
                connection.execute(
                    text(
                        "INSERT INTO applications (id, candidate_id, position_id, status,"
                        " status_reason, applied_at, updated_at, version)"
                        " VALUES (:id, :id, 1, 'active', '', CURRENT_TIMESTAMP,"
                        " CURRENT_TIMESTAMP, 1)"
                    ),
                    {"id": application_id},
                )
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT application_id, changes, computed FROM comparison_scores"
                    " ORDER BY application_id"
                )
            ).all()
            assert [tuple(r) for r in rows] == [(4, 1, 0), (9, 1, 0)]
        db.engine.dispose()


def test_0026_splits_two_call_items_and_makes_demo_calls_their_own_kind(databases):
    """An item that asked for two calls becomes one item per call (the first keeps its id
    and state, the second starts open) and the manager's demo calls become demonstration-call
    items; downgrading folds them back into the old titles and kind."""
    from sqlalchemy import text

    url = databases.create("demo_calls")
    app = create_app(test_config(url))
    rows = "SELECT id, title, kind, done_at IS NOT NULL FROM onboarding_items ORDER BY id"
    with app.app_context():
        flask_migrate.upgrade(revision="0023")
        with db.engine.begin() as connection:
            for user_id in (1, 2):
                connection.execute(
                    text(
                        "INSERT INTO users (id, email, name, active, session_token, created_at,"
                        " is_demo, version, time_zone) VALUES (:id, :email, 'Someone', true,"
                        " :token, CURRENT_TIMESTAMP, false, 1, 'UTC')"
                    ),
                    {"id": user_id, "email": f"u{user_id}@example.test", "token": f"t{user_id}"},
                )
            connection.execute(
                text(
                    "INSERT INTO onboarding_plans (id, new_hire_id, manager_id, title, start_date,"
                    " status, template_source, created_at, version) VALUES (1, 1, 2, 'Plan',"
                    " '2026-01-05', 'active', '', CURRENT_TIMESTAMP, 1)"
                )
            )
            # The items take their ids from the table's own sequence (1, 2, 3), as real rows
            # do: explicit ids leave PostgreSQL's sequence behind the migration's inserts.
            for title, kind, done in (
                ("Manager demo calls", "ride_along", False),
                ("Two coaching ride-alongs", "ride_along", True),
                ("Territory plan", "deliverable", False),
            ):
                connection.execute(
                    text(
                        "INSERT INTO onboarding_items (plan_id, phase, day, due_date, title,"
                        " description, kind, owner, evidence_required, done_at, completion_note,"
                        " evidence_url, generated) VALUES (1, 'learn', 15, '2026-01-20',"
                        " :title, '', :kind, 'manager', false, :done, '', '', false)"
                    ),
                    {
                        "title": title,
                        "kind": kind,
                        "done": "2026-01-21 10:00:00" if done else None,
                    },
                )
        db.engine.dispose()

        flask_migrate.upgrade(revision="0026")
        with db.engine.connect() as connection:
            after = [tuple(r) for r in connection.execute(text(rows))]
        assert [(r[1], r[2], bool(r[3])) for r in after] == [
            ("Manager demo call (1 of 2)", "demo_call", False),
            ("Coaching ride-along (1 of 2)", "ride_along", True),
            ("Territory plan", "deliverable", False),
            ("Manager demo call (2 of 2)", "demo_call", False),
            ("Coaching ride-along (2 of 2)", "ride_along", False),
        ]
        assert [r[0] for r in after[:3]] == [1, 2, 3]
        db.engine.dispose()

        flask_migrate.downgrade(revision="0023")
        with db.engine.connect() as connection:
            before = [tuple(r) for r in connection.execute(text(rows))]
        assert [(r[0], r[1], r[2], bool(r[3])) for r in before] == [
            (1, "Manager demo calls", "ride_along", False),
            (2, "Two coaching ride-alongs", "ride_along", True),
            (3, "Territory plan", "deliverable", False),
        ]
        db.engine.dispose()
