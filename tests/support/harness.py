"""The app under test: its configuration, throwaway databases and signing a test client in.

The suite runs on SQLite by default (``HIRING_TEST_REDIS_URL`` adds Redis for the job queue). Set ``HIRING_TEST_DATABASE_URL`` to a PostgreSQL server
URL (e.g. ``postgresql://postgres@localhost/postgres``) and each run creates, migrates and
finally drops fresh databases there. ``HIRING_REQUIRE_POSTGRES=1`` makes a missing server an
error instead of a quiet SQLite run.

These live here, not in ``tests/conftest.py``, so that test modules and the browser conftest can
import them without importing a conftest.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import flask_migrate
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import make_url, text

from hiring import create_app
from hiring.db import db
from tests.support.html_check import PageChecker

POSTGRES_URL = os.environ.get("HIRING_TEST_DATABASE_URL", "").strip()
REQUIRE_POSTGRES = os.environ.get("HIRING_REQUIRE_POSTGRES") == "1"


def _redis_database_of_this_worker(url: str) -> str:
    """Under pytest-xdist each worker empties a Redis database of its own: worker ``gwN``
    takes database (the configured one - N), so two workers never empty each other's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not url or not worker.startswith("gw"):
        return url
    parsed = urlsplit(url)
    base = int(parsed.path.strip("/") or 0)
    database = base - int(worker[2:])
    if database < 0:
        raise RuntimeError(f"too many test workers for Redis database {base} of {url}")
    return urlunsplit(parsed._replace(path=f"/{database}"))


#: A Redis server for the job queue's tests (e.g. ``redis://127.0.0.1:6379/15``; the tests empty
#: that database). Without it those tests are skipped, unless ``HIRING_REQUIRE_REDIS=1``.
REDIS_URL = _redis_database_of_this_worker(os.environ.get("HIRING_TEST_REDIS_URL", "").strip())
REQUIRE_REDIS = os.environ.get("HIRING_REQUIRE_REDIS") == "1"
#: Every test user's password unless a test gives another.
PASSWORD = "correct horse battery"


class DatabaseFactory:
    """Creates throwaway databases on the configured backend and removes them afterwards."""

    def __init__(self, tmp_dir: Path) -> None:
        self.tmp_dir = tmp_dir
        self.created: list[str] = []

    @property
    def backend(self) -> str:
        return "postgresql" if POSTGRES_URL else "sqlite"

    def create(self, label: str) -> str:
        name = f"hiring_test_{label}_{uuid.uuid4().hex[:8]}"
        if not POSTGRES_URL:
            return f"sqlite:///{self.tmp_dir / (name + '.sqlite3')}"
        import psycopg

        server = make_url(POSTGRES_URL).set(drivername="postgresql")
        with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return server.set(database=name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg

        server = make_url(POSTGRES_URL).set(drivername="postgresql")
        with psycopg.connect(server.render_as_string(hide_password=False), autocommit=True) as c:
            for name in self.created:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_config(database_url: str, **overrides: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "SECRET_KEY": "a-test-secret-that-is-not-a-default",
        "DATABASE_URL": database_url,
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_PROFILE": "cheapest",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        "CACHE_TYPE": "SimpleCache",  # per app, so tests never share rendered packets
        # Due dates in tests depend on weekends only; holiday tests set a country themselves.
        "HOLIDAY_COUNTRY": "",
        # Jobs run at once, in the test's process; tests of the queue itself turn this off.
        "JOBS_IMMEDIATE": True,
    }
    config.update(overrides)
    return config


test_config.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def migrate_to_head(database_url: str) -> None:
    app = create_app(test_config(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@contextmanager
def demo_app_on(
    databases: DatabaseFactory, label: str, checker: PageChecker, **overrides: Any
) -> Iterator[Flask]:
    """An app on a new database of its own, migrated and holding the demo organisation, its
    pages reported to ``checker``; its connections are closed afterwards."""
    from hiring import demo

    url = databases.create(label)
    migrate_to_head(url)
    app = create_app(test_config(url, **overrides))
    app.after_request(checker.after_request)
    with app.app_context():
        demo.seed()
        db.session.commit()
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def empty_all_tables() -> None:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        db.session.commit()
        return
    with db.engine.connect() as connection:
        # ON DELETE RESTRICT is checked row by row, so switch checks off (outside a transaction).
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        for table in tables:
            connection.exec_driver_sql(f"DELETE FROM {table}")
        connection.commit()
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    return client.post("/login", data={"email": email, "password": password})
