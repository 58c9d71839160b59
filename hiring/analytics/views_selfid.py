"""Voluntary self-identification: the recruiter's request, the candidate's public page, and
the admin's CSV import.

The public page (``public_bp``, ``/self-id/<token>``) needs no account: the secret link is
the permission. Every way a link can fail (unknown, used, expired, replaced) ends on the same
page with the same status, so the page tells a guesser nothing.
"""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.analytics import permissions, selfid, selfid_import
from hiring.analytics.selfid_forms import ImportForm, SelfIdForm, SelfIdRequestForm
from hiring.analytics.views import bp
from hiring.applications.models import Application
from hiring.auth.models import Role
from hiring.extensions import limiter
from hiring.permissions import load_or_404, public, roles_required
from hiring.transaction import attempt

public_bp = Blueprint("selfid", __name__)

#: Longer than any token we issue: refused without a lookup.
MAX_TOKEN = 100


@bp.app_template_global("self_id_requested_at")
def self_id_requested_at(candidate_id: int) -> datetime | None:
    """When the candidate was last sent a link, for those who may send one (never answers)."""
    if not permissions.can_request_self_id(current_user):
        return None
    found = selfid.latest_request(candidate_id)
    return found.sent_at if found else None


@bp.route("/self-id/request/<int:application_id>", methods=["POST"])
@roles_required(Role.ADMIN, Role.RECRUITER)
def request_self_id(application_id: int) -> ResponseReturnValue:
    application = load_or_404(Application, application_id)
    form = SelfIdRequestForm()
    if form.validate_on_submit() and attempt(
        lambda: selfid.request_self_id(application.candidate, actor=current_user)
    ):
        flash(
            f"Sent {application.candidate.name} a link to answer voluntarily; "
            "any earlier link no longer works.",
            "success",
        )
    return redirect(url_for("applications.detail", application_id=application.id))


@public_bp.route("/self-id/<token>", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SELF_ID_RATE_LIMIT"])
def answer(token: str) -> ResponseReturnValue:
    if len(token) > MAX_TOKEN:
        raise selfid.LinkGone()
    request_row = selfid.open_request(token)
    form = SelfIdForm()
    if form.validate_on_submit() and attempt(lambda: selfid.answer(request_row, form.answers())):
        # Redirect, so a refresh reloads the thanks page rather than re-posting to a used link;
        # the thanks URL carries no token.
        return redirect(url_for("selfid.thanks"))
    return render_template("analytics/self_id_form.html", form=form)


@public_bp.route("/self-id/thanks")
@public
def thanks() -> ResponseReturnValue:
    return render_template("analytics/self_id_thanks.html")


@public_bp.errorhandler(selfid.LinkGone)
def link_gone(_error: selfid.LinkGone) -> ResponseReturnValue:
    return render_template("analytics/self_id_gone.html"), 404


@bp.route("/self-id/import", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def import_self_id() -> ResponseReturnValue:
    form = ImportForm()
    checked = None
    if form.validate_on_submit():
        if not form.confirm.data:
            checked = selfid_import.check(form.text())
        elif done := attempt(
            lambda: selfid_import.import_file(form.text(), actor=current_user), form
        ):
            if done.value.imported:
                flash(f"Imported the answers of {len(done.value.rows)} candidates.", "success")
                return redirect(url_for("analytics.import_self_id"))
            checked = done.value  # the problems, from the one reading of the file
    return render_template(
        "analytics/self_id_import.html",
        form=form,
        checked=checked,
        max_rows=selfid_import.MAX_ROWS,
    ), (400 if form.errors else 200)
