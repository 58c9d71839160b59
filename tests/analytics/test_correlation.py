"""Correlations for quality of hire: Fisher z intervals and Anscombe's published r."""

import pytest

from hiring.analytics.correlation import fisher_z_interval, pearson, spearman
from hiring.analytics.results import Estimate, NotEnoughData

# Anscombe (1973), "Graphs in Statistical Analysis", data set I: r = 0.816.
ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
ANSCOMBE_Y1 = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]


def test_fisher_z_interval_for_r_half_and_thirty_pairs() -> None:
    # z = atanh(0.5) = 0.5493, SE = 1/sqrt(27) = 0.1925, z +/- 1.96 SE back through tanh.
    low, high = fisher_z_interval(0.5, 30)
    assert (round(low, 2), round(high, 2)) == (0.17, 0.73)


def test_pearson_reproduces_anscombe() -> None:
    result = pearson(ANSCOMBE_X, ANSCOMBE_Y1)
    assert isinstance(result, Estimate)
    assert round(result.value, 3) == 0.816
    assert result.n == 11
    assert result.ci95 == pytest.approx(fisher_z_interval(result.value, 11))


def test_spearman_ranks_and_uses_the_wider_interval() -> None:
    x = list(range(1, 13))
    result = spearman(x, [v**3 for v in x])  # monotone, not linear
    assert isinstance(result, Estimate) and result.value == pytest.approx(1.0)
    rho = spearman(ANSCOMBE_X, ANSCOMBE_Y1)
    assert isinstance(rho, Estimate) and rho.ci95 is not None
    assert rho.ci95 == pytest.approx(fisher_z_interval(rho.value, 11, variance_factor=1.06))
    pearson_width = fisher_z_interval(rho.value, 11)
    assert rho.ci95[1] - rho.ci95[0] > pearson_width[1] - pearson_width[0]


def test_too_few_hires_or_no_spread() -> None:
    assert pearson([1, 2, 3], [2, 4, 5]) == NotEnoughData("hires with both figures", 10, 3)
    assert spearman([1] * 12, list(range(12))) == NotEnoughData("distinct values", 2, 1)
    with pytest.raises(ValueError, match="same number"):
        pearson([1, 2], [1])
