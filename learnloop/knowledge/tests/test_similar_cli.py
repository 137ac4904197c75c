"""`learnloop similar "TEXT" [--top N] [--kind K] --json`: earlier items like the text, best first."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from learnloop.knowledge.tests.searching import make


def similar(*args: str) -> list[dict]:
    out = StringIO()
    call_command("similar", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_it_prints_a_json_list_best_first_with_exactly_the_promised_fields(alice, erin, org):
    make(
        "review",
        actor=alice,
        team=org["platform"],
        title="Certificate expired on the API gateway",
        text="tls certificate expired",
    )
    make("lesson", actor=erin, team=org["sales"], title="Renew certificates a month early", text="certificate renewal")
    make("playbook", actor=alice, team=org["platform"], title="Onboarding", text="welcome aboard")
    found = similar("our TLS certificate expired overnight")
    assert [item["title"] for item in found][:2] == [
        "Certificate expired on the API gateway",
        "Renew certificates a month early",
    ]
    assert all(set(item) == {"kind", "id", "external_id", "title", "team", "score"} for item in found)
    assert found[0]["team"] == "Platform" and found[0]["external_id"] is None
    assert found[0]["score"] >= found[1]["score"]
    assert "Onboarding" not in {item["title"] for item in found}


def test_top_and_kind_narrow_the_list(alice, org):
    for number in range(4):
        make("lesson", actor=alice, team=org["platform"], title=f"Cache stampede {number}", text="cache stampede")
    make("decision", actor=alice, team=org["platform"], title="Cache with jittered expiry", text="cache stampede")
    assert len(similar("cache stampede", "--top", "2")) == 2
    assert [item["kind"] for item in similar("cache stampede", "--kind", "decision")] == ["decision"]


def test_an_imported_review_carries_its_external_id(alice, org):
    review = make("review", actor=alice, team=org["platform"], title="Leap second crash", text="leap second")
    review.external_id = "pm-123"
    review.save()
    assert similar("leap second")[0]["external_id"] == "pm-123"


def test_nothing_similar_is_an_empty_list(db):
    assert similar("nothing indexed yet") == []


def test_bad_arguments_are_refused_with_one_clear_line(db):
    with pytest.raises(CommandError, match="TEXT is empty"):
        call_command("similar", "  ")
    with pytest.raises(CommandError, match="--top 0"):
        call_command("similar", "x", "--top", "0")
