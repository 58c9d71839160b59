"""The formula, checked against hand-worked examples."""

from __future__ import annotations

import pytest

from hiring.debriefs.formula import CompetencySpec, Outcome, combine

SPECS = [
    CompetencySpec("discovery", "Discovery", weight=3, must_have=True, minimum=3),
    CompetencySpec("closing", "Closing", weight=2, must_have=True, minimum=2.5),
    CompetencySpec("resilience", "Resilience", weight=1),
]


def test_weighted_mean_of_competency_means():
    # discovery: 3, 4 -> 3.5; closing: 3, 2 -> 2.5; resilience: 4 -> 4.0
    # (3 * 3.5 + 2 * 2.5 + 1 * 4.0) / 6 = (10.5 + 5 + 4) / 6 = 3.25
    result = combine(
        SPECS,
        [("discovery", 3), ("discovery", 4), ("closing", 3), ("closing", 2), ("resilience", 4)],
        bar=3.0,
    )
    assert result.score == pytest.approx(3.25)
    assert result.outcome == Outcome.HIRE
    assert [c.mean for c in result.competencies] == [3.5, 2.5, 4.0]
    assert [(c.n, c.lo, c.hi) for c in result.competencies] == [(2, 3, 4), (2, 2, 3), (1, 4, 4)]


def test_not_assessed_is_excluded_and_counted_never_a_low_score():
    # resilience: one "not assessed" and no rating -> excluded from the score entirely.
    # (3 * 3 + 2 * 3) / 5 = 3.0; were "not assessed" a 1 it would be (9 + 6 + 1) / 6 = 2.67
    result = combine(SPECS, [("discovery", 3), ("closing", 3), ("resilience", None)], bar=3.0)
    assert result.score == pytest.approx(3.0)
    assert result.outcome == Outcome.HIRE
    resilience = result.competencies[2]
    assert resilience.not_assessed == 1 and resilience.mean is None
    assert [c.spec.key for c in result.excluded] == ["resilience"]


def test_not_assessed_beside_real_ratings_does_not_drag_the_mean():
    result = combine(SPECS, [("discovery", 4), ("discovery", None), ("closing", 3)], bar=3.0)
    assert result.competencies[0].mean == 4.0 and result.competencies[0].not_assessed == 1


def test_a_must_have_below_its_minimum_fails_whatever_the_mean():
    # closing mean 2.0 < minimum 2.5; the weighted score (3*4 + 2*2 + 1*4) / 6 = 3.33 > bar.
    result = combine(SPECS, [("discovery", 4), ("closing", 2), ("resilience", 4)], bar=3.0)
    assert result.score == pytest.approx(20 / 6)
    assert result.outcome == Outcome.REJECT
    assert [c.spec.key for c in result.failed_must_haves] == ["closing"]
    assert "Closing is a must-have: panel mean 2.00 is below the minimum of 2.5." in result.reasons


def test_below_the_bar_is_a_reject():
    result = combine(SPECS, [("discovery", 3), ("closing", 3), ("resilience", 1)], bar=3.0)
    # (9 + 6 + 1) / 6 = 2.67
    assert result.score == pytest.approx(16 / 6)
    assert result.outcome == Outcome.REJECT


def test_a_must_have_nobody_assessed_means_not_enough_evidence():
    result = combine(SPECS, [("discovery", 4), ("closing", None), ("resilience", 4)], bar=3.0)
    assert result.outcome == Outcome.INSUFFICIENT
    assert "Closing is a must-have and nobody assessed it." in result.reasons


def test_disagreement_of_two_levels_is_flagged():
    result = combine(
        SPECS, [("discovery", 2), ("discovery", 4), ("closing", 3), ("closing", 4)], bar=3.0
    )
    assert [c.spec.key for c in result.flagged] == ["discovery"]
    assert result.competencies[0].spread == 2 and result.competencies[1].spread == 1


def test_nothing_rated():
    result = combine(SPECS, [], bar=3.0)
    assert result.score is None and result.outcome == Outcome.INSUFFICIENT


def test_sql_aggregates_give_the_same_result_as_individual_ratings():
    """The comparison feeds the formula aggregates from SQL; it must agree exactly."""
    import random

    from hiring.debriefs.formula import Aggregate, combine_aggregates

    rng = random.Random(7)
    for _ in range(200):
        ratings = [
            (rng.choice(["discovery", "closing", "resilience"]), rng.choice([None, 1, 2, 3, 4]))
            for _ in range(rng.randint(0, 12))
        ]
        aggregates = {}
        for key in ("discovery", "closing", "resilience"):
            levels = [level for k, level in ratings if k == key and level is not None]
            aggregates[key] = Aggregate(
                len(levels),
                float(sum(levels)),
                min(levels, default=None),
                max(levels, default=None),
                sum(1 for k, level in ratings if k == key and level is None),
            )
        expected, actual = combine(SPECS, ratings, 3.0), combine_aggregates(SPECS, aggregates, 3.0)
        assert actual.outcome == expected.outcome
        assert (
            actual.score == pytest.approx(expected.score)
            if expected.score is not None
            else actual.score is None
        )
        assert [c.spread for c in actual.competencies] == [c.spread for c in expected.competencies]
        assert [c.not_assessed for c in actual.competencies] == [
            c.not_assessed for c in expected.competencies
        ]
