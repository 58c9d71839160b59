"""Migrations build the schema the models describe, on SQLite and PostgreSQL, and undo it."""

from __future__ import annotations

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from hiring import create_app
from hiring.db import db
from tests.conftest import test_config


def test_upgrade_matches_models_and_downgrade_removes_everything(databases):
    url = databases.create("migrations")
    app = create_app(test_config(url))
    with app.app_context():
        flask_migrate.upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations disagree: {differences}"
        tables = set(inspect(db.engine).get_table_names())
        assert {"users", "user_roles", "audit_events", "outbox_messages"} <= tables

        flask_migrate.downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}

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
