"""The hand-judged "seen before?" cases are well formed, split by their fixed rule, and judge real write-ups."""

from __future__ import annotations

import re

import pytest

from learnloop.knowledge.evaluation import CASES_FILE, cases_in, load_cases


def test_every_third_case_is_held_out_and_the_parts_are_big_enough():
    cases = load_cases()
    assert [case.id for case in cases] == [f"c{number:02d}" for number in range(1, len(cases) + 1)]
    assert [case.id for case in cases_in("heldout", cases)] == [case.id for case in cases[2::3]]
    assert len(cases) >= 60 and len(cases_in("heldout", cases)) >= 20
    assert len(cases_in("dev", cases)) + len(cases_in("heldout", cases)) == len(cases_in("all", cases))


def test_cases_are_short_texts_graded_one_or_two():
    for case in load_cases():
        sentences = len(re.findall(r"[.?!](?:\s|$)", case.text))
        assert 2 <= sentences <= 8, case.id
        assert set(case.relevant.values()) <= {1, 2}, case.id
        assert case.kind in {"paraphrase", "generic", "vague", "sparse"}, case.id


def test_a_few_cases_have_one_relevant_incident_or_none():
    sparse = [case for case in load_cases() if case.kind == "sparse"]
    assert any(not case.relevant for case in sparse)
    assert any(case.relevant and set(case.relevant.values()) == {2} for case in sparse)


def test_an_unknown_part_is_refused():
    with pytest.raises(ValueError, match="choose dev, heldout or all"):
        cases_in("test", load_cases())


@pytest.mark.shared_data
def test_every_judgment_names_a_write_up_of_the_public_corpus(shared_data):
    present = {path.stem for path in (shared_data / "postmortems").glob("*.md")}
    judged = {uuid for case in load_cases() for uuid in case.relevant}
    assert judged <= present
    assert CASES_FILE.name == "seen_before.yaml"
