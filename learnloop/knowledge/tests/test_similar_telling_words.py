""" "Seen before?" reads a text by its telling words: rare words first, common ones within a cost cap,
and words the best matches share (feedback) find items that put it differently."""

from __future__ import annotations

from learnloop.knowledge import similar
from learnloop.knowledge.similar import similar_to, telling_words
from learnloop.knowledge.tests.searching import make


def test_the_rarest_words_of_a_text_come_first(alice, erin, org):
    for number in range(4):
        make("lesson", actor=erin, team=org["sales"], title=f"Outage {number}", text="outage service")
    make("lesson", actor=erin, team=org["sales"], title="Ferrite", text="ferrite outage")
    words = [term.word for term in telling_words("The service had an outage: the ferrite core failed")]
    # ferrite is in one document, service in four, outage in five; words no document holds come last.
    assert words == ["ferrite", "service", "outage", "core", "failed"]


def test_words_beyond_the_cost_cap_are_left_out(alice, erin, org, monkeypatch):
    for number in range(4):
        make("lesson", actor=erin, team=org["sales"], title=f"Outage {number}", text="outage")
    make("lesson", actor=erin, team=org["sales"], title="Ferrite", text="ferrite")
    monkeypatch.setattr(similar, "MAX_MATCHES", 2)
    assert [term.word for term in telling_words("ferrite outage")] == ["ferrite"]
    # A text of common words alone still keeps its rarest one, so it finds something.
    assert [term.word for term in telling_words("outage")] == ["outage"]


def test_feedback_finds_an_item_that_shares_no_word_with_the_text(alice, bob, erin, org):
    make(
        "review",
        actor=erin,
        team=org["sales"],
        title="Partner handshake failures",
        text="Partner handshake failures because the certificate expired unnoticed.",
        visibility="organization",
    )
    make(
        "lesson",
        actor=erin,
        team=org["sales"],
        title="Renewal reminders",
        text="The certificate expired unnoticed on the gateway; nobody owned the renewal.",
        visibility="organization",
    )
    make("lesson", actor=erin, team=org["sales"], title="Unrelated", text="disk full", visibility="organization")
    found = [item.title for item in similar_to(bob, "Partner handshake failures this morning")]
    assert found[:2] == ["Partner handshake failures", "Renewal reminders"]
    assert "Unrelated" not in found
