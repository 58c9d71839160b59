"""The health check's reading of the database: reachable, migrated, and at the schema head."""

from __future__ import annotations

from functools import lru_cache

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hiring.db import db
from hiring.settings import PROJECT_ROOT


@lru_cache(maxsize=1)
def _schema_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_heads())


def database_status() -> str:
    """``ok``, ``outdated schema``, ``not migrated`` or ``unreachable``."""
    try:
        revisions = set(db.session.scalars(text("SELECT version_num FROM alembic_version")).all())
    except SQLAlchemyError:
        db.session.rollback()
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            return "unreachable"
        return "not migrated"
    return "ok" if revisions == _schema_heads() else "outdated schema"
