"""The evaluation's measures, on rankings small enough to check by hand."""

from __future__ import annotations

import math

import pytest

from learnloop.knowledge.evaluation import scores


def test_recall_at_5_counts_relevant_items_in_the_top_five_out_of_at_most_five():
    result = scores({1: [10, 11, 12, 13, 14, 15]}, {1: {10: 2, 15: 1, 99: 1}})
    assert result.recall_at_5 == pytest.approx(1 / 3)


def test_mrr_is_one_over_the_rank_of_the_first_relevant_item_within_ten():
    result = scores({1: [5, 6, 7], 2: [8, 9], 3: [*range(20, 30), 42]}, {1: {7: 1}, 2: {42: 2}, 3: {42: 2}})
    assert result.mrr == pytest.approx((1 / 3 + 0 + 0) / 3)
    assert result.queries == 3


def test_ndcg_rewards_the_same_failure_above_a_related_one():
    judged = {1: {10: 2, 11: 1}}
    best, swapped = scores({1: [10, 11]}, judged), scores({1: [11, 10]}, judged)
    assert best.ndcg_at_10 == pytest.approx(1.0)
    assert swapped.ndcg_at_10 == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)))


def test_a_case_without_any_relevant_item_is_left_out_of_the_averages():
    result = scores({1: [10], 2: [20]}, {1: {10: 1}, 2: {}})
    assert result.queries == 1
    assert result.recall_at_5 == result.mrr == 1.0
