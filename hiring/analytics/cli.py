"""``flask --app hiring analytics agreement|impact``: the statistics for files other tools hold.

Other tools call these commands and parse what they print, so the output is JSON only and its
keys are fixed by issue 15: ``agreement`` prints ONE object; ``impact`` prints one object per
line, one line per group (the group's name inside it), in the file's order. A malformed file is
refused with click's usage error (a message naming the file and line, exit status 2) before
anything is printed, so a caller never parses half an answer.

The pages refuse a figure below ``MIN_SUBJECTS`` candidates; this command is a calculator over
a file its caller chose, so it computes from two subjects up (the published examples have six
and eleven) and prints how many subjects each figure rests on, for the caller to judge.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, get_args

import click
from flask.cli import AppGroup

from hiring.analytics.icc import IccForms, icc_forms
from hiring.analytics.impact import GroupCounts, adverse_impact
from hiring.analytics.results import Estimate, Result
from hiring.analytics.statistics import Level, krippendorff_alpha, rwg

analytics_cli = AppGroup(
    "analytics", help="Agreement and adverse-impact statistics from CSV files."
)

#: The command line computes from this many subjects up (the statistics' own minimum); the
#: pages' "not enough data" threshold is a judgement about hiring decisions, not arithmetic.
CLI_MIN_SUBJECTS = 2
ICC_FORMS = ("icc1", "icc2", "icc3", "icc1k", "icc2k", "icc3k")

_INPUT = click.option(
    "--input",
    "source",
    required=True,
    type=click.File("r", encoding="utf-8-sig"),
    help="CSV file with a header row ('-' reads standard input).",
)


class MalformedFile(click.BadParameter):
    """A file the command cannot read as specified; click prints it as a usage error."""

    def __init__(self, source: IO[str], message: str) -> None:
        super().__init__(f"{source.name}: {message}", param_hint="'--input'")


def _rows(source: IO[str], columns: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each data row's line number and its named cells (trimmed); extra columns are ignored."""
    try:
        reader = csv.DictReader(source)
        header = [name.strip() for name in reader.fieldnames or []]
        if not header:
            raise MalformedFile(source, f"the file is empty (expected columns {','.join(columns)})")
        missing = [c for c in columns if c not in header]
        if missing:
            raise MalformedFile(
                source,
                f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"(expected {','.join(columns)}; found {','.join(header)})",
            )
        reader.fieldnames = header
        for record in reader:
            if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
                continue  # a blank line carries nothing
            yield reader.line_num, {c: (record.get(c) or "").strip() for c in columns}
    except UnicodeDecodeError as exc:
        raise MalformedFile(source, "not UTF-8 text") from exc
    except csv.Error as exc:
        raise MalformedFile(source, f"not valid CSV ({exc})") from exc


def _number(source: IO[str], line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise MalformedFile(source, f"line {line}: {column} {text!r} is not a number")
    return value


def _count(source: IO[str], line: int, column: str, text: str) -> int:
    if not text.isdigit():
        raise MalformedFile(source, f"line {line}: {column} {text!r} is not a whole number")
    return int(text)


# ---- agreement ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ratings:
    """The long file as a subjects x raters table, both in order of first appearance."""

    subjects: list[str]
    raters: list[str]
    cells: dict[tuple[str, str], float | None]

    def row(self, subject: str) -> list[float | None]:
        return [self.cells.get((subject, rater)) for rater in self.raters]


def read_ratings(source: IO[str]) -> Ratings:
    """Parse ``subject,rater,rating`` (blank rating = missing); refuse repeats and non-numbers."""
    subjects: dict[str, None] = {}
    raters: dict[str, None] = {}
    cells: dict[tuple[str, str], float | None] = {}
    for line, row in _rows(source, ("subject", "rater", "rating")):
        subject, rater, rating = row["subject"], row["rater"], row["rating"]
        if not subject or not rater:
            raise MalformedFile(source, f"line {line}: subject and rater must not be blank")
        if (subject, rater) in cells:
            raise MalformedFile(
                source, f"line {line}: rater {rater!r} rates subject {subject!r} twice"
            )
        cells[subject, rater] = _number(source, line, "rating", rating) if rating else None
        subjects.setdefault(subject)
        raters.setdefault(rater)
    if not cells:
        raise MalformedFile(source, "no ratings (the file has a header but no rows)")
    return Ratings(list(subjects), list(raters), cells)


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _estimate(result: Result) -> dict[str, Any]:
    """``{"value", "ci95"}``; a figure that cannot be computed is null with the reason."""
    if not isinstance(result, Estimate):
        return {"value": None, "ci95": None, "reason": result.words}
    interval = None
    if result.ci95 is not None:
        interval = [_finite(result.ci95[0]), _finite(result.ci95[1])]
    return {"value": _finite(result.value), "ci95": interval}


def _icc(ratings: Ratings) -> dict[str, Any]:
    """The six forms over the subjects every rater rated (they need a complete table)."""
    complete = [
        [v for v in ratings.row(s) if v is not None]
        for s in ratings.subjects
        if all(v is not None for v in ratings.row(s))
    ]
    left_out = len(ratings.subjects) - len(complete)
    note = (
        f"ICC forms use the {len(complete)} of {len(ratings.subjects)} subjects rated by all "
        f"{len(ratings.raters)} raters; {left_out} left out for missing ratings."
    )
    if not complete:
        reason = f"No subject was rated by all {len(ratings.raters)} raters."
        return {"icc_note": note} | {
            form: {"value": None, "ci95": None, "reason": reason} for form in ICC_FORMS
        }
    forms = icc_forms(complete, min_subjects=CLI_MIN_SUBJECTS)
    if not isinstance(forms, IccForms):
        return {"icc_note": note} | {form: _estimate(forms) for form in ICC_FORMS}
    return {"icc_note": note} | {form: _estimate(getattr(forms, form)) for form in ICC_FORMS}


def agreement_report(ratings: Ratings, scale_points: int) -> dict[str, Any]:
    """Everything ``analytics agreement`` prints, as plain JSON-ready data."""
    rows = [ratings.row(s) for s in ratings.subjects]
    report: dict[str, Any] = {
        "subjects": len(ratings.subjects),
        "raters": len(ratings.raters),
        "ratings": sum(v is not None for v in ratings.cells.values()),
    }
    report |= _icc(ratings)
    for level in get_args(Level):
        alpha = krippendorff_alpha(rows, level, min_units=CLI_MIN_SUBJECTS)
        report[f"alpha_{level}"] = _estimate(alpha)
    report["rwg_scale_points"] = scale_points
    report["rwg"] = {}
    for subject, row in zip(ratings.subjects, rows, strict=True):
        given = [v for v in row if v is not None]
        result = rwg(given, scale_points)
        report["rwg"][subject] = {
            "value": None if result is None else result.value,
            "truncated": False if result is None else result.truncated,
            "n": len(given),
        }
    return report


@analytics_cli.command("agreement")
@_INPUT
@click.option(
    "--scale-points",
    type=click.IntRange(min=2),
    default=4,
    show_default=True,
    help="Points on the rating scale (A in rWG's uniform null variance).",
)
def agreement(source: IO[str], scale_points: int) -> None:
    """ICC (six forms), Krippendorff's alpha (four levels) and rWG per subject, as one JSON
    object, from a long CSV with columns subject,rater,rating (blank rating = missing)."""
    ratings = read_ratings(source)
    click.echo(json.dumps(agreement_report(ratings, scale_points), allow_nan=False))


# ---- impact ------------------------------------------------------------------------------------


def read_groups(source: IO[str]) -> list[GroupCounts]:
    """Parse ``group,applicants,selected``; each group once, 0 <= selected <= applicants."""
    groups: dict[str, GroupCounts] = {}
    for line, row in _rows(source, ("group", "applicants", "selected")):
        name = row["group"]
        if not name:
            raise MalformedFile(source, f"line {line}: group must not be blank")
        if name in groups:
            raise MalformedFile(source, f"line {line}: group {name!r} appears twice")
        applicants = _count(source, line, "applicants", row["applicants"])
        selected = _count(source, line, "selected", row["selected"])
        if applicants == 0:
            raise MalformedFile(source, f"line {line}: group {name!r} has no applicants")
        if selected > applicants:
            raise MalformedFile(
                source,
                f"line {line}: group {name!r} has more selected ({selected}) "
                f"than applicants ({applicants})",
            )
        groups[name] = GroupCounts(name, applicants, selected)
    if not groups:
        raise MalformedFile(source, "no groups (the file has a header but no rows)")
    return list(groups.values())


def impact_lines(counts: Sequence[GroupCounts]) -> list[dict[str, Any]]:
    """One record per group, every group reported (no suppression: the caller owns the file)."""
    table = adverse_impact(counts, min_cell=0)
    return [
        {
            "group": g.group,
            "applicants": g.applicants,
            "selected": g.selected,
            "rate": g.rate,
            "impact_ratio": g.impact_ratio,
            "z": _finite(g.z),
            "fisher_p": g.fisher_p,
            "shortfall": g.shortfall,
            "four_fifths_flag": g.four_fifths_flag,
            "reference": g.is_reference,
            "caution": g.caution,
        }
        for g in table.groups
    ]


@analytics_cli.command("impact")
@_INPUT
def impact(source: IO[str]) -> None:
    """Selection rate, impact ratio against the highest-rate group, Z, Fisher's exact p,
    shortfall and the four-fifths flag: one JSON object per line, one line per group."""
    for record in impact_lines(read_groups(source)):
        click.echo(json.dumps(record, allow_nan=False))
