"""Importing self-identification from a CSV file (answers collected elsewhere, e.g. by an
applicant tracking system's own EEO form).

The file is read twice: a dry run that reports every problem by row number and what would
be recorded, then the import, which reads the same text again and refuses it whole if any
row is wrong (a half-imported file is hard to put right). Row numbers are a spreadsheet's:
the header is row 1.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from hiring.analytics.models import (
    LABELS,
    UNSTATED_LABELS,
    Answer,
    Disability,
    RaceEthnicity,
    SelfIdentification,
    SelfIdSource,
    Sex,
    Veteran,
)
from hiring.analytics.selfid import Answers, fill
from hiring.audit.services import record
from hiring.auth.models import User
from hiring.candidates.models import Candidate
from hiring.db import db, utcnow
from hiring.transaction import flush_or_conflict

QUESTIONS: dict[str, type[Answer]] = {
    "sex": Sex,
    "race_ethnicity": RaceEthnicity,
    "veteran": Veteran,
    "disability": Disability,
}
#: A larger file is refused, so a dry run stays quick and its page readable.
MAX_ROWS = 5000
#: Shown problems, at most (the count says how many more there were).
SHOWN_PROBLEMS = 50
#: Short answers people write in spreadsheets, besides each answer's code and label.
_SYNONYMS = {
    "": "not_answered",
    "prefer not to say": "prefer_not",
    "decline": "prefer_not",
    "declined": "prefer_not",
    "f": "female",
    "m": "male",
    "hispanic": "hispanic_latino",
    "latino": "hispanic_latino",
    "black or african american": "black",
    "two or more": "two_or_more",
    "yes": "yes",
    "no": "no",
}
_YES_NO = {
    Veteran: {"yes": "protected_veteran", "no": "not_protected_veteran"},
    Disability: {"yes": "disability", "no": "no_disability"},
}


@dataclass
class ImportCheck:
    """What a file would record, and what is wrong with it."""

    rows: dict[int, Answers] = field(default_factory=dict)  # candidate id -> answers
    problems: list[str] = field(default_factory=list)
    stated: Counter[str] = field(default_factory=Counter)
    #: Set by ``import_file`` once the rows are recorded.
    imported: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)

    @property
    def shown_problems(self) -> list[str]:
        return self.problems[:SHOWN_PROBLEMS]


def _parse(question: type[Answer], raw: str) -> Answer | None:
    text = " ".join(raw.split()).lower()
    words = {label.lower(): code for code, label in {**LABELS, **UNSTATED_LABELS}.items()}
    code = _SYNONYMS.get(text) or words.get(text) or text.replace(" ", "_")
    code = _YES_NO.get(question, {}).get(code, code)
    try:
        return question(code)
    except ValueError:
        return None


def check(text: str) -> ImportCheck:
    """Every problem of the file by row, and the answers it would record."""
    result = ImportCheck()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    reader.fieldnames = header
    key = next((k for k in ("candidate_id", "candidate_email") if k in header), None)
    missing = [q for q in QUESTIONS if q not in header]
    if key is None or missing:
        needed = ["candidate_email (or candidate_id)"] if key is None else []
        result.problems.append(
            "Row 1: the header needs the columns " + ", ".join(needed + missing) + "."
        )
        return result
    records = list(reader)
    if len(records) > MAX_ROWS:
        result.problems.append(f"The file has {len(records)} rows; import at most {MAX_ROWS}.")
        return result
    candidates = _candidates(key, [(r.get(key) or "").strip() for r in records])
    seen: dict[int, int] = {}
    for number, row in enumerate(records, start=2):
        _check_row(result, number, row, key, candidates, seen)
    if not records:
        result.problems.append("The file has a header but no rows.")
    return result


def _check_row(
    result: ImportCheck,
    number: int,
    row: dict[str, str],
    key: str,
    candidates: dict[str, list[int]],
    seen: dict[int, int],
) -> None:
    ident = (row.get(key) or "").strip()
    matches = candidates.get(ident.lower(), [])
    problems = []
    if not ident:
        problems.append(f"{key} is empty")
    elif not matches:
        problems.append(f"no candidate has {key} “{ident}”")
    elif len(matches) > 1:
        problems.append(f"{len(matches)} candidates share “{ident}”; use candidate_id instead")
    elif matches[0] in seen:
        problems.append(f"the same candidate as row {seen[matches[0]]}")
    answers = {}
    for question, kind in QUESTIONS.items():
        value = _parse(kind, row.get(question) or "")
        if value is None:
            problems.append(f"{question} “{(row.get(question) or '').strip()}” is not an answer")
        answers[question] = value
    if problems:
        result.problems.append(f"Row {number}: " + "; ".join(problems) + ".")
        return
    seen[matches[0]] = number
    parsed = Answers(**answers)  # type: ignore[arg-type]  # every value checked above
    result.rows[matches[0]] = parsed
    for question in QUESTIONS:
        if getattr(parsed, question).stated:
            result.stated[question] += 1


def _candidates(key: str, values: list[str]) -> dict[str, list[int]]:
    """Candidate ids by the file's identifier (lower-cased), in one query."""
    if key == "candidate_id":
        ids = [int(v) for v in values if v.isdigit() and len(v) < 10]
        rows = db.session.execute(select(Candidate.id, Candidate.id).where(Candidate.id.in_(ids)))
    else:
        emails = sorted({v.lower() for v in values if v})
        rows = db.session.execute(
            select(func.lower(Candidate.email), Candidate.id).where(
                func.lower(Candidate.email).in_(emails)
            )
        )
    found: dict[str, list[int]] = {}
    for ident, candidate_id in rows:
        found.setdefault(str(ident), []).append(candidate_id)
    return found


def import_file(text: str, *, actor: User) -> ImportCheck:
    """Record every row of a file that passes ``check``, or nothing when any row fails; either
    way the check comes back (``imported`` says which), so the file is read once."""
    result = check(text)
    if not result.ok:
        return result
    now = utcnow()
    existing = {
        row.candidate_id: row
        for row in db.session.scalars(
            select(SelfIdentification).where(SelfIdentification.candidate_id.in_(list(result.rows)))
        )
    }
    for candidate_id, answers in result.rows.items():
        row = existing.get(candidate_id) or SelfIdentification(candidate_id=candidate_id)
        fill(row, answers, SelfIdSource.IMPORT, now)
        db.session.add(row)
    flush_or_conflict("Answers for one of these candidates arrived meanwhile; import again.")
    record(
        "self_id.imported",
        actor=actor,
        object_type="self_identifications",
        label=f"{len(result.rows)} candidates",
        after={"rows": len(result.rows)},
    )
    result.imported = True
    return result
