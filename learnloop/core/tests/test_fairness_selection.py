"""Representation ratio, selection rate and the four-fifths rule, checked by hand-worked cases."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnloop.core.fairness import (
    FOUR_FIFTHS,
    adverse_impact_ratios,
    is_adverse_impact,
    representation_ratio,
    selection_rate,
)


def test_a_group_with_its_fair_share_has_a_representation_ratio_of_one():
    assert representation_ratio(group_amount=25, group_headcount=10, total_amount=100, total_headcount=40) == 1.0


def test_a_group_with_half_its_share_has_a_ratio_of_one_half():
    # 10 of 100 records (10 %) for 8 of 40 people (20 %).
    assert representation_ratio(group_amount=10, group_headcount=8, total_amount=100, total_headcount=40) == 0.5


def test_the_ratio_is_undefined_without_people_or_records():
    assert representation_ratio(group_amount=0, group_headcount=0, total_amount=5, total_headcount=5) is None
    assert representation_ratio(group_amount=0, group_headcount=5, total_amount=0, total_headcount=5) is None


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 30)), min_size=1, max_size=8))
def test_representation_ratios_weighted_by_headcount_average_to_one(groups):
    total_people = sum(people for people, _ in groups)
    total_records = sum(records for _, records in groups)
    if total_records == 0:
        return
    weighted = sum(
        people
        * representation_ratio(
            group_amount=records, group_headcount=people, total_amount=total_records, total_headcount=total_people
        )
        for people, records in groups
    )
    assert weighted / total_people == pytest.approx(1.0)


def test_selection_rates_and_adverse_impact_follow_the_uniform_guidelines_example():
    # 29 CFR 1607.4(D)'s illustration: 48 of 80 (60 %) against 12 of 40 (30 %): 30/60 = 0.5 < 0.8.
    rates = {"a": selection_rate(selected=48, headcount=80), "b": selection_rate(selected=12, headcount=40)}
    assert rates == {"a": 0.6, "b": 0.3}
    ratios = adverse_impact_ratios(rates)
    assert ratios == {"a": 1.0, "b": 0.5}
    assert not is_adverse_impact(ratios["a"]) and is_adverse_impact(ratios["b"])


def test_four_fifths_is_the_line_itself_not_under_it():
    assert not is_adverse_impact(FOUR_FIFTHS)
    assert is_adverse_impact(0.7999)
    assert not is_adverse_impact(None)


def test_unknown_rates_and_a_best_rate_of_zero_give_no_ratio():
    assert adverse_impact_ratios({"a": 0.0, "b": 0.0, "c": None}) == {"a": None, "b": None, "c": None}
    assert selection_rate(selected=0, headcount=0) is None
    with pytest.raises(ValueError, match="more than everyone"):
        selection_rate(selected=6, headcount=5)
