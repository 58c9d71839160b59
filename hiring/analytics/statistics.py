"""Agreement statistics: rWG, Krippendorff's alpha, hire/no-hire agreement, rater leniency
(the intraclass correlations are in ``icc.py``).

Pure functions over plain numbers (no Flask, no database) so the analytics pages, the PDF report
and the command line all compute the same figures. Sources are named where each formula is used;
see ../shared/reference/domain.md section 4 for which statistic answers which question.

A reliability figure on thin data misleads, so every function that can refuse returns
``NotEnoughData`` (what was short, the minimum, the actual count) instead of a number.

Just over 350 lines on purpose: alpha's coincidences, its bootstrap and its point estimate
read best side by side, and splitting the four small statistics apart would scatter their
shared minimums.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import krippendorff
import numpy as np
from numpy.typing import NDArray

from hiring.analytics.results import Estimate, NotEnoughData, Result, no_spread

#: Fewer candidates than this and a reliability figure is "not enough data" (the issue's minimum).
#: Koo & Li (2016) advise at least 30 for a reliability study; see ``KOO_LI_SUBJECTS``.
MIN_SUBJECTS = 10
#: Koo & Li (2016): below this many subjects, judge an ICC by its interval, not its point.
KOO_LI_SUBJECTS = 30
#: Agreement needs at least two ratings of the same candidate.
MIN_RATERS_PER_SUBJECT = 2
#: Bootstrap draws for alpha's interval, and a fixed seed so a page shows the same CI each time.
BOOTSTRAP_DRAWS = 2000
BOOTSTRAP_SEED = 2007

Level = Literal["nominal", "ordinal", "interval", "ratio"]


# ---- rWG (James, Demaree & Wolf 1984) ----------------------------------------------------------


@dataclass(frozen=True)
class Rwg:
    """Within-group agreement for one candidate; ``truncated`` says a negative value became 0."""

    value: float
    raw: float
    truncated: bool
    n: int
    band: str


def uniform_null_variance(scale_points: int) -> float:
    """sigma^2_EU = (A^2 - 1) / 12: the variance of random responding on an A-point scale."""
    if scale_points < 2:
        raise ValueError("a rating scale needs at least 2 points")
    return (scale_points**2 - 1) / 12


def rwg(ratings: Sequence[float], scale_points: int) -> Rwg | None:
    """rWG = 1 - s^2 / sigma^2_EU with the sample variance (n - 1); None below two ratings.

    Ratings that disagree more than random responding give a negative value, which James,
    Demaree & Wolf (1984) and LeBreton & Senter (2008) report as 0 (no agreement).
    """
    if len(ratings) < MIN_RATERS_PER_SUBJECT:
        return None
    raw = 1 - float(np.var(ratings, ddof=1)) / uniform_null_variance(scale_points)
    return _truncated(raw, len(ratings))


def rwg_j(items: Sequence[Sequence[float]], scale_points: int) -> Rwg | None:
    """rWG(J) over J items (competencies): J(1 - m/s) / (J(1 - m/s) + m/s), m = mean item s^2.

    Items with fewer than two ratings carry no variance and are left out; None when none is left.
    ``n`` is the most ratings any item had.
    When the mean variance exceeds sigma^2_EU the formula breaks down (its denominator can reach
    0), so it is reported as 0 and flagged, as LeBreton & Senter (2008) recommend.
    """
    usable = [item for item in items if len(item) >= MIN_RATERS_PER_SUBJECT]
    if not usable:
        return None
    j = len(usable)
    ratio = float(np.mean([np.var(item, ddof=1) for item in usable])) / uniform_null_variance(
        scale_points
    )
    n = max(len(item) for item in usable)
    if ratio > 1:
        return _truncated(1 - ratio, n)
    raw = j * (1 - ratio) / (j * (1 - ratio) + ratio)
    return _truncated(raw, n)


def _truncated(raw: float, n: int) -> Rwg:
    value = max(raw, 0.0)
    return Rwg(value=value, raw=raw, truncated=raw < 0, n=n, band=rwg_band(value))


def rwg_band(value: float) -> str:
    """LeBreton & Senter (2008), Table 3: the words for an rWG value."""
    for upper, words in ((0.30, "no agreement"), (0.50, "weak"), (0.70, "moderate")):
        if value <= upper:
            return words
    return "strong" if value <= 0.90 else "very strong"


# ---- Krippendorff's alpha ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Coincidences:
    """Per-unit coincidence matrices (units x V x V) over the sorted distinct values."""

    values: NDArray[np.float64]
    per_unit: NDArray[np.float64]


def _coincidences(units: Sequence[Sequence[float | None]]) -> _Coincidences:
    """Krippendorff (2011) section C: each unit's m_u values give m_u(m_u - 1) ordered pairs,
    each weighted 1 / (m_u - 1); units with fewer than two values are not pairable."""
    pairable = [[v for v in unit if v is not None] for unit in units]
    pairable = [unit for unit in pairable if len(unit) >= 2]
    values = np.unique(np.array([v for unit in pairable for v in unit], dtype=np.float64))
    counts = np.zeros((len(pairable), len(values)))
    for row, unit in enumerate(pairable):
        np.add.at(counts[row], np.searchsorted(values, unit), 1)
    m = counts.sum(axis=1)[:, None, None]
    outer = counts[:, :, None] * counts[:, None, :]
    diagonal = counts[:, :, None] * np.eye(len(values))[None, :, :]
    return _Coincidences(values, (outer - diagonal) / (m - 1))


def _squared_differences(
    values: NDArray[np.float64], marginals: NDArray[np.float64], level: Level
) -> NDArray[np.float64]:
    """delta^2 for each pair of values; ``marginals`` is (..., V) so bootstrap draws broadcast."""
    c, k = values[:, None], values[None, :]
    if level == "nominal":
        return np.broadcast_to(
            (c != k).astype(np.float64), marginals.shape[:-1] + (len(values),) * 2
        )
    if level == "interval":
        return np.broadcast_to((c - k) ** 2, marginals.shape[:-1] + (len(values),) * 2)
    if level == "ratio":
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.nan_to_num(((c - k) / (c + k)) ** 2)
        return np.broadcast_to(ratio, marginals.shape[:-1] + (len(values),) * 2)
    # Ordinal: the ranks between c and k, counted by how often each value was used.
    cumulative = np.cumsum(marginals, axis=-1)
    lo = np.minimum(np.arange(len(values))[:, None], np.arange(len(values))[None, :])
    hi = np.maximum(np.arange(len(values))[:, None], np.arange(len(values))[None, :])
    between = cumulative[..., hi] - cumulative[..., lo] + marginals[..., lo]
    half_ends = (marginals[..., :, None] + marginals[..., None, :]) / 2
    result: NDArray[np.float64] = (between - half_ends) ** 2
    return result


def _alpha_from(
    coincidence: NDArray[np.float64], values: NDArray[np.float64], level: Level
) -> NDArray[np.float64]:
    """alpha = 1 - (n - 1) sum(o_ck d_ck) / sum(n_c n_k d_ck); NaN where nothing varies."""
    marginals = coincidence.sum(axis=-1)
    n = marginals.sum(axis=-1)
    delta = _squared_differences(values, marginals, level)
    observed = (coincidence * delta).sum(axis=(-2, -1))
    expected = (marginals[..., :, None] * marginals[..., None, :] * delta).sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        result: NDArray[np.float64] = 1 - (n - 1) * observed / expected
    return result


def krippendorff_alpha(
    units: Sequence[Sequence[float | None]],
    level: Level = "ordinal",
    *,
    min_units: int = MIN_SUBJECTS,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = BOOTSTRAP_SEED,
    clusters: Sequence[Hashable] | None = None,
) -> Result:
    """Krippendorff's alpha with a 95% bootstrap interval; rows are units (candidates), None is
    a missing rating. Which column a rating sits in does not matter to alpha.

    The interval resamples pairable units with replacement (``draws`` times, fixed ``seed``) and
    takes the 2.5th and 97.5th percentiles, recomputing the expected disagreement in each draw.
    Hayes & Krippendorff (2007) resample pairs of values inside the coincidence matrix instead;
    resampling whole candidates keeps each candidate's ratings together, which is what varies
    from one hiring period to the next.

    ``clusters`` (one key per unit, e.g. the candidate of a (candidate, competency) unit) says
    which units are not independent: the minimum then counts distinct clusters, ``n`` is the
    number of clusters, and the bootstrap resamples whole clusters, so five competencies of one
    candidate neither pass the minimum as five candidates nor narrow the interval as if they were.
    """
    data = _coincidences(units)
    keys = [
        clusters[i] if clusters is not None else i
        for i, unit in enumerate(units)
        if sum(v is not None for v in unit) >= MIN_RATERS_PER_SUBJECT
    ]
    position = {key: i for i, key in enumerate(dict.fromkeys(keys))}
    n_units = len(position)
    if n_units < min_units:
        return NotEnoughData(
            f"candidates with {MIN_RATERS_PER_SUBJECT}+ ratings", min_units, n_units
        )
    if len(data.values) < 2:
        return no_spread()
    value = _package_alpha(units, level)
    # Each cluster's coincidences summed, so a draw takes or leaves a cluster whole.
    flat = np.zeros((n_units, len(data.values) ** 2))
    np.add.at(flat, [position[k] for k in keys], data.per_unit.reshape(len(keys), -1))
    # Candidates with the same coincidences (the same ratings) are interchangeable in a draw,
    # so the draw picks among the distinct patterns, each as likely as its share of the
    # candidates: the same distribution as picking candidates one by one, at a cost that
    # grows with the number of patterns (a few dozen on a 4- or 5-level scale), not of people.
    patterns, counts = np.unique(flat, axis=0, return_counts=True)
    rng = np.random.default_rng(seed)
    weights = rng.multinomial(n_units, counts / n_units, size=draws).astype(float)
    resampled = (weights @ patterns).reshape(draws, len(data.values), len(data.values))
    alphas = _alpha_from(resampled, data.values, level)
    alphas = alphas[np.isfinite(alphas)]
    low, high = np.percentile(alphas, [2.5, 97.5]) if len(alphas) else (value, value)
    return Estimate(value, (float(low), float(high)), n_units)


def _package_alpha(units: Sequence[Sequence[float | None]], level: Level) -> float:
    """The point estimate from the ``krippendorff`` package (raters x units, NaN missing)."""
    width = max(len(unit) for unit in units)
    matrix = np.full((width, len(units)), np.nan)
    for column, unit in enumerate(units):
        for row, value in enumerate(unit):
            if value is not None:
                matrix[row, column] = value
    return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement=level))


def alpha_band(value: float) -> str:
    """Krippendorff (2004): .800 and above reliable, .667 to .800 tentative only."""
    if value >= 0.800:
        return "reliable"
    return "tentative only" if value >= 0.667 else "not reliable"


# ---- Hire / no-hire agreement -------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationAgreement:
    """How often two recommendations on the same candidate match, and nominal alpha."""

    percent: Result
    alpha: Result


def recommendation_agreement(
    recommendations: Sequence[Sequence[bool]], *, min_candidates: int = MIN_SUBJECTS
) -> RecommendationAgreement:
    """Pairwise percent agreement (share of matching pairs, averaged over candidates) and
    Krippendorff's nominal alpha, which corrects for chance and allows uneven panels (Fleiss'
    kappa needs the same number of raters for every candidate)."""
    shares = []
    for recs in recommendations:
        m, hires = len(recs), sum(recs)
        if m >= MIN_RATERS_PER_SUBJECT:
            agreeing = hires * (hires - 1) + (m - hires) * (m - hires - 1)
            shares.append(agreeing / (m * (m - 1)))
    percent: Result
    if len(shares) < min_candidates:
        what = f"candidates with {MIN_RATERS_PER_SUBJECT}+ recommendations"
        percent = NotEnoughData(what, min_candidates, len(shares))
    else:
        percent = Estimate(math.fsum(shares) / len(shares), None, len(shares))
    units = [[float(r) for r in recs] for recs in recommendations]
    return RecommendationAgreement(
        percent, krippendorff_alpha(units, "nominal", min_units=min_candidates)
    )


# ---- Rater leniency and severity (domain.md 4.3) ------------------------------------------------

#: A rater whose mean deviation from co-raters reaches this many points on a 5-point scale
#: deserves a look (domain.md 4.3; ``leniency_threshold`` scales it to other scales)...
LENIENCY_THRESHOLD = 0.5
#: ...but only once it rests on this many shared candidates; below that it is noise, not a flag.
MIN_SHARED_CANDIDATES = 10

Key = int | str


def leniency_threshold(scale_points: int) -> float:
    """``LENIENCY_THRESHOLD`` for an A-point scale: 0.5 of the 4 steps of a 5-point scale is
    the same share of the A - 1 steps, so 0.375 points on a 4-point scale."""
    if scale_points < 2:
        raise ValueError("a rating scale needs at least 2 points")
    return LENIENCY_THRESHOLD * (scale_points - 1) / 4


@dataclass(frozen=True)
class Rating:
    """One rater's rating of one candidate on one competency."""

    rater: Key
    candidate: Key
    competency: Key
    value: float


@dataclass(frozen=True)
class Leniency:
    """A rater's mean deviation from the other raters of the same candidate and competency.

    ``comparisons`` counts (candidate, competency) cells with a co-rater; ``shared_candidates``
    the distinct candidates among them. ``flag`` is set only past both minimums.
    ``within_one`` counts the cells where the rater was within one level of the others' mean
    (how often they agree with the panel, which the mean deviation alone hides: +2 and -2
    average to 0).
    """

    rater: Key
    mean_deviation: float | None
    shared_candidates: int
    comparisons: int
    flag: Literal["lenient", "severe"] | None
    within_one: int = 0


def rater_leniency(
    ratings: Sequence[Rating],
    *,
    threshold: float = LENIENCY_THRESHOLD,
    min_shared: int = MIN_SHARED_CANDIDATES,
) -> tuple[Leniency, ...]:
    """Each rater's leniency (positive) or severity (negative), in order of first appearance.

    The comparison is with the mean of the OTHER raters in each cell, so a rater is never
    measured against themselves. Two ratings by one rater in one cell are averaged first.
    """
    cells: dict[tuple[Key, Key], dict[Key, list[float]]] = {}
    for r in ratings:
        cells.setdefault((r.candidate, r.competency), {}).setdefault(r.rater, []).append(r.value)
    deviations: dict[Key, list[float]] = {r.rater: [] for r in ratings}
    shared: dict[Key, set[Key]] = {rater: set() for rater in deviations}
    for (candidate, _), by_rater in cells.items():
        means = {rater: math.fsum(vs) / len(vs) for rater, vs in by_rater.items()}
        for rater, own in means.items():
            others = [v for other, v in means.items() if other != rater]
            if others:
                deviations[rater].append(own - math.fsum(others) / len(others))
                shared[rater].add(candidate)
    result = []
    for rater, devs in deviations.items():
        mean = math.fsum(devs) / len(devs) if devs else None
        flag: Literal["lenient", "severe"] | None = None
        if mean is not None and len(shared[rater]) >= min_shared and abs(mean) >= threshold:
            flag = "lenient" if mean > 0 else "severe"
        # A tolerance, as the others' mean of whole levels is not always exact in binary.
        within = sum(1 for d in devs if abs(d) <= 1 + 1e-9)
        result.append(Leniency(rater, mean, len(shared[rater]), len(devs), flag, within))
    return tuple(result)
