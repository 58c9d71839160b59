"""The role-aware home page and the health check."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import __version__
from hiring.db import db
from hiring.home import health, queries
from hiring.onboarding import forms as onboarding_forms
from hiring.onboarding import permissions as onboarding_permissions
from hiring.onboarding import queries as onboarding_queries
from hiring.onboarding.services import items
from hiring.permissions import public, require
from hiring.transaction import attempt

bp = Blueprint("home", __name__)


@bp.route("/")
def index() -> ResponseReturnValue:
    return render_template(
        "home/index.html", home=queries.home_for(current_user), today=onboarding_queries.today()
    )


@bp.route("/home/items/<int:item_id>/done", methods=["POST"])
def complete_item(item_id: int) -> ResponseReturnValue:
    """Tick an onboarding item off from the home page, under the plan page's rule and
    service; the outcome (or the refusal, e.g. an item that needs evidence) is flashed here."""
    item = require(onboarding_queries.load_item(item_id), onboarding_permissions.can_complete)
    form = onboarding_forms.CompleteItemForm()
    if form.validate_on_submit() and attempt(
        lambda: items.complete_item(
            item,
            by=current_user,
            note=form.note.data or "",
            evidence_url=form.evidence_url.data or "",
        ),
        form,
    ):
        flash(f"Done: {item.title}.", "success")
    else:
        flash(f"{item.title}: {form.error_text()}", "error")
    return redirect(url_for("home.index"))


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
