"""``/analytics/agreement``: do the interviewers rate the same candidate the same way?"""

from __future__ import annotations

from collections.abc import Iterator

from flask import render_template, request
from flask.typing import ResponseReturnValue

from hiring.analytics.agreement import Agreement, agreement
from hiring.analytics.filters import READERS, page_filters
from hiring.analytics.forms import AgreementTableForm
from hiring.analytics.ratings import load_ratings
from hiring.analytics.views import bp
from hiring.csv_files import csv_download
from hiring.permissions import roles_required

RATINGS_HEADER = (
    "Group",
    "Name",
    "Competency",
    "Candidates",
    "Ratings",
    "Alpha (ordinal) with 95% CI",
    "Alpha reading",
    "ICC form",
    "ICC",
    "Panel-average form",
    "Panel-average ICC",
    "ICC reading",
)
RECOMMENDATIONS_HEADER = (
    "Group",
    "Name",
    "Candidates with a recommendation",
    "Agreeing pairs",
    "Alpha (nominal) with 95% CI",
)


@bp.route("/agreement", endpoint="agreement")
@roles_required(*READERS)
def agreement_page() -> ResponseReturnValue:
    filters = page_filters()
    data = agreement(load_ratings(filters.scope))
    return render_template("analytics/agreement.html", a=data, **filters.context())


@bp.route("/agreement.csv")
@roles_required(*READERS)
def agreement_csv() -> ResponseReturnValue:
    """The competency table, or with ``table=recommendations`` the hire/no-hire table."""
    data = agreement(load_ratings(page_filters().scope))
    if AgreementTableForm(formdata=request.args).recommendations:
        return csv_download(
            "agreement-recommendations.csv", RECOMMENDATIONS_HEADER, _recommendation_rows(data)
        )
    return csv_download("agreement.csv", RATINGS_HEADER, _rating_rows(data))


def _rating_rows(data: Agreement) -> Iterator[tuple[object, ...]]:
    for group in data.groups:
        for row in group.rows:
            yield (
                group.kind,
                group.name,
                row.competency,
                row.candidates,
                row.ratings,
                row.alpha_text,
                row.alpha_words,
                row.icc.single_label,
                row.icc_single_text,
                row.icc.average_label,
                row.icc_average_text,
                row.icc_words,
            )


def _recommendation_rows(data: Agreement) -> Iterator[tuple[object, ...]]:
    for group in data.groups:
        yield (
            group.kind,
            group.name,
            group.recommended,
            group.recommendation_percent,
            group.recommendation_alpha,
        )
