"""Survey statistics checked against independent calculations written differently."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnloop.core.stats import (
    Summary,
    cronbach_alpha,
    favourable_from,
    reverse,
    share_favourable,
    t_critical_95,
)


def alpha_from_covariances(rows):
    """Cronbach's alpha as k * mean covariance / (mean variance + (k - 1) * mean covariance),
    computed in exact fractions from the covariance matrix."""
    n, k = len(rows), len(rows[0])
    means = [Fraction(sum(row[i] for row in rows), n) for i in range(k)]

    def covariance(i, j):
        return sum((Fraction(row[i]) - means[i]) * (Fraction(row[j]) - means[j]) for row in rows) / (n - 1)

    variances = [covariance(i, i) for i in range(k)]
    covariances = [covariance(i, j) for i in range(k) for j in range(k) if i != j]
    mean_variance = sum(variances) / k
    mean_covariance = sum(covariances) / len(covariances)
    denominator = mean_variance + (k - 1) * mean_covariance
    return None if denominator == 0 else float(k * mean_covariance / denominator)


def t_pdf(x, df):
    log_density = (
        math.lgamma((df + 1) / 2)
        - math.lgamma(df / 2)
        - 0.5 * math.log(df * math.pi)
        - (df + 1) / 2 * math.log1p(x * x / df)
    )
    return math.exp(log_density)


def t_upper_tail(x, df, steps=20000):
    """P(T > x) by Simpson's rule on the density, with the substitution x = 1/u on (0, 1/x]."""
    upper = 1 / x
    h = upper / steps
    total = 0.0
    for step in range(steps + 1):
        u = step * h
        value = 0.0 if u == 0 else t_pdf(1 / u, df) / (u * u)
        total += value * (1 if step in (0, steps) else 4 if step % 2 else 2)
    return total * h / 3


def test_alpha_of_a_textbook_example():
    rows = [[3, 4, 3], [5, 5, 4], [2, 3, 2], [4, 4, 5], [1, 2, 1]]
    assert cronbach_alpha(rows) == pytest.approx(alpha_from_covariances(rows))
    assert cronbach_alpha(rows) == pytest.approx(0.9538, abs=1e-4)  # by hand: 1.5 * (1 - 6.3 / 17.3)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=2, max_value=8).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(min_value=1, max_value=7), min_size=k, max_size=k), min_size=2, max_size=40
        )
    )
)
def test_alpha_agrees_with_the_average_covariance_formula(rows):
    expected = alpha_from_covariances(rows)
    actual = cronbach_alpha(rows)
    if expected is None or actual is None:
        assert len({sum(row) for row in rows}) == 1 or expected is None
    else:
        assert actual == pytest.approx(expected, rel=1e-9, abs=1e-9)


def test_alpha_is_undefined_for_one_item_or_one_person():
    assert cronbach_alpha([[1], [2], [3]]) is None
    assert cronbach_alpha([[1, 2, 3]]) is None


@pytest.mark.parametrize("df", [1, 2, 4, 9, 19, 29, 31, 45, 80, 200, 1000])
def test_the_t_quantile_leaves_two_and_a_half_percent_in_the_upper_tail(df):
    assert t_upper_tail(t_critical_95(df), df) == pytest.approx(0.025, abs=2e-4)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=7), min_size=2, max_size=60))
def test_the_interval_from_sums_matches_the_two_pass_calculation(values):
    summary = Summary.from_sums(len(values), sum(values), sum(v * v for v in values))
    mean = Fraction(sum(values), len(values))
    variance = sum((Fraction(v) - mean) ** 2 for v in values) / (len(values) - 1)
    margin = t_critical_95(len(values) - 1) * math.sqrt(variance) / math.sqrt(len(values))
    assert summary.mean == pytest.approx(float(mean))
    assert summary.low == pytest.approx(float(mean) - margin, abs=1e-9)
    assert summary.high == pytest.approx(float(mean) + margin, abs=1e-9)


def test_an_interval_needs_two_answers():
    assert Summary.of([]).mean is None
    assert Summary.of([4]).mean == 4 and Summary.of([4]).low is None


def test_favourable_is_the_part_of_the_scale_above_the_middle():
    assert [favourable_from(points) for points in (4, 5, 7)] == [3, 4, 5]
    assert share_favourable({1: 2, 4: 3, 5: 4, 7: 1}, points=7) == pytest.approx(0.5)
    assert share_favourable({}, points=7) is None


def test_reverse_scoring_turns_the_scale_around():
    assert [reverse(score, points=7) for score in (1, 4, 7)] == [7, 4, 1]
