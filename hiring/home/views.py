"""The role-aware home page and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import __version__, jobs
from hiring.coaching import rhythm, support_queries
from hiring.db import db
from hiring.home import health, queries
from hiring.onboarding import queries as onboarding_queries
from hiring.permissions import public

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template(
        "home/index.html",
        home=queries.home_for(current_user),
        today=onboarding_queries.today(),
        coaching_month=rhythm.this_month(current_user),
        support_to_acknowledge=support_queries.awaiting_acknowledgement(current_user),
    )


@bp.route("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Report whether the app can serve: database reachable and its schema up to date.

    The job queue is reported beside it (its store, what waits, the worker's last heartbeat)
    but does not fail the check: an app server can serve pages while no worker runs.
    """
    database = {"backend": db.engine.dialect.name, "status": health.database_status()}
    healthy = database["status"] == "ok"
    if not healthy:
        current_app.logger.warning("health check failing: database %s", database["status"])
    body = {
        "status": "ok" if healthy else "unavailable",
        "app": {"name": current_app.config["APP_NAME"], "version": __version__},
        "database": database,
        "queue": jobs.status(),
    }
    return jsonify(body), 200 if healthy else 503
