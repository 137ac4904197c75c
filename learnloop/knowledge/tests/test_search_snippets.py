"""Snippets: a passage around the matched words, marked, cut with an ellipsis, always escaped."""

from __future__ import annotations

from learnloop.core.search.text import MARK_END, MARK_START, highlighted, snippet


def test_the_passage_is_the_densest_run_of_matches_with_ellipses_where_cut():
    text = "Filler words " * 40 + "The database failover timed out twice. " + "More filler here " * 40
    passage = snippet(text, ["database", "failover"], size=12)
    assert passage.startswith("… ") and passage.endswith(" …")
    assert f"{MARK_START}database{MARK_END} {MARK_START}failover{MARK_END}" in passage
    assert len(passage.split()) <= 14


def test_stemmed_forms_are_marked_and_a_short_text_is_whole():
    assert snippet("Two databases failed.", ["database"]) == f"Two {MARK_START}databases{MARK_END} failed."


def test_highlighting_escapes_everything_but_its_own_marks():
    html = str(highlighted(snippet('<img src=x onerror="alert(1)"> pager \x02<b>x</b>', ["pager"])))
    assert "<img" not in html and "<b>" not in html
    assert "<mark>pager</mark>" in html
