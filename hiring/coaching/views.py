"""Coaching pages: a manager's team (a rep is sent to their own page) and a rep's coaching
page. Each view loads, authorises (``permissions``), validates a form and makes one service
call; the request pipeline commits."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring import timezones
from hiring.auth.models import User
from hiring.coaching import page, permissions, queries, support_queries
from hiring.coaching.models import ActionItem
from hiring.coaching.services import actions
from hiring.db import db, utcnow
from hiring.forms import VersionedForm
from hiring.pagination import paginate
from hiring.permissions import load_or_404, require
from hiring.transaction import attempt

bp = Blueprint("coaching", __name__, url_prefix="/coaching")

#: Reps per page on the team list.
TEAM_PER_PAGE = 25


@bp.route("/")
def index() -> ResponseReturnValue:
    """A manager's team, with the people further down their line they read; a rep with no
    team of their own goes straight to their own coaching page."""
    if not permissions.can_open_coaching(current_user):
        abort(403)
    team = paginate(queries.direct_reports(current_user), per_page=TEAM_PER_PAGE)
    below = paginate(
        queries.indirect_reports(current_user), per_page=TEAM_PER_PAGE, arg="below_page"
    )
    if not team.total and not below.total and permissions.is_rep(current_user):
        return redirect(url_for("coaching.person", user_id=current_user.id))
    today = timezones.local_date(utcnow(), timezones.zone_for(current_user))
    status = queries.team_status([rep.id for rep in team.items], today)
    return render_template(
        "coaching/index.html",
        team=team,
        below=below,
        status=status,
        support_plans=support_queries.hr_list(current_user),
    )


@bp.route("/people/<int:user_id>")
def person(user_id: int) -> ResponseReturnValue:
    """A rep's coaching page: their competencies over time, goals, action items, motivators,
    the next 1:1 and ride-along, and any support plan."""
    # Only someone with a manager has a coaching page; anyone else's is not found.
    rep = db.session.get(User, user_id)
    if rep is None or not permissions.is_rep(rep):
        abort(404)
    require(rep, permissions.can_view_person)
    return render_template("coaching/person.html", **page.person_context(current_user, rep))


@bp.route("/actions/<int:item_id>/done", methods=["POST"])
def complete_action(item_id: int) -> ResponseReturnValue:
    """Tick an action item off (its owner, or the rep's manager)."""
    item = load_or_404(ActionItem, item_id, permissions.can_complete_action)
    form = VersionedForm()
    if form.validate_on_submit() and attempt(
        lambda: actions.complete_action(item, by=current_user, version=form.expected_version())
    ):
        flash(f"Done: {item.text}", "success")
    return redirect(url_for("coaching.person", user_id=item.rep_id, _anchor="actions"))


from hiring.coaching import views_motivators as _motivators  # noqa: E402, F401
from hiring.coaching import views_one_on_ones as _one_on_ones  # noqa: E402, F401
from hiring.coaching import views_ride_alongs as _ride_alongs  # noqa: E402, F401
from hiring.coaching import views_support as _support  # noqa: E402, F401
