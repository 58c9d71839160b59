"""The comparison of a position's candidates as a spreadsheet (CSV)."""

from __future__ import annotations

import csv
import io

from hiring import timezones
from hiring.csv_files import safe_text as _csv_safe
from hiring.debriefs.comparison import CompareRow
from hiring.debriefs.queries import profile_specs
from hiring.positions.models import Position
from hiring.scorecards.models import Recommendation


def comparison_csv(position: Position, rows: list[CompareRow], zone: str | None = None) -> bytes:
    """The comparison as CSV: one row per candidate, numbers hidden where the page hides them.

    Times are in ``zone`` (default: the reader's), named in the column's header, and written
    as ``YYYY-MM-DD HH:MM`` so that a spreadsheet reads them as date-times. Encoded as UTF-8
    with a byte-order mark: without it Excel reads the file in the machine's legacy code
    page and garbles names such as "Zoë Müller" or "Łukasz".
    """
    zone = zone or timezones.reader_zone()
    specs = profile_specs(position.role_profile)
    stages = position.current_plan.stages if position.current_plan else []
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["candidate", "application_id", "stage", "status", "scorecards"]
        + [_csv_safe(f"{s.name} (mean)") for s in specs]
        + [
            "disagreement_flags",
            "strong_yes",
            "yes",
            "no",
            "strong_no",
            "formula_score",
            "hiring_bar",
            "formula_recommendation",
            "decision",
            "changed_after_debrief",
            f"decided_at ({zone})",
        ]
    )
    for row in rows:
        stage = row.application.stage_index
        writer.writerow(
            [
                _csv_safe(row.application.candidate.name),
                row.application.id,
                _csv_safe(
                    stages[stage].name if stage is not None and stage < len(stages) else "New"
                ),
                row.application.status.value,
                "hidden until you submit your scorecard" if row.hidden else row.scorecards,
            ]
            + [f"{m:.2f}" if (m := row.mean(s.key)) is not None else "" for s in specs]
            + [
                row.flags,
                row.recommendations[Recommendation.STRONG_YES],
                row.recommendations[Recommendation.YES],
                row.recommendations[Recommendation.NO],
                row.recommendations[Recommendation.STRONG_NO],
                f"{row.formula.score:.2f}" if row.formula.score is not None else "",
                f"{position.role_profile.minimum_score:g}",
                row.formula.outcome.value,
                row.decision.outcome.value if row.decision else "",
                _csv_safe(_late_text(row)),
                f"{timezones.in_reader_zone(row.decision.decided_at, zone):%Y-%m-%d %H:%M}"
                if row.decision
                else "",
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _late_text(row: CompareRow) -> str:
    """Every change after the debrief opened, with its original value, new value and reason."""
    return "; ".join(
        f"{c.interviewer}, {c.what}: {c.was} -> {c.now} ({c.reason})" for c in row.late.changes
    )
