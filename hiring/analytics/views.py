"""``/analytics/``: whether the interviews agree, are fair and predict success.

This module holds the blueprint and the overview; what every page shares (the filters, the
sections) is in ``hiring.analytics.filters``. Each section serves its own pages from its own
``views_<section>`` module, imported by name at the bottom so its routes join this blueprint
(a renamed or missing module fails at start-up, not by a section quietly vanishing).
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from hiring.analytics.filters import READERS, page_filters
from hiring.permissions import roles_required

bp = Blueprint("analytics", __name__, url_prefix="/analytics")


@bp.route("/")
@roles_required(*READERS)
def index() -> ResponseReturnValue:
    filters = page_filters()
    return render_template("analytics/index.html", **filters.context())


# Each section's pages join the blueprint; they import ``bp`` from here, so they come last.
from hiring.analytics import (  # noqa: E402, F401
    views_agreement,
    views_calibration,
    views_funnel,
    views_impact,
    views_quality,
    views_selfid,
)
