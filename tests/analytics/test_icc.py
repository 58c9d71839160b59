"""Intraclass correlations against Shrout & Fleiss (1979) Table 2, plus the design choice."""

import pytest

from hiring.analytics.icc import (
    IccForms,
    OneWayIcc,
    choose_icc,
    icc_band,
    icc_forms,
    icc_oneway,
    icc_reading,
)
from hiring.analytics.results import Estimate, NotEnoughData
from tests.support.published import SHROUT_FLEISS


@pytest.mark.parametrize(
    ("form", "published"),
    [
        ("icc1", 0.17),
        ("icc2", 0.29),
        ("icc3", 0.71),
        ("icc1k", 0.44),
        ("icc2k", 0.62),
        ("icc3k", 0.91),
    ],
)
def test_all_six_forms_reproduce_shrout_and_fleiss_table_2(form: str, published: float) -> None:
    forms = icc_forms(SHROUT_FLEISS, min_subjects=2)
    assert isinstance(forms, IccForms)
    assert round(getattr(forms, form).value, 2) == published


@pytest.mark.parametrize(
    ("form", "low", "high"),
    [
        ("icc1", -0.133, 0.72),
        ("icc2", 0.019, 0.76),
        ("icc3", 0.342, 0.95),
        ("icc1k", -0.884, 0.91),
        ("icc2k", 0.071, 0.93),
        ("icc3k", 0.676, 0.99),
    ],
)
def test_intervals_match_the_psych_package_on_the_same_table(
    form: str, low: float, high: float
) -> None:
    """The 95% limits that R's psych::ICC prints for Shrout & Fleiss's data (its help page's
    example, McGraw & Wong 1996 formulas), to the digits it prints."""
    forms = icc_forms(SHROUT_FLEISS, min_subjects=2)
    assert isinstance(forms, IccForms)
    interval = getattr(forms, form).ci95
    assert interval[0] == pytest.approx(low, abs=5e-4)
    assert interval[1] == pytest.approx(high, abs=5e-3)


def test_one_way_with_equal_panels_is_icc_1_1_and_1_k() -> None:
    oneway = icc_oneway(SHROUT_FLEISS, min_subjects=2)
    forms = icc_forms(SHROUT_FLEISS, min_subjects=2)
    assert isinstance(oneway, OneWayIcc) and isinstance(forms, IccForms)
    assert oneway.k == 4
    assert oneway.single.value == pytest.approx(forms.icc1.value)
    assert oneway.average.value == pytest.approx(forms.icc1k.value)
    assert oneway.single.ci95 == pytest.approx(forms.icc1.ci95)


def test_one_way_with_uneven_panels_uses_the_adjusted_mean_panel_size() -> None:
    groups = [[1, 2], [3, 4, 5], [6, 8], [2, 2, 3, 3], [5, 4]]
    # By hand: N = 13, n = 5, sum k_i^2 = 4 + 9 + 4 + 16 + 4 = 37, k0 = (13 - 37/13) / 4.
    k0 = (13 - 37 / 13) / 4
    means = [1.5, 4.0, 7.0, 2.5, 4.5]
    grand = sum(sum(g) for g in groups) / 13
    msb = sum(len(g) * (m - grand) ** 2 for g, m in zip(groups, means, strict=True)) / 4
    msw = sum((v - m) ** 2 for g, m in zip(groups, means, strict=True) for v in g) / (13 - 5)
    result = icc_oneway(groups, min_subjects=2)
    assert isinstance(result, OneWayIcc)
    assert result.k == pytest.approx(k0)
    assert result.single.value == pytest.approx((msb - msw) / (msb + (k0 - 1) * msw))
    assert result.average.value == pytest.approx((msb - msw) / msb)
    assert result.single.n == 5


def test_the_same_panel_for_everyone_chooses_icc_2() -> None:
    choice = choose_icc(SHROUT_FLEISS, min_subjects=2)
    assert (choice.single_label, choice.average_label) == ("ICC(2,1)", "ICC(2,k)")
    assert isinstance(choice.single, Estimate) and isinstance(choice.average, Estimate)
    assert round(choice.single.value, 2) == 0.29 and round(choice.average.value, 2) == 0.62
    assert "same 4 interviewers rated every candidate" in choice.why
    assert choice.excluded == 0


def test_different_raters_choose_icc_1_and_leave_out_candidates_rated_once() -> None:
    rows: list[list[float | None]] = [[*row, None] for row in SHROUT_FLEISS]
    rows[0] = [None, 2, 5, 8, 9]  # the first target met a different judge
    rows.append([None, None, 4, None, None])  # rated once: no within-candidate spread
    rows.append([None] * 5)  # never rated
    choice = choose_icc(rows, min_subjects=2)
    assert (choice.single_label, choice.average_label) == ("ICC(1)", "ICC(1,k)")
    assert "different interviewers" in choice.why and "4.0 raters per candidate" in choice.why
    assert choice.excluded == 2
    assert isinstance(choice.single, Estimate) and choice.single.n == 6


def test_not_enough_candidates_or_raters() -> None:
    choice = choose_icc(SHROUT_FLEISS)
    assert choice.single == NotEnoughData("candidates rated by the whole panel", 10, 6)
    assert icc_reading(choice.single) == (
        "Not enough data: 6 candidates rated by the whole panel, at least 10 needed."
    )
    assert icc_forms([[1], [2], [3]], min_subjects=2) == NotEnoughData("raters on the panel", 2, 1)
    thin = choose_icc([[3.0, None], [None, 4.0]] * 8)
    assert thin.single == NotEnoughData("candidates with 2+ ratings", 10, 0)
    assert thin.excluded == 16


def test_raters_who_all_agree_give_one_and_identical_ratings_give_no_figure() -> None:
    agreeing = [[v, v, v] for v in [1, 2, 3, 4, 5] * 2]
    forms = icc_forms(agreeing)
    assert isinstance(forms, IccForms)
    for form in (forms.icc1, forms.icc2, forms.icc3, forms.icc1k, forms.icc2k, forms.icc3k):
        assert form.value == 1.0 and form.ci95 == (1.0, 1.0)
    same = icc_forms([[3, 3]] * 12)
    assert isinstance(same, NotEnoughData) and same.what == "distinct values"


def test_candidates_with_equal_means_give_no_figure_rather_than_divide_by_zero() -> None:
    crossed = [[1.0, 2.0], [2.0, 1.0]] * 6
    assert icc_forms(crossed) == NotEnoughData("different candidate means", 2, 1)
    assert icc_oneway(crossed) == NotEnoughData("different candidate means", 2, 1)


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0.49, "poor"),
        (0.50, "moderate"),
        (0.74, "moderate"),
        (0.75, "good"),
        (0.90, "good"),
        (0.91, "excellent"),
    ],
)
def test_icc_bands_are_koo_and_li(value: float, band: str) -> None:
    assert icc_band(value) == band


def test_reading_judges_by_the_interval_and_warns_under_thirty() -> None:
    assert icc_reading(Estimate(0.62, (0.45, 0.80), 40)) == (
        "moderate (95% CI 0.45 to 0.80: poor to good)"
    )
    assert icc_reading(Estimate(0.8, (0.76, 0.85), 12)) == (
        "good (95% CI 0.76 to 0.85: good); fewer than 30 candidates, so read the interval,"
        " not the point"
    )
