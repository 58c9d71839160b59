"""The role-aware home page and the health check."""

from __future__ import annotations

from functools import lru_cache

from alembic.script import ScriptDirectory
from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from hiring import __version__
from hiring.db import db
from hiring.home import queries
from hiring.permissions import public
from hiring.settings import PROJECT_ROOT

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template("home/index.html", home=queries.home_for(current_user))


@lru_cache(maxsize=1)
def _schema_heads() -> frozenset[str]:
    return frozenset(ScriptDirectory(str(PROJECT_ROOT / "migrations")).get_heads())


@bp.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Report whether the app can serve: database reachable and its schema up to date."""
    database: dict[str, str] = {"backend": db.engine.dialect.name}
    try:
        revisions = set(db.session.scalars(text("SELECT version_num FROM alembic_version")).all())
    except SQLAlchemyError:
        db.session.rollback()
        try:
            db.session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            db.session.rollback()
            database["status"] = "unreachable"
        else:
            database["status"] = "not migrated"
    else:
        database["status"] = "ok" if revisions == _schema_heads() else "outdated schema"
    healthy = database["status"] == "ok"
    if not healthy:
        current_app.logger.warning("health check failing: database %s", database["status"])
    body = {
        "status": "ok" if healthy else "unavailable",
        "app": {"name": current_app.config["APP_NAME"], "version": __version__},
        "database": database,
    }
    return jsonify(body), 200 if healthy else 503
