"""The rep ranks their motivators (the coaching page and the 1:1 page show them)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.auth.models import User
from hiring.coaching import motivator_queries, permissions
from hiring.coaching.forms_motivators import MotivatorsForm
from hiring.coaching.services import motivators
from hiring.coaching.views import bp
from hiring.db import db
from hiring.permissions import require
from hiring.transaction import attempt


@bp.route("/people/<int:user_id>/motivators", methods=["GET", "POST"])
def motivators_form(user_id: int) -> ResponseReturnValue:
    """The rep's own ranking: only the rep records it (their manager reads it on the page)."""
    rep = db.session.get(User, user_id)
    if rep is None or not permissions.is_rep(rep):
        abort(404)
    require(rep, permissions.can_rank_motivators)
    form = MotivatorsForm()
    current = motivator_queries.motivators(rep.id)
    if form.validate_on_submit() and attempt(
        lambda: motivators.record_motivators(
            rep, ranking=form.ranking(), own_words=form.own_words.data or "", by=current_user
        ),
        form,
    ):
        flash(
            "Saved what drives you. It leads each of your 1:1 pages and your coaching page.",
            "success",
        )
        return redirect(url_for("coaching.person", user_id=rep.id, _anchor="motivators"))
    if not form.is_submitted() and current.latest is not None:
        form.fill(current.latest.ranking)
        form.own_words.data = current.latest.own_words
    page = render_template("coaching/motivators_form.html", rep=rep, form=form, current=current)
    return page, 400 if form.errors or form.form_errors else 200
