"""Shared fixtures: a migrated database per test run, an app per test, clients and factories.

The suite runs on SQLite by default. Set ``HIRING_TEST_DATABASE_URL`` to a PostgreSQL server
URL (e.g. ``postgresql://postgres@localhost/postgres``) and each run creates, migrates and
finally drops fresh databases there. ``HIRING_REQUIRE_POSTGRES=1`` makes a missing server an
error instead of a quiet SQLite run.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, make_url, text

from hiring import create_app
from hiring.db import db
from tests import factories

POSTGRES_URL = os.environ.get("HIRING_TEST_DATABASE_URL", "").strip()
REQUIRE_POSTGRES = os.environ.get("HIRING_REQUIRE_POSTGRES") == "1"


def pytest_report_header() -> str:
    backend = make_url(POSTGRES_URL).render_as_string() if POSTGRES_URL else "SQLite"
    return f"hiring test database: {backend}"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/packets renders PDFs: mark it so ``make test-fast`` skips it."""
    packets = Path(__file__).parent / "packets"
    for item in items:
        if packets in item.path.parents:
            item.add_marker(pytest.mark.pdf)


def pytest_configure(config: pytest.Config) -> None:
    if REQUIRE_POSTGRES and not POSTGRES_URL:
        raise pytest.UsageError(
            "HIRING_REQUIRE_POSTGRES=1 but HIRING_TEST_DATABASE_URL is not set."
        )


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


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(tmp_path_factory.mktemp("databases"))
    yield factory
    factory.drop_all()


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
    }
    config.update(overrides)
    return config


test_config.__test__ = False  # type: ignore[attr-defined]  # a helper, not a test


def migrate_to_head(database_url: str) -> None:
    app = create_app(test_config(database_url))
    with app.app_context():
        flask_migrate.upgrade()
        db.engine.dispose()


@pytest.fixture(scope="session")
def database_url(databases: DatabaseFactory) -> str:
    """One migrated database shared by the run; tests leave it empty (see ``app``)."""
    url = databases.create("main")
    migrate_to_head(url)
    return url


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


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Per-test overrides for the app's configuration (override this fixture or mutate it)."""
    return {}


@pytest.fixture
def app(database_url: str, app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(test_config(database_url, **app_config))
    yield application
    with application.app_context():
        db.session.remove()
        empty_all_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_user(app: Flask) -> Callable[..., factories.UserRef]:
    def _make(**kwargs: Any) -> factories.UserRef:
        with app.app_context():
            return factories.user(**kwargs)

    return _make


Login = Callable[..., Any]


def sign_in(client: FlaskClient, email: str, password: str = factories.PASSWORD) -> Any:
    return client.post("/login", data={"email": email, "password": password})


@pytest.fixture
def login(client: FlaskClient, make_user: Callable[..., factories.UserRef]) -> Login:
    """``login(user_ref)`` or ``login(roles=[...])``: sign the client in; return the user."""

    def _login(user: factories.UserRef | None = None, **kwargs: Any) -> factories.UserRef:
        user = user or make_user(**kwargs)
        response = sign_in(client, user.email, user.password)
        assert response.status_code == 302, f"login failed for {user.email}"
        return user

    return _login


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"<{self.count} queries:\n" + "\n".join(self.statements) + ">"


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    """``with count_queries() as q: client.get(...)``; then ``q.count`` SQL statements ran."""

    @contextmanager
    def _count() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with app.app_context():
            engine = db.engine

        def before_cursor_execute(*args: Any) -> None:
            counter.statements.append(args[2])

        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return _count
