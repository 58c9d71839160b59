"""``/analytics/``: whether the interviews agree, are fair and predict success.

This module holds the blueprint and the overview; what every page shares (the filters, the
sections) is in ``hiring.analytics.filters``. Each section serves its own pages from its own
``views_<section>`` module, imported at the bottom so its routes join this blueprint.
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

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


# Each section's pages join the blueprint (a section not built yet is simply absent).
for _section in ("agreement", "calibration", "impact", "funnel", "quality", "selfid"):
    if find_spec(f"hiring.analytics.views_{_section}") is not None:
        import_module(f"hiring.analytics.views_{_section}")
