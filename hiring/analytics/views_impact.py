"""``/analytics/impact``: adverse impact by sex and race/ethnicity, for admins only.

Both the page and its CSV record the read in the audit log before they show anything, since
they are the only way the voluntary self-identification leaves the database.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import abort, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user

from hiring.analytics import permissions, selfid
from hiring.analytics.filters import Filters, page_filters
from hiring.analytics.impact import FOUR_FIFTHS, MIN_CELL, MIN_SELECTIONS, GroupImpact
from hiring.analytics.impact_queries import PositionImpact, impact_by_position
from hiring.analytics.views import bp
from hiring.auth.models import Role
from hiring.csv_files import csv_download
from hiring.permissions import roles_required
from hiring.transaction import attempt

CSV_HEADER = (
    "position",
    "transition",
    "characteristic",
    "group",
    "applicants",
    "selected",
    "rate",
    "impact_ratio",
    "four_fifths_flag",
    "z",
    "fisher_p",
    "shortfall",
    "caution",
)

#: The same words for both kinds of suppressed group, so the file does not say which is which.
SUPPRESSED = f"suppressed: fewer than {MIN_CELL} applicants, or would give such a group away"


def _audited_read(what: str) -> Filters:
    """The filters, once the reader is known to be an admin and the read is recorded."""
    filters = page_filters()
    if not permissions.can_see_impact(current_user):
        abort(403)
    attempt(lambda: selfid.record_impact_read(current_user, filters.scope.query_args(), what))
    return filters


@bp.route("/impact")
@roles_required(Role.ADMIN)
def impact() -> ResponseReturnValue:
    filters = _audited_read("page")
    return render_template(
        "analytics/impact.html",
        positions=impact_by_position(filters.scope),
        min_cell=MIN_CELL,
        min_selections=MIN_SELECTIONS,
        four_fifths=float(FOUR_FIFTHS),
        **filters.context(),
    )


@bp.route("/impact.csv")
@roles_required(Role.ADMIN)
def impact_csv() -> ResponseReturnValue:
    filters = _audited_read("csv")
    return csv_download(
        "adverse-impact.csv", CSV_HEADER, _csv_rows(impact_by_position(filters.scope))
    )


def _csv_rows(positions: list[PositionImpact]) -> Iterator[tuple[object, ...]]:
    """The page's tables, one row per group; a suppressed group's numbers stay empty."""
    for position in positions:
        for step in position.transitions:
            for _key, name, table in step.tables:
                for g in table.groups:
                    yield (
                        position.title,
                        step.transition.label,
                        name,
                        g.group,
                        g.applicants,
                        g.selected,
                        _round(g.rate, 3),
                        _round(g.impact_ratio, 2),
                        _flag(g),
                        _round(g.z, 2),
                        _round(g.fisher_p, 3),
                        _round(g.shortfall, 1),
                        SUPPRESSED if g.suppressed else g.caution,
                    )


def _flag(g: GroupImpact) -> str:
    if g.suppressed:
        return ""
    if g.insufficient:
        return "insufficient data"
    return "yes" if g.four_fifths_flag else "no"


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)
