"""Correlations for quality of hire: interview scores against later outcomes, with n and a CI.

Only hires have outcomes, so the range of interview scores is restricted and an observed r
understates the true validity; the pages say so. Here the job is the arithmetic and the refusal
to report a figure on too few hires.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import stats

from hiring.analytics.results import Estimate, NotEnoughData, Result, no_spread

#: Fewer pairs than this and a correlation is "not enough hires yet". At n = 10 the 95% interval
#: of r = .5 still runs from about -.2 to .86, so the figure is shown with its interval.
MIN_PAIRS = 10
_Z95 = float(stats.norm.ppf(0.975))


def fisher_z_interval(r: float, n: int, *, variance_factor: float = 1.0) -> tuple[float, float]:
    """tanh(atanh(r) +/- 1.96 sqrt(factor / (n - 3))): the Fisher z interval for a correlation.

    ``variance_factor`` is 1 for Pearson's r and 1.06 for Spearman's rho (Fieller, Hartley &
    Pearson 1957). A perfect correlation has no finite z, so its interval is the point itself.
    """
    if abs(r) >= 1:
        return r, r
    z, half = math.atanh(r), _Z95 * math.sqrt(variance_factor / (n - 3))
    return math.tanh(z - half), math.tanh(z + half)


def _checked(x: Sequence[float], y: Sequence[float], min_pairs: int) -> NotEnoughData | None:
    if len(x) != len(y):
        raise ValueError("a correlation needs the same number of x and y values")
    if len(x) < max(min_pairs, 4):
        return NotEnoughData("hires with both figures", max(min_pairs, 4), len(x))
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return no_spread()
    return None


def pearson(x: Sequence[float], y: Sequence[float], *, min_pairs: int = MIN_PAIRS) -> Result:
    """Pearson's r with its Fisher z 95% interval and n (pairs)."""
    refused = _checked(x, y, min_pairs)
    if refused:
        return refused
    r = float(stats.pearsonr(x, y).statistic)
    return Estimate(r, fisher_z_interval(r, len(x)), len(x))


def spearman(x: Sequence[float], y: Sequence[float], *, min_pairs: int = MIN_PAIRS) -> Result:
    """Spearman's rho (ties averaged) with a Fisher z interval using the 1.06 variance factor."""
    refused = _checked(x, y, min_pairs)
    if refused:
        return refused
    rho = float(stats.spearmanr(x, y).statistic)
    return Estimate(rho, fisher_z_interval(rho, len(x), variance_factor=1.06), len(x))
