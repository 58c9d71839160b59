"""``/analytics/calibration`` (every interviewer on the reader's positions) and
``/analytics/interviewers/<id>`` (one interviewer's own calibration)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.analytics import permissions
from hiring.analytics.calibration import Calibration, calibration
from hiring.analytics.filters import Filters, page_filters
from hiring.analytics.ratings import load_ratings, rated_on_positions
from hiring.analytics.scope import Scope
from hiring.analytics.views import bp
from hiring.auth.models import PANEL, Role, User
from hiring.csv_files import csv_download
from hiring.db import db
from hiring.permissions import roles_required

CALIBRATION_READERS = (Role.ADMIN, Role.HIRING_MANAGER)


def _header(levels: list[int]) -> tuple[str, ...]:
    return (
        "Interviewer",
        "Scorecards",
        "Ratings",
        *(f"Rated {level}" for level in levels),
        "Not assessed",
        "Leniency (+) or severity (-)",
        "Flag",
        "Median hours to submit",
        "Recommendation matched decision",
    )


def _rows(data: Calibration) -> Iterator[tuple[object, ...]]:
    for i in data.interviewers:
        yield (
            i.name,
            i.cards,
            i.distribution.total,
            *(i.distribution.text(level) for level in data.levels),
            i.not_assessed_text,
            i.leniency_text,
            i.flag_text,
            i.hours_text,
            i.matched_text,
        )
    yield (
        "All interviewers",
        "",
        data.panel.total,
        *(data.panel.text(level) for level in data.levels),
        "",
        "",
        "",
        "",
        "",
    )


def _calibration_scope() -> Filters:
    filters = page_filters()
    if not permissions.can_see_calibration(current_user):
        abort(403)
    return filters


@bp.route("/calibration", endpoint="calibration")
@roles_required(*CALIBRATION_READERS)
def calibration_page() -> ResponseReturnValue:
    filters = _calibration_scope()
    data = calibration(load_ratings(filters.scope))
    return render_template("analytics/calibration.html", c=data, **filters.context())


@bp.route("/calibration.csv")
@roles_required(*CALIBRATION_READERS)
def calibration_csv() -> ResponseReturnValue:
    data = calibration(load_ratings(_calibration_scope().scope))
    return csv_download("calibration.csv", _header(data.levels), _rows(data))


def _interviewer_filters(person: User) -> Filters:
    """The filters as ``person``'s page reads them: their own page covers every position
    they rated on; a hiring manager's reading covers their positions, and only an
    interviewer who rated there (404 otherwise, as for anyone else)."""
    filters = page_filters(readers_only=False)
    if person.id == current_user.id:
        return replace(filters, scope=replace(filters.scope, everything=True))
    if not _may_read(filters.scope, person):
        abort(404)
    return filters


def _may_read(scope: Scope, person: User) -> bool:
    """Admins read anyone; hiring managers an interviewer who rated on their positions."""
    if not permissions.can_see_interviewer(current_user, person.id):
        return False
    unfiltered = replace(scope, position_id=None, role_key=None)
    return scope.everything or rated_on_positions(unfiltered, person.id)


def _context(filters: Filters) -> dict[str, Any]:
    """Section tabs only for readers of the other sections (an interviewer has none)."""
    if permissions.can_open_analytics(current_user):
        return filters.context()
    return {"filters": filters, "scope": filters.scope, "sections": []}


def _interviewer(user_id: int) -> tuple[User, Filters, Calibration]:
    person = db.session.get(User, user_id)
    if person is None:
        abort(404)
    filters = _interviewer_filters(person)
    return person, filters, calibration(load_ratings(filters.scope, interviewer_id=person.id))


@bp.route("/interviewers/<int:user_id>.csv")
@roles_required(*PANEL)
def interviewer_csv(user_id: int) -> ResponseReturnValue:
    """The distribution table of the interviewer's page."""
    person, _filters, data = _interviewer(user_id)
    me = data.find(person.id)
    header = ("Level", f"{person.name}: ratings", f"{person.name}: share", "Panel: ratings",
              "Panel: share")  # fmt: skip
    rows = [
        (level, me.distribution.counts.get(level, 0), me.distribution.text(level),
         data.panel.counts.get(level, 0), data.panel.text(level))
        for level in data.levels
        if me is not None
    ]  # fmt: skip
    return csv_download(f"calibration-interviewer-{person.id}.csv", header, rows)


@bp.route("/interviewers/<int:user_id>", endpoint="interviewer")
@roles_required(*PANEL)
def interviewer_page(user_id: int) -> ResponseReturnValue:
    person, filters, data = _interviewer(user_id)
    return render_template(
        "analytics/interviewer.html",
        person=person,
        c=data,
        me=data.find(person.id),
        **_context(filters),
    )
