"""The role-aware home page and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import __version__
from hiring.db import db
from hiring.home import health, queries
from hiring.onboarding import queries as onboarding_queries
from hiring.permissions import public

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template(
        "home/index.html", home=queries.home_for(current_user), today=onboarding_queries.today()
    )


@bp.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Report whether the app can serve: database reachable and its schema up to date."""
    database = {"backend": db.engine.dialect.name, "status": health.database_status()}
    healthy = database["status"] == "ok"
    if not healthy:
        current_app.logger.warning("health check failing: database %s", database["status"])
    body = {
        "status": "ok" if healthy else "unavailable",
        "app": {"name": current_app.config["APP_NAME"], "version": __version__},
        "database": database,
    }
    return jsonify(body), 200 if healthy else 503
