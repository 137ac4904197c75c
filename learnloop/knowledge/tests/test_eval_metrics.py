"""The evaluation's measures, on rankings small enough to check by hand."""

from __future__ import annotations

import pytest

from learnloop.knowledge.evaluation import scores


def test_recall_at_5_counts_relevant_items_in_the_top_five_out_of_at_most_five():
    result = scores({1: [10, 11, 12, 13, 14, 15]}, {1: {10, 15, 99}})
    assert result.recall_at_5 == pytest.approx(1 / 3)


def test_mrr_is_one_over_the_rank_of_the_first_relevant_item():
    result = scores({1: [5, 6, 7], 2: [8, 9]}, {1: {7}, 2: {42}})
    assert result.mrr == pytest.approx((1 / 3 + 0) / 2)
    assert result.queries == 2
