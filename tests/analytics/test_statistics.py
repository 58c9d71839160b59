"""rWG, Krippendorff's alpha, hire/no-hire agreement and rater leniency against published figures.

Published worked examples first (to their published precision), then our own edge cases.
"""

import krippendorff
import numpy as np
import pytest

from hiring.analytics.results import Estimate, NotEnoughData
from hiring.analytics.statistics import (
    Level,
    Rating,
    alpha_band,
    krippendorff_alpha,
    leniency_threshold,
    rater_leniency,
    recommendation_agreement,
    rwg,
    rwg_band,
    rwg_j,
    uniform_null_variance,
)
from tests.support.published import KRIPPENDORFF_2011

# ---- rWG ---------------------------------------------------------------------------------------


def test_null_variance_is_that_of_uniform_random_responding() -> None:
    # domain.md 4.1: A = 5 gives 2.0, A = 4 gives 1.25.
    assert uniform_null_variance(5) == 2.0
    assert uniform_null_variance(4) == 1.25


def test_rwg_of_4_4_5_on_a_five_point_scale() -> None:
    # s^2 = 1/3 (n - 1 denominator), sigma^2_EU = 2, so rWG = 1 - (1/3)/2 = 0.8333.
    result = rwg([4, 4, 5], 5)
    assert result is not None
    assert result.value == pytest.approx(0.8333, abs=1e-4)
    assert not result.truncated
    assert result.n == 3
    assert result.band == "strong"


def test_rwg_below_zero_is_reported_as_zero_and_says_so() -> None:
    # 1, 5, 1, 5: s^2 = 16/3, so 1 - (16/3)/2 = -1.667: more spread than random responding.
    result = rwg([1, 5, 1, 5], 5)
    assert result is not None
    assert result.value == 0.0
    assert result.raw == pytest.approx(-5 / 3)
    assert result.truncated
    assert result.band == "no agreement"


def test_rwg_needs_two_ratings_and_full_agreement_is_one() -> None:
    assert rwg([4], 5) is None
    assert rwg([], 4) is None
    full = rwg([3, 3, 3], 4)
    assert full is not None and full.value == 1.0 and full.band == "very strong"


def test_rwg_j_over_two_competencies() -> None:
    # Item variances 1/3 and 1, mean 2/3; ratio to sigma^2_EU (2) is 1/3; J = 2:
    # 2(2/3) / (2(2/3) + 1/3) = 0.8 (James, Demaree & Wolf 1984, equation 2).
    result = rwg_j([[4, 4, 5], [3, 4, 5]], 5)
    assert result is not None
    assert result.value == pytest.approx(0.8)
    # A competency rated once has no variance and is left out.
    single = rwg_j([[4, 4, 5], [2]], 5)
    assert single is not None and single.value == pytest.approx(0.8333, abs=1e-4)
    assert rwg_j([[4], [2]], 5) is None


def test_rwg_j_past_random_responding_is_zero_and_flagged() -> None:
    result = rwg_j([[1, 5], [1, 5]], 5)
    assert result is not None and result.value == 0.0 and result.truncated


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.0, "no agreement"),
        (0.30, "no agreement"),
        (0.31, "weak"),
        (0.50, "weak"),
        (0.51, "moderate"),
        (0.70, "moderate"),
        (0.71, "strong"),
        (0.90, "strong"),
        (0.91, "very strong"),
        (1.0, "very strong"),
    ],
)
def test_rwg_bands_are_lebreton_and_senter(value: float, band: str) -> None:
    assert rwg_band(value) == band


# ---- Krippendorff's alpha ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_alpha_reproduces_krippendorff_2011(level: Level, published: float) -> None:
    result = krippendorff_alpha(KRIPPENDORFF_2011, level, min_units=2)
    assert isinstance(result, Estimate)
    assert round(result.value, 3) == published
    # Unit 12 has a single value: not pairable, so 11 units count.
    assert result.n == 11


def _package_alpha(units: list[list[float | None]], level: str) -> float:
    data = np.array([[np.nan if v is None else v for v in unit] for unit in units]).T
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_matches_the_krippendorff_package_with_missing_values(
    seed: int, level: Level
) -> None:
    rng = np.random.default_rng(seed)
    truth = rng.integers(1, 6, size=40)
    units: list[list[float | None]] = [
        [
            None if rng.random() < 0.3 else float(np.clip(t + rng.integers(-1, 2), 1, 5))
            for _rater in range(4)
        ]
        for t in truth
    ]
    result = krippendorff_alpha(units, level)
    assert isinstance(result, Estimate)
    assert result.value == pytest.approx(_package_alpha(units, level), abs=1e-9)


def test_alpha_interval_is_reproducible_and_contains_the_estimate() -> None:
    rng = np.random.default_rng(7)
    units: list[list[float | None]] = [
        [float(t), float(min(5, t + rng.integers(0, 2))), None if t % 3 else float(t)]
        for t in rng.integers(1, 6, size=30)
    ]
    first = krippendorff_alpha(units)
    again = krippendorff_alpha(units)
    assert isinstance(first, Estimate) and first == again
    assert first.ci95 is not None
    low, high = first.ci95
    assert low < first.value < high <= 1.0


def test_alpha_refuses_thin_or_uniform_data() -> None:
    few = krippendorff_alpha(KRIPPENDORFF_2011[:5])
    assert few == NotEnoughData("candidates with 2+ ratings", 10, 5)
    # Units rated once are not pairable and do not count toward the minimum.
    once = krippendorff_alpha([[3.0, None]] * 20 + [[2.0, 3.0]] * 9)
    assert isinstance(once, NotEnoughData) and once.actual == 9
    assert "9 candidates with 2+ ratings, at least 10 needed" in once.words
    same = krippendorff_alpha([[3.0, 3.0]] * 12)
    assert isinstance(same, NotEnoughData) and same.what == "distinct values"


def test_alpha_is_one_when_every_panel_agrees() -> None:
    result = krippendorff_alpha([[v, v, None] for v in [1.0, 2.0, 3.0, 4.0, 5.0] * 3])
    assert isinstance(result, Estimate)
    assert result.value == 1.0 and result.ci95 == (1.0, 1.0)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.80, "reliable"),
        (0.799, "tentative only"),
        (0.667, "tentative only"),
        (0.6, "not reliable"),
    ],
)
def test_alpha_bands_are_krippendorffs(value: float, band: str) -> None:
    assert alpha_band(value) == band


# ---- Hire / no-hire agreement -------------------------------------------------------------------


def test_recommendation_agreement_pairs_and_nominal_alpha() -> None:
    recs = [[True, True, False]] * 6 + [[False, False]] * 4 + [[True, True, True, True]] * 2
    result = recommendation_agreement(recs)
    # Per candidate: 1/3 of pairs agree for hire-hire-no; 1 for the unanimous ones.
    assert result.percent == Estimate((6 * (1 / 3) + 6) / 12, None, 12)
    assert isinstance(result.alpha, Estimate)
    units: list[list[float | None]] = [
        [float(r) for r in rec] + [None] * (4 - len(rec)) for rec in recs
    ]
    assert result.alpha.value == pytest.approx(_package_alpha(units, "nominal"), abs=1e-9)


def test_recommendation_agreement_needs_ten_candidates_with_two_recommendations() -> None:
    result = recommendation_agreement([[True, False]] * 9 + [[True]] * 5)
    assert result.percent == NotEnoughData("candidates with 2+ recommendations", 10, 9)
    assert isinstance(result.alpha, NotEnoughData)


# ---- Rater leniency ----------------------------------------------------------------------------


def _panel(candidates: int) -> list[Rating]:
    """Ana rates every candidate one point above Ben and Cy, who agree with each other."""
    ratings = []
    for c in range(candidates):
        ratings += [Rating("ana", c, "discovery", 4), Rating("ben", c, "discovery", 3)]
        ratings.append(Rating("cy", c, "discovery", 3))
    return ratings


def test_leniency_is_deviation_from_the_other_raters_only() -> None:
    by_rater = {
        r.rater: r for r in rater_leniency([*_panel(10), Rating("dee", 99, "discovery", 1)])
    }
    # Ana: 4 - mean(3, 3) = +1. Ben: 3 - mean(4, 3) = -0.5.
    assert by_rater["ana"].mean_deviation == pytest.approx(1.0)
    assert by_rater["ana"].flag == "lenient"
    assert by_rater["ben"].mean_deviation == pytest.approx(-0.5)
    assert by_rater["ben"].flag == "severe"
    assert by_rater["ana"].shared_candidates == 10 and by_rater["ana"].comparisons == 10
    # Dee rated a candidate nobody else rated: nothing to compare, no figure, no flag.
    assert by_rater["dee"].mean_deviation is None and by_rater["dee"].flag is None


def test_no_leniency_flag_below_ten_shared_candidates() -> None:
    by_rater = {r.rater: r for r in rater_leniency(_panel(9))}
    assert by_rater["ana"].mean_deviation == pytest.approx(1.0)
    assert by_rater["ana"].shared_candidates == 9
    assert by_rater["ana"].flag is None


def test_small_deviations_are_not_flagged() -> None:
    ratings = [Rating(r, c, "x", v) for c in range(12) for r, v in (("a", 3.4), ("b", 3.0))]
    assert all(r.flag is None for r in rater_leniency(ratings))


def test_alpha_with_clusters_counts_and_resamples_whole_candidates() -> None:
    """Five competencies of one candidate are one candidate: seven candidates' 35
    (candidate, competency) units do not pass the minimum of ten."""
    rng = np.random.default_rng(11)
    levels = rng.integers(1, 6, size=7)
    units: list[list[float | None]] = [
        [float(t), float(min(5, t + c % 2))] for t in levels for c in range(5)
    ]
    clusters = [n for n in range(7) for _ in range(5)]
    assert isinstance(krippendorff_alpha(units), Estimate)
    thin = krippendorff_alpha(units, clusters=clusters)
    assert thin == NotEnoughData("candidates with 2+ ratings", 10, 7)
    # Twelve candidates whose competencies move together: resampling candidates whole gives
    # a wider interval than treating 60 units as independent, the same point and n = 12.
    levels = rng.integers(1, 6, size=12)
    units = [[float(t), float(min(5, t + (t + c) % 2))] for t in levels for c in range(5)]
    clusters = [n for n in range(12) for _ in range(5)]
    pairs, whole = krippendorff_alpha(units), krippendorff_alpha(units, clusters=clusters)
    assert isinstance(pairs, Estimate) and isinstance(whole, Estimate)
    assert whole.value == pairs.value and (pairs.n, whole.n) == (60, 12)
    assert pairs.ci95 is not None and whole.ci95 is not None
    assert whole.ci95[1] - whole.ci95[0] > pairs.ci95[1] - pairs.ci95[0]


def test_the_leniency_threshold_scales_with_the_rating_scale() -> None:
    """domain.md 4.3's 0.5 points is for five levels: the same share of A - 1 steps."""
    assert leniency_threshold(5) == 0.5
    assert leniency_threshold(4) == pytest.approx(0.375)
    assert leniency_threshold(7) == pytest.approx(0.75)
