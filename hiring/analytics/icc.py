"""Intraclass correlations (Shrout & Fleiss 1979) with McGraw & Wong (1996) 95% intervals.

The forms are short ANOVAs over a candidates x raters table. ICC(1) is one-way: it allows each
candidate a different set of raters, and a different number of them. ICC(2) and ICC(3) are
two-way and need the same raters on every candidate (a complete table). ``choose_icc`` picks
the form from the design and says why in words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from hiring.analytics.results import Estimate, NotEnoughData, Result, no_spread
from hiring.analytics.statistics import KOO_LI_SUBJECTS, MIN_RATERS_PER_SUBJECT, MIN_SUBJECTS

_UPPER = 0.975  # the two-sided 95% interval's upper F quantile


@dataclass(frozen=True)
class IccForms:
    """All six forms for a complete table of ``n`` candidates by ``k`` raters."""

    icc1: Estimate
    icc1k: Estimate
    icc2: Estimate
    icc2k: Estimate
    icc3: Estimate
    icc3k: Estimate
    k: int


@dataclass(frozen=True)
class OneWayIcc:
    """ICC(1) and ICC(1,k); ``k`` is the (adjusted mean) number of raters per candidate."""

    single: Estimate
    average: Estimate
    k: float


@dataclass(frozen=True)
class IccChoice:
    """The form that fits the design, both its single-rater and panel-average figures, and why."""

    single_label: str
    average_label: str
    single: Result
    average: Result
    why: str
    excluded: int


def _oneway_bounds(
    msr: float, msw: float, df1: float, df2: float, k: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """McGraw & Wong (1996) Table 7, cases 1 and 3: bounds from F = MSR / MS(error)."""
    if msw == 0:
        return (1.0, 1.0), (1.0, 1.0)
    f_obs = msr / msw
    f_low = f_obs / float(stats.f.ppf(_UPPER, df1, df2))
    f_high = f_obs * float(stats.f.ppf(_UPPER, df2, df1))
    single = ((f_low - 1) / (f_low + k - 1), (f_high - 1) / (f_high + k - 1))
    return single, (1 - 1 / f_low, 1 - 1 / f_high)


def icc_forms(
    matrix: Sequence[Sequence[float]], *, min_subjects: int = MIN_SUBJECTS
) -> IccForms | NotEnoughData:
    """The six Shrout & Fleiss forms from a complete table (rows candidates, columns raters)."""
    y = np.asarray(matrix, dtype=np.float64)
    n, k = y.shape
    if n < min_subjects:
        return NotEnoughData("candidates rated by the whole panel", min_subjects, n)
    if k < MIN_RATERS_PER_SUBJECT:
        return NotEnoughData("raters on the panel", MIN_RATERS_PER_SUBJECT, k)
    if np.ptp(y) == 0:
        return no_spread()
    grand = y.mean()
    ss_rows = k * float(((y.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((y.mean(axis=0) - grand) ** 2).sum())
    ss_total = float(((y - grand) ** 2).sum())
    if ss_rows <= 1e-12 * ss_total:
        return _no_difference()
    msr = ss_rows / (n - 1)
    msw = (ss_total - ss_rows) / (n * (k - 1))
    msc = ss_cols / (k - 1)
    mse = max(ss_total - ss_rows - ss_cols, 0.0) / ((n - 1) * (k - 1))
    one, one_k = _oneway_bounds(msr, msw, n - 1, n * (k - 1), k)
    three, three_k = _oneway_bounds(msr, mse, n - 1, (n - 1) * (k - 1), k)
    icc2 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    two = _two_way_bounds(icc2, msr, msc, mse, n, k)
    return IccForms(
        icc1=Estimate((msr - msw) / (msr + (k - 1) * msw), one, n),
        icc1k=Estimate((msr - msw) / msr, one_k, n),
        icc2=Estimate(icc2, two, n),
        icc2k=Estimate(
            (msr - mse) / (msr + (msc - mse) / n),
            (_spearman_brown(two[0], k), _spearman_brown(two[1], k)),
            n,
        ),
        icc3=Estimate((msr - mse) / (msr + (k - 1) * mse), three, n),
        icc3k=Estimate((msr - mse) / msr, three_k, n),
        k=k,
    )


def _two_way_bounds(
    rho: float, msr: float, msc: float, mse: float, n: int, k: int
) -> tuple[float, float]:
    """McGraw & Wong (1996) Table 7, case 2A (absolute agreement): Satterthwaite's degrees of
    freedom ``v`` for the denominator mixing the rater and error mean squares."""
    if rho >= 1:  # no rater or error variance: the F bounds collapse onto the point
        return 1.0, 1.0
    a = k * rho / (n * (1 - rho))
    b = 1 + k * rho * (n - 1) / (n * (1 - rho))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2 / ((n - 1) * (k - 1)))
    f_star = float(stats.f.ppf(_UPPER, n - 1, v))
    f_star2 = float(stats.f.ppf(_UPPER, v, n - 1))
    spread = k * msc + (k * n - k - n) * mse
    low = n * (msr - f_star * mse) / (f_star * spread + n * msr)
    high = n * (f_star2 * msr - mse) / (spread + n * f_star2 * msr)
    return low, high


def _no_difference() -> NotEnoughData:
    """Every candidate has the same mean rating, so there is nothing for raters to agree on
    (MS between candidates is 0 and ICC(1,k) would divide by it)."""
    return NotEnoughData("different candidate means", 2, 1)


def _spearman_brown(rho: float, k: float) -> float:
    """The reliability of the mean of k ratings from a single rating's reliability."""
    return k * rho / (1 + (k - 1) * rho)


def icc_oneway(
    groups: Sequence[Sequence[float]], *, min_subjects: int = MIN_SUBJECTS
) -> OneWayIcc | NotEnoughData:
    """ICC(1) and ICC(1,k) when candidates have different raters, in different numbers.

    Unbalanced one-way ANOVA: MSB on n - 1 and MSW on N - n degrees of freedom, with the panel
    size k replaced by k0 = (N - sum(k_i^2) / N) / (n - 1), the adjusted mean group size (Snedecor
    & Cochran; the usual estimator for unequal groups). With equal panels k0 = k and this is
    exactly Shrout & Fleiss's ICC(1,1) and ICC(1,k). The F-based intervals use k0 the same way,
    which is exact for equal panels and an approximation otherwise. Candidates rated once carry
    no within-candidate variance and are left out by the caller (``choose_icc`` counts them).
    """
    sizes = np.array([len(g) for g in groups], dtype=np.float64)
    n, total = len(groups), float(sizes.sum())
    if n < min_subjects:
        return NotEnoughData(f"candidates with {MIN_RATERS_PER_SUBJECT}+ ratings", min_subjects, n)
    if min(sizes) < MIN_RATERS_PER_SUBJECT:
        raise ValueError("every candidate in a one-way ICC needs at least two ratings")
    values = np.concatenate([np.asarray(g, dtype=np.float64) for g in groups])
    if np.ptp(values) == 0:
        return no_spread()
    means = np.array([np.mean(g) for g in groups])
    ss_between = float((sizes * (means - values.mean()) ** 2).sum())
    ss_within = float(
        sum(((np.asarray(g) - m) ** 2).sum() for g, m in zip(groups, means, strict=True))
    )
    if ss_between <= 1e-12 * (ss_between + ss_within):
        return _no_difference()
    msb, msw = ss_between / (n - 1), ss_within / (total - n)
    k0 = (total - float((sizes**2).sum()) / total) / (n - 1)
    single, average = _oneway_bounds(msb, msw, n - 1, total - n, k0)
    return OneWayIcc(
        Estimate((msb - msw) / (msb + (k0 - 1) * msw), single, n),
        Estimate((msb - msw) / msb, average, n),
        k0,
    )


def choose_icc(
    matrix: Sequence[Sequence[float | None]], *, min_subjects: int = MIN_SUBJECTS
) -> IccChoice:
    """ICC(2,1)/(2,k) when one panel rated every candidate, otherwise ICC(1)/(1,k).

    Rows are candidates, columns raters (the same column is the same person), None where that
    rater did not rate that candidate. Candidates with fewer than two ratings are left out and
    counted in ``excluded``.
    """
    rows = [[v for v in row if v is not None] for row in matrix]
    rated = [i for i, row in enumerate(rows) if row]
    panel = {c for i in rated for c, v in enumerate(matrix[i]) if v is not None}
    same_panel = len(panel) >= MIN_RATERS_PER_SUBJECT and all(
        all(matrix[i][c] is not None for c in panel) for i in rated
    )
    if same_panel:
        # Every rated row holds exactly the panel's columns, in column order.
        complete = [rows[i] for i in rated]
        forms = icc_forms(complete, min_subjects=min_subjects)
        why = (
            f"The same {len(panel)} interviewers rated every candidate, so the two-way ICC(2,1)"
            " fits (absolute agreement: a rater who is harsher on everyone counts as"
            " disagreement); ICC(2,k) is the reliability of the panel's average."
        )
        if isinstance(forms, NotEnoughData):
            return IccChoice("ICC(2,1)", "ICC(2,k)", forms, forms, why, len(matrix) - len(rated))
        return IccChoice(
            "ICC(2,1)", "ICC(2,k)", forms.icc2, forms.icc2k, why, len(matrix) - len(rated)
        )
    groups = [row for row in rows if len(row) >= MIN_RATERS_PER_SUBJECT]
    excluded = len(matrix) - len(groups)
    oneway = icc_oneway(groups, min_subjects=min_subjects)
    why = (
        "Candidates met different interviewers, so the one-way ICC(1) fits (a rater's general"
        " harshness cannot be told apart from the candidate); ICC(1,k) is the reliability of the"
        " average of a candidate's ratings"
    )
    if isinstance(oneway, NotEnoughData):
        return IccChoice("ICC(1)", "ICC(1,k)", oneway, oneway, why + ".", excluded)
    why += f" ({oneway.k:.1f} raters per candidate, the adjusted mean for uneven panels)."
    return IccChoice("ICC(1)", "ICC(1,k)", oneway.single, oneway.average, why, excluded)


def icc_band(value: float) -> str:
    """Koo & Li (2016): under .50 poor, .50-.75 moderate, .75-.90 good, over .90 excellent."""
    if value < 0.50:
        return "poor"
    if value < 0.75:
        return "moderate"
    return "good" if value <= 0.90 else "excellent"


def icc_reading(result: Result) -> str:
    """Plain words for an ICC, judged by its interval as Koo & Li advise."""
    if isinstance(result, NotEnoughData):
        return result.words
    words = icc_band(result.value)
    if result.ci95 is not None:
        low, high = result.ci95
        span = (
            icc_band(low)
            if icc_band(low) == icc_band(high)
            else f"{icc_band(low)} to {icc_band(high)}"
        )
        words += f" (95% CI {low:.2f} to {high:.2f}: {span})"
    if result.n < KOO_LI_SUBJECTS:
        words += f"; fewer than {KOO_LI_SUBJECTS} candidates, so read the interval, not the point"
    return words
