"""Picking candidates for the side-by-side comparison."""

from __future__ import annotations

from hiring.applications.models import ApplicationStatus
from hiring.debriefs import comparison
from hiring.debriefs.comparison import CandidateName, CompareApplication, CompareRow
from hiring.debriefs.formula import combine_aggregates


def _row(application_id: int, *, hidden: bool = False) -> CompareRow:
    return CompareRow(
        CompareApplication(
            application_id, None, ApplicationStatus.ACTIVE, CandidateName(f"C{application_id}")
        ),
        combine_aggregates([], {}, 2.8),
        hidden=hidden,
    )


def test_at_most_four_in_the_order_picked_and_never_a_hidden_one(app):
    rows = [_row(1), _row(2, hidden=True), _row(3), _row(4), _row(5), _row(6)]
    with app.app_context():
        side = comparison.picked(rows, [5, 2, 99, 1, 3, 4, 6])
        assert side.ids == [5, 1]  # first four picks: 5, 2 (hidden), 99 (not here), 1
        assert comparison.picked(rows, [4, 3, 1, 5, 6]).ids == [4, 3, 1, 5]
        lone = comparison.picked(rows, [2, 3])
        assert lone.ids == [3] and lone.evidence == {}  # nothing to compare one against
