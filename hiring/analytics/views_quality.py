"""``/analytics/quality``: whether the interview scores of the people hired go with their
ramp attainment and day-90 rating, per competency and per question, with scatter plots."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue

from hiring.analytics import correlation
from hiring.analytics import quality as qualities
from hiring.analytics.filters import READERS, page_filters
from hiring.analytics.views import bp
from hiring.csv_files import csv_download
from hiring.permissions import roles_required


@bp.route("/quality")
@roles_required(*READERS)
def quality() -> ResponseReturnValue:
    filters = page_filters()
    report = qualities.quality_report(filters.scope)
    return render_template(
        "analytics/quality.html",
        report=report,
        competency_rows=qualities.rows(report.competencies),
        question_rows=qualities.rows(report.questions),
        min_pairs=correlation.MIN_PAIRS,
        **filters.context(),
    )


@bp.route("/quality.csv")
@roles_required(*READERS)
def quality_csv() -> ResponseReturnValue:
    """Every competency, then every question, against both outcomes."""
    report = qualities.quality_report(page_filters().scope)
    return csv_download(
        "quality-of-hire.csv",
        qualities.HEADER,
        qualities.rows(report.competencies) + qualities.rows(report.questions),
    )
