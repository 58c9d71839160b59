"""Adverse impact at one stage transition: the four-fifths rule beside the tests that temper it.

29 CFR 1607.4(D) regards a group's selection rate below four-fifths of the highest group's rate
as evidence of adverse impact, and adds that small numbers can mislead either way; the EEOC's
2023 technical assistance calls the ratio a rule of thumb. So every ratio comes with the group's
counts, a two-proportion Z and Fisher's exact p against the highest-rate group, the shortfall,
and a caution where the numbers are small or the ratio and the test disagree.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from scipy import stats

#: The four-fifths rule: an impact ratio strictly below this is flagged.
FOUR_FIFTHS = Fraction(4, 5)
#: Groups with fewer applicants than this are suppressed: no counts, rates or tests leave here,
#: so a small group's members cannot be recognised (minimum-cell suppression).
MIN_CELL = 5
#: Fewer selections than this in a group and the ratio can swing on one person (domain.md 4.5).
MIN_SELECTIONS = 5
#: Significance level for Fisher's exact test when comparing it with the four-fifths flag.
SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class GroupCounts:
    """One group's applicants at the stage and how many of them moved on."""

    group: str
    applicants: int
    selected: int


@dataclass(frozen=True)
class GroupImpact:
    """One group's row. When ``suppressed`` every number is None; the reference group (the
    highest rate) has a ratio of 1 and no test against itself."""

    group: str
    suppressed: bool
    applicants: int | None = None
    selected: int | None = None
    rate: float | None = None
    impact_ratio: float | None = None
    four_fifths_flag: bool = False
    #: Fewer than MIN_SELECTIONS selected in this group or the reference group: no flag either
    #: way, "Insufficient data" instead (domain.md 4.5).
    insufficient: bool = False
    z: float | None = None
    fisher_p: float | None = None
    shortfall: float | None = None
    is_reference: bool = False
    caution: str | None = None


@dataclass(frozen=True)
class ImpactTable:
    """All groups at one transition, in the order given."""

    groups: tuple[GroupImpact, ...]
    reference: str | None
    overall_rate: float | None


def two_proportion_z(
    selected_a: int, applicants_a: int, selected_b: int, applicants_b: int
) -> float | None:
    """Pooled two-proportion Z of group a against group b (negative when a's rate is lower);
    None when the pooled rate is 0 or 1, where the standard error is 0."""
    pooled = (selected_a + selected_b) / (applicants_a + applicants_b)
    variance = pooled * (1 - pooled) * (1 / applicants_a + 1 / applicants_b)
    if variance == 0:
        return None
    return (selected_a / applicants_a - selected_b / applicants_b) / math.sqrt(variance)


def fisher_p(selected_a: int, applicants_a: int, selected_b: int, applicants_b: int) -> float:
    """Two-sided Fisher's exact p for the 2x2 table of selected / not selected by group."""
    table = [[selected_a, applicants_a - selected_a], [selected_b, applicants_b - selected_b]]
    return float(stats.fisher_exact(table, alternative="two-sided").pvalue)


def adverse_impact(counts: Sequence[GroupCounts], *, min_cell: int = MIN_CELL) -> ImpactTable:
    """Selection rate, impact ratio, four-fifths flag, Z, Fisher p and shortfall per group.

    The highest-rate group is chosen among unsuppressed groups (ties: more applicants, then
    name), since a group of two with both selected would otherwise set the bar for everyone.
    The overall rate behind the shortfall counts the shown groups only: one that counted the
    suppressed groups would let (shortfall + selected) / applicants give their selections away.
    ``min_cell=0`` turns suppression off (the command line reports every group it is given).
    """
    for c in counts:
        if not 0 <= c.selected <= c.applicants:
            raise ValueError(f"{c.group}: selected must be between 0 and the applicants")
    shown = _shown(counts, min_cell)
    total = sum(c.applicants for c in shown)
    overall = sum(c.selected for c in shown) / total if total else None
    reference = max(
        shown,
        key=lambda c: (Fraction(c.selected, c.applicants), c.applicants, c.group),
        default=None,
    )
    rows = []
    for c in counts:
        if c not in shown or reference is None or overall is None:
            rows.append(GroupImpact(c.group, suppressed=True))
        else:
            rows.append(_row(c, reference, overall))
    return ImpactTable(tuple(rows), reference.group if reference else None, overall)


def _shown(counts: Sequence[GroupCounts], min_cell: int) -> list[GroupCounts]:
    """The groups that may be shown: at least ``min_cell`` applicants, and (complementary
    suppression) the next-smallest groups too while the suppressed groups together hold 1 to
    ``min_cell - 1`` applicants, since the page shows the position's total and the unstated
    counts, and subtracting the shown groups would otherwise give a small group's size."""
    shown = sorted(
        (c for c in counts if c.applicants >= max(min_cell, 1)), key=lambda c: c.applicants
    )
    hidden = sum(c.applicants for c in counts) - sum(c.applicants for c in shown)
    while shown and 0 < hidden < min_cell:
        hidden += shown.pop(0).applicants
    return shown


def _row(c: GroupCounts, reference: GroupCounts, overall: float) -> GroupImpact:
    is_reference = c is reference
    ratio: Fraction | None = None
    if reference.selected:
        ratio = Fraction(c.selected * reference.applicants, c.applicants * reference.selected)
    insufficient = min(c.selected, reference.selected) < MIN_SELECTIONS
    # Exact, so 0.80 itself is not flagged; and never on so few that one person decides it.
    flag = not insufficient and ratio is not None and ratio < FOUR_FIFTHS
    z = p = None
    if not is_reference:
        z = two_proportion_z(c.selected, c.applicants, reference.selected, reference.applicants)
        p = fisher_p(c.selected, c.applicants, reference.selected, reference.applicants)
    return GroupImpact(
        c.group,
        suppressed=False,
        applicants=c.applicants,
        selected=c.selected,
        rate=c.selected / c.applicants,
        impact_ratio=None if ratio is None else float(ratio),
        four_fifths_flag=flag,
        insufficient=insufficient,
        z=z,
        fisher_p=p,
        shortfall=overall * c.applicants - c.selected,
        is_reference=is_reference,
        caution=_caution(insufficient, flag, p),
    )


def _caution(insufficient: bool, flag: bool, p: float | None) -> str | None:
    """Words for the cases where the four-fifths flag alone would mislead."""
    if insufficient:
        return (
            f"Fewer than {MIN_SELECTIONS} selected in this group or the highest-rate group: "
            "one person more or less moves the ratio a lot."
        )
    if p is None:
        return None
    if flag and p >= SIGNIFICANCE:
        return (
            "Below four-fifths, but the difference could be chance (Fisher's p is not below .05)."
        )
    if not flag and p < SIGNIFICANCE:
        return (
            "Above four-fifths, yet the difference is statistically significant (Fisher's p < .05)."
        )
    return None
