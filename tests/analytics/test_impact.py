"""Adverse impact against the EEOC's 2023 four-fifths example, with Z and Fisher's p by hand."""

import math

import pytest

from hiring.analytics.impact import (
    GroupCounts,
    GroupImpact,
    adverse_impact,
    fisher_p,
    two_proportion_z,
)

# EEOC (2023), "Select Issues: Assessing Adverse Impact in Software, Algorithms, and Artificial
# Intelligence Used in Employment Selection Procedures": 48 of 80 White applicants advance, 12 of
# 40 Black applicants do.
EEOC = [GroupCounts("White", 80, 48), GroupCounts("Black", 40, 12)]


def _by_group(counts: list[GroupCounts], **kwargs: int) -> dict[str, GroupImpact]:
    return {row.group: row for row in adverse_impact(counts, **kwargs).groups}


def _hand_fisher_two_sided(a: int, n_a: int, b: int, n_b: int) -> float:
    """Sum of hypergeometric probabilities no larger than the observed table's (Fisher 1935)."""
    total, selected = n_a + n_b, a + b

    def probability(x: int) -> float:
        return math.comb(n_a, x) * math.comb(n_b, selected - x) / math.comb(total, selected)

    observed = probability(a)
    support = range(max(0, selected - n_b), min(n_a, selected) + 1)
    return math.fsum(p for x in support if (p := probability(x)) <= observed * (1 + 1e-7))


def test_eeoc_example_rates_ratio_and_flag() -> None:
    rows = _by_group(EEOC)
    white, black = rows["White"], rows["Black"]
    assert (white.rate, black.rate) == (0.60, 0.30)
    assert black.impact_ratio == 0.50 and black.four_fifths_flag
    assert white.is_reference and white.impact_ratio == 1.0 and not white.four_fifths_flag
    assert white.z is None and white.fisher_p is None
    assert adverse_impact(EEOC).reference == "White"


def test_eeoc_example_z_by_the_textbook_formula() -> None:
    # Pooled p = 60/120 = 0.5; SE = sqrt(0.5 * 0.5 * (1/40 + 1/80)) = sqrt(0.009375) = 0.096825;
    # Z = (0.30 - 0.60) / 0.096825 = -3.098.
    black = _by_group(EEOC)["Black"]
    assert black.z == pytest.approx((0.30 - 0.60) / math.sqrt(0.5 * 0.5 * (1 / 40 + 1 / 80)))
    assert black.z == pytest.approx(-3.098, abs=5e-4)
    assert two_proportion_z(48, 80, 12, 40) == pytest.approx(3.098, abs=5e-4)


def test_eeoc_example_fisher_p_summed_by_hand() -> None:
    black = _by_group(EEOC)["Black"]
    assert black.fisher_p == pytest.approx(_hand_fisher_two_sided(12, 40, 48, 80), rel=1e-9)
    assert black.fisher_p is not None and black.fisher_p < 0.01
    assert fisher_p(3, 10, 7, 10) == pytest.approx(_hand_fisher_two_sided(3, 10, 7, 10), rel=1e-9)


def test_eeoc_example_shortfall_at_the_overall_rate() -> None:
    # Overall 60 of 120 = 0.5: 20 Black applicants expected to advance, 12 did.
    rows = _by_group(EEOC)
    assert rows["Black"].shortfall == pytest.approx(8.0)
    assert rows["White"].shortfall == pytest.approx(-8.0)
    assert adverse_impact(EEOC).overall_rate == 0.5
    assert rows["Black"].caution is None  # flagged and significant: they agree


def test_an_impact_ratio_of_exactly_four_fifths_is_not_flagged() -> None:
    # 6/20 against 9/24 is exactly 0.80, though dividing the float rates gives 0.7999999999999999.
    assert (6 / 20) / (9 / 24) < 0.8
    rows = _by_group([GroupCounts("A", 24, 9), GroupCounts("B", 20, 6)])
    assert rows["B"].impact_ratio == pytest.approx(0.8) and not rows["B"].four_fifths_flag
    just_below = _by_group([GroupCounts("A", 100, 50), GroupCounts("B", 100, 39)])
    assert just_below["B"].four_fifths_flag


def test_groups_under_five_are_suppressed_and_never_set_the_bar() -> None:
    counts = [*EEOC, GroupCounts("Asian", 4, 4), GroupCounts("Other", 3, 0)]
    table = adverse_impact(counts)
    rows = {row.group: row for row in table.groups}
    assert rows["Asian"] == GroupImpact("Asian", suppressed=True)
    assert table.reference == "White"
    # The overall rate counts the shown groups only (60 of 120), so the shortfall gives
    # nothing away about the suppressed groups' selections.
    assert table.overall_rate == 0.5
    assert rows["Black"].shortfall == pytest.approx(8.0)
    unsuppressed = _by_group(counts, min_cell=0)
    assert unsuppressed["Asian"].rate == 1.0 and unsuppressed["Asian"].is_reference


def test_a_small_remainder_suppresses_the_next_smallest_group_too() -> None:
    # Only Asian (4) is under five: the total minus White and Black would give 4, so Black,
    # the next smallest, goes too; with both gone the remainder (44) tells nobody's size.
    table = adverse_impact([*EEOC, GroupCounts("Asian", 4, 4), GroupCounts("Empty", 0, 0)])
    rows = {row.group: row for row in table.groups}
    assert rows["Asian"].suppressed and rows["Black"].suppressed and rows["Empty"].suppressed
    assert not rows["White"].suppressed and table.overall_rate == 0.6
    # Two groups of 6 and 2 (the demo's Mid-Market): both go.
    pair = adverse_impact([GroupCounts("Male", 6, 0), GroupCounts("Female", 2, 1)])
    assert all(row.suppressed for row in pair.groups) and pair.reference is None
    # Nothing under five but empty groups: nothing else is hidden.
    assert not adverse_impact([*EEOC, GroupCounts("Empty", 0, 0)]).groups[0].suppressed


def test_small_numbers_and_disagreement_get_a_caution() -> None:
    rows = _by_group([GroupCounts("A", 40, 20), GroupCounts("B", 10, 3)])
    assert rows["B"].insufficient and not rows["B"].four_fifths_flag
    assert rows["B"].caution is not None and rows["B"].caution.startswith("Fewer than 5 selected")
    # Flagged (ratio 0.75) but not significant on these numbers.
    flagged = _by_group([GroupCounts("A", 20, 16), GroupCounts("B", 20, 12)])["B"]
    assert flagged.four_fifths_flag and flagged.fisher_p is not None and flagged.fisher_p >= 0.05
    assert flagged.caution is not None and "could be chance" in flagged.caution
    # Not flagged (ratio 0.85) yet significant on large numbers.
    big = _by_group([GroupCounts("A", 2000, 1000), GroupCounts("B", 2000, 850)])["B"]
    assert not big.four_fifths_flag and big.fisher_p is not None and big.fisher_p < 0.05
    assert big.caution is not None and "statistically significant" in big.caution


def test_fewer_than_five_selected_here_or_in_the_reference_is_insufficient_data() -> None:
    # Ratio 0.50, but the highest-rate group has only 4 selected: no flag either way.
    thin_reference = _by_group([GroupCounts("A", 5, 4), GroupCounts("B", 50, 20)])
    assert thin_reference["B"].impact_ratio == pytest.approx(0.5)
    assert thin_reference["B"].insufficient and not thin_reference["B"].four_fifths_flag
    assert thin_reference["A"].insufficient  # the reference itself is thin too
    thin_group = _by_group([GroupCounts("A", 20, 10), GroupCounts("B", 20, 4)])["B"]
    assert thin_group.insufficient and not thin_group.four_fifths_flag
    enough = _by_group([GroupCounts("A", 20, 10), GroupCounts("B", 20, 5)])["B"]
    assert not enough.insufficient and enough.four_fifths_flag


def test_nobody_selected_gives_no_ratio() -> None:
    rows = _by_group([GroupCounts("A", 10, 0), GroupCounts("B", 12, 0)])
    assert rows["A"].impact_ratio is None and not rows["A"].four_fifths_flag
    assert rows["A"].z is None  # the pooled rate is 0, so Z is undefined
    assert rows["A"].fisher_p == 1.0


def test_impossible_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="selected must be between 0 and the applicants"):
        adverse_impact([GroupCounts("A", 5, 6)])
