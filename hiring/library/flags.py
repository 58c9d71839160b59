"""Risky wording typed in the app: rewrite it, or keep it with a written reason.

The question lint is good but not perfect (see ``tests/library/lint_evaluation.toml``), so a
finding never blocks for good: the author either rewrites the text or gives a reason, which
is audited and leaves the question or stage flagged in the library and the plan editor until
an admin clears it. Functions flush (through ``record``) and never commit.
"""

from __future__ import annotations

from hiring.audit.services import record
from hiring.auth.models import User
from hiring.db import utcnow
from hiring.domain import DomainError
from hiring.library.models import LintFlag

#: How each field reads in a message, with its verb.
FIELD_NAMES = {
    "text": "The question touches",
    "probes": "A probe touches",
    "look_fors": "A look-for touches",
    "red_flags": "A red flag touches",
    "anchors": "An observable anchor touches",
    "instructions": "The instructions touch",
}

KEEP_HINT = (
    "Rewrite it, or if this wording is needed, say why under “Reason to keep flagged "
    "wording”: it is then saved, flagged for an admin to review."
)


def risky(findings: list[dict[str, str]]) -> list[dict[str, str]]:
    return [f for f in findings if f.get("severity") == "risk"]


def refusal(finding: dict[str, str]) -> str:
    """What the author reads when a risky text is refused: where, what, why, a rewrite."""
    where = FIELD_NAMES.get(finding.get("field", ""), "This text touches")
    quoted = finding.get("line", "")
    context = f" in “{quoted}”" if quoted and finding.get("field") != "text" else ""
    return (
        f"{where} a protected or risky topic ({finding['topic']}, "
        f"“{finding['matched']}”{context}): {finding['why']} Try: {finding['suggestion']} "
        + KEEP_HINT
    )


def apply_findings(row: LintFlag, findings: list[dict[str, str]], reason: str) -> bool:
    """Store ``findings`` on ``row``; refuse risky wording without a written ``reason``.

    Returns whether the row is now flagged (risky wording kept with a reason). Saving
    again starts a fresh review: an earlier clearance does not carry over to new wording.
    """
    found = risky(findings)
    if found and not reason.strip():
        raise DomainError(refusal(found[0]), field=found[0].get("field", "text"))
    row.lint = findings
    row.lint_reason = reason.strip() if found else ""
    row.lint_cleared_at = None
    row.lint_cleared_by_id = None
    return bool(found)


def record_kept(row: LintFlag, *, actor: User, label: str) -> None:
    """Audit risky wording saved with a reason (after ``row`` has an id)."""
    record(
        "lint.kept",
        row,  # type: ignore[arg-type]
        actor=actor,
        label=label,
        after={"topics": sorted({f["topic"] for f in row.risks}), "reason": row.lint_reason},
    )


def clear(row: LintFlag, *, actor: User, label: str) -> None:
    """An admin has reviewed the flagged wording and accepts it."""
    if not row.flagged:
        raise DomainError("There is no flag to clear here; it may have been cleared already.")
    row.lint_cleared_at = utcnow()
    row.lint_cleared_by_id = actor.id
    record(
        "lint.cleared",
        row,  # type: ignore[arg-type]
        actor=actor,
        label=label,
        after={"topics": sorted({f["topic"] for f in row.risks}), "reason": row.lint_reason},
    )
