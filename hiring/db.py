"""Database plumbing shared by every domain: the declarative base, UTC time and SQLite pragmas."""

from __future__ import annotations

import enum
import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Enum, MetaData, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

# Deterministic constraint names, so Alembic can drop and alter them on every backend.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base, disable_autonaming=True)

if TYPE_CHECKING:
    # mypy cannot use ``db.Model`` (a variable) as a base class; at run time it is
    # Flask-SQLAlchemy's subclass of ``Base``, which types identically.
    Model = Base
else:
    Model = db.Model


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime (used as a callable column default)."""
    return datetime.now(UTC)


def value_enum(enum_class: type[enum.Enum], name: str, length: int = 32) -> Enum:
    """Store a Python enum by its *value* as a short string, checked by a named constraint.

    A VARCHAR plus CHECK (not PostgreSQL's native ENUM) keeps adding a member a one-line
    migration on every backend.
    """
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        name=name,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always returned timezone-aware.

    SQLite keeps no time zone, so values come back naive; this type makes both backends
    hand the application the same aware UTC datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; pass an aware datetime")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    """Enforce foreign keys and use WAL on every SQLite connection."""
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    # WAL lets readers proceed while one writer commits; in-memory databases ignore it.
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL stays consistent after any crash and syncs only at checkpoints, not
    # on every commit (an OS crash or power cut may lose the last commits, never corrupt).
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
