"""Gini and Theil agree with independent computations written another way (docs/equity.md)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnloop.core.fairness import gini, theil, theil_decomposition

amounts = st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40)


def gini_by_mean_absolute_difference(values: list[int]) -> float:
    """Half the relative mean absolute difference over every ordered pair (the double sum)."""
    n = len(values)
    mean = sum(values) / n
    if mean == 0:
        return 0.0
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * mean)


def theil_by_logs(values: list[int]) -> float:
    """T = (1 / (n * mu)) * sum x ln x - ln mu, the same index written without ratios."""
    n = len(values)
    mean = sum(values) / n
    if mean == 0:
        return 0.0
    return sum(x * math.log(x) for x in values if x > 0) / (n * mean) - math.log(mean)


@given(amounts)
def test_gini_matches_the_mean_absolute_difference_double_sum(values):
    assert gini(values) == pytest.approx(gini_by_mean_absolute_difference(values), abs=1e-12)


@given(amounts)
def test_theil_matches_the_logarithm_form(values):
    assert theil(values) == pytest.approx(theil_by_logs(values), abs=1e-9)


def test_known_extremes():
    assert gini([3, 3, 3, 3]) == 0.0
    assert gini([0, 0, 0, 8]) == pytest.approx(0.75)  # (n - 1) / n
    assert theil([2, 2, 2]) == pytest.approx(0.0)
    assert theil([0, 0, 0, 5]) == pytest.approx(math.log(4))
    assert gini([]) is None and theil([]) is None
    assert gini([0, 0]) == 0.0 and theil([0, 0]) == 0.0


def test_negative_amounts_are_refused():
    with pytest.raises(ValueError, match="zero or more"):
        gini([1, -1])


@given(st.lists(amounts, min_size=1, max_size=6))
def test_theil_splits_exactly_into_between_and_within(groups):
    named = {f"group {index}": values for index, values in enumerate(groups)}
    parts = theil_decomposition(named)
    everyone = [x for values in groups for x in values]
    assert parts.total == pytest.approx(theil_by_logs(everyone), abs=1e-9)
    assert parts.between + parts.within == pytest.approx(parts.total, abs=1e-9)
    assert parts.between >= -1e-12 and parts.within >= -1e-12


@given(st.lists(amounts, min_size=1, max_size=6))
def test_the_between_part_is_the_theil_of_everyone_given_their_group_mean(groups):
    smoothed = [sum(values) / len(values) for values in groups for _ in values]
    parts = theil_decomposition({str(index): values for index, values in enumerate(groups)})
    mean = sum(smoothed) / len(smoothed)
    expected = 0.0 if mean == 0 else sum((x / mean) * math.log(x / mean) for x in smoothed if x > 0) / len(smoothed)
    assert parts.between == pytest.approx(expected, abs=1e-9)


def test_a_worked_example_by_hand():
    # Group a: 1 and 3 (mean 2); group b: 0 and 0 (mean 0); everyone's mean 1.
    parts = theil_decomposition({"a": [1, 3], "b": [0, 0]})
    # Between: a holds all records, s_a = 1, ln(2 / 1).
    assert parts.between == pytest.approx(math.log(2))
    # Within a: T = 0.5 * (0.5 ln 0.5 + 1.5 ln 1.5).
    assert parts.within == pytest.approx(0.5 * (0.5 * math.log(0.5) + 1.5 * math.log(1.5)))
    # Gini: ordered pairs differ by 2 (twice), 1 (four times), 3 (four times): 20 / (2 * 4^2 * 1).
    assert gini([1, 3, 0, 0]) == pytest.approx(0.625)
