from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from learnloop.core.anonymity import suppress_counts


def test_groups_at_the_minimum_show():
    assert suppress_counts({"a": 5, "b": 9}, minimum=5) == {"a": 5, "b": 9}


def test_a_small_group_and_the_next_smallest_are_hidden():
    assert suppress_counts({"a": 2, "b": 6, "c": 30}, minimum=5) == {"a": None, "b": None, "c": 30}


def test_the_minimum_is_never_below_three():
    assert suppress_counts({"a": 2, "b": 40}, minimum=1) == {"a": None, "b": None}


def test_empty_groups_isolate_nobody():
    assert suppress_counts({"a": 0, "b": 7}, minimum=5) == {"a": 0, "b": 7}


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(min_value=0, max_value=40), max_size=8))
def test_no_hidden_group_can_be_derived_from_the_total(counts):
    shown = suppress_counts(counts, minimum=5)
    hidden = [key for key, value in shown.items() if value is None]
    for value in shown.values():
        assert value is None or value == 0 or value >= 5
    if hidden:
        # total minus the visible groups gives only the sum of the hidden ones: at least 5 people,
        # spread over at least two groups
        assert sum(counts[key] for key in hidden) >= 5 or len([v for v in counts.values() if v]) == len(hidden)
        assert len(hidden) >= 2 or len([v for v in counts.values() if v]) == 1
