"""The guard's rules on small, readable examples (the property tests try random ones)."""

from __future__ import annotations

import pytest

from learnloop.core.anonymity import (
    AnonymityGuard,
    FilterRefused,
    check_filter,
    comment_minimum,
    minimum_group_size,
)


def tree_release(direct: dict[str, int], children: dict[str, list[str]], **extra):
    """Release every team's subtree total; atoms are each team's direct members."""

    def below(team):
        return [team, *(t for child in children.get(team, []) for t in below(child))]

    groups = {team: below(team) for team in direct}
    return AnonymityGuard(direct, minimum=5).release(groups, **extra)


def test_a_small_team_hides_and_so_does_its_next_smallest_sibling():
    shown = tree_release({"eng": 0, "a": 3, "b": 6, "c": 40}, {"eng": ["a", "b", "c"]})
    assert shown == {"eng": True, "a": False, "b": False, "c": True}


def test_people_placed_directly_in_a_parent_count_as_a_hidden_sibling():
    # eng has 2 people of its own: eng minus its visible children would isolate them
    shown = tree_release({"eng": 2, "a": 9, "b": 30}, {"eng": ["a", "b"]})
    assert shown["eng"] and not shown["a"] and shown["b"]


def test_two_overlapping_groups_must_each_hold_enough_the_other_lacks():
    guard = AnonymityGuard({"x": 20, "y": 2, "z": 9}, minimum=5)
    shown = guard.release({"first": ["x", "y"], "second": ["x"], "third": ["x", "z"]})
    assert shown == {"first": False, "second": True, "third": True}


def test_a_number_seen_before_counts_and_cannot_be_taken_back():
    guard = AnonymityGuard({"old": 30, "late": 2}, minimum=5)
    assert guard.release({"now": ["old", "late"]}, known=[["old"]]) == {"now": False}
    assert guard.release({"now": ["old", "late"]}) == {"now": True}


def test_kept_groups_are_hidden_last():
    guard = AnonymityGuard({"a": 3, "b": 30}, minimum=5)
    shown = guard.release({"org": ["a", "b"], "b-only": ["b"]}, keep=["org"])
    assert shown == {"org": True, "b-only": False}


def test_a_filter_with_a_small_complement_is_refused():
    with pytest.raises(FilterRefused, match="outside it"):
        check_filter(scope=40, selected=37, minimum=5)
    with pytest.raises(FilterRefused, match="selects fewer"):
        check_filter(scope=40, selected=4, minimum=5)
    check_filter(scope=40, selected=35, minimum=5)
    check_filter(scope=40, selected=40, minimum=5)


def test_the_minimum_never_goes_below_three_and_comments_need_more(settings):
    settings.MIN_GROUP_SIZE = 5
    assert minimum_group_size() == 5 and comment_minimum() == 8
    settings.MIN_GROUP_SIZE = 10
    assert comment_minimum() == 13
    assert AnonymityGuard({"a": 2}, minimum=1).release({"g": ["a"]}) == {"g": False}
