""" "Seen before?" on the 242 real public postmortems beats or equals plain BM25 (skips without the data)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from learnloop.knowledge.evaluation import evaluate

pytestmark = pytest.mark.shared_data


@pytest.fixture
def imported(shared_data, db):
    call_command("import", "postmortems", str(shared_data / "postmortems"), stdout=StringIO())


def test_seen_before_is_at_least_as_good_as_plain_bm25_on_real_incidents(imported):
    result = evaluate()
    assert result.incidents == 242
    assert result.ours.queries > 100
    assert result.ours.recall_at_5 >= result.baseline.recall_at_5
    assert result.ours.mrr >= result.baseline.mrr
    loose_ours, loose_baseline = result.extra["another team, a shared category"]
    assert loose_ours.recall_at_5 >= loose_baseline.recall_at_5


def test_the_quality_bench_prints_both_rankings(imported):
    out = StringIO()
    call_command("bench", "similar-quality", stdout=out)
    table = out.getvalue()
    assert "recall@5" in table and "MRR" in table
    assert "plain BM25" in table and "seen before?" in table


def test_similar_works_on_the_imported_postmortems(imported):
    import json

    out = StringIO()
    call_command(
        "similar", "database failover caused replication lag and data loss", "--top", "3", "--json", stdout=out
    )
    found = json.loads(out.getvalue())
    assert len(found) == 3
    assert all(item["kind"] == "review" and item["external_id"] for item in found)
