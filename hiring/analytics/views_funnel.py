"""``/analytics/funnel``: pass-through, time in stage, time to decision and scorecard latency,
per position and per candidate source, with a funnel chart per position and CSVs."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from hiring.analytics import funnel as funnels
from hiring.analytics.filters import READERS, page_filters
from hiring.analytics.views import bp
from hiring.csv_files import csv_download
from hiring.permissions import roles_required


@bp.route("/funnel")
@roles_required(*READERS)
def funnel() -> ResponseReturnValue:
    filters = page_filters()
    report = funnels.funnel_report(filters.scope)
    return render_template(
        "analytics/funnel.html",
        report=report,
        summary=funnels.summary_rows(report),
        **filters.context(),
    )


@bp.route("/funnel.csv")
@roles_required(*READERS)
def funnel_csv() -> ResponseReturnValue:
    """The summary table: one row per position, then per source."""
    report = funnels.funnel_report(page_filters().scope)
    return csv_download("funnel.csv", funnels.SUMMARY_HEADER, funnels.summary_rows(report))


@bp.route("/funnel-stages.csv")
@roles_required(*READERS)
def funnel_stages_csv() -> ResponseReturnValue:
    """Every funnel's steps: reached, pass-through and median days in stage."""
    report = funnels.funnel_report(page_filters().scope)
    return csv_download("funnel-stages.csv", funnels.STAGES_HEADER, funnels.stage_rows(report))
