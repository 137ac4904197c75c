"""Search no longer needs every word: items holding every word come first, then items holding some of
them, each group best first, and the page says which are which."""

from __future__ import annotations

from learnloop.knowledge.search import search_for
from learnloop.knowledge.tests.searching import make
from learnloop.people.tests.factories import TeamFactory


def test_certificate_expired_payments_finds_the_payments_certificate_rotation_review(alice, erin, org):
    payments = TeamFactory(name="Payments", slug="payments", parent=org["root"])
    make(
        "review",
        actor=erin,
        team=payments,
        title="Card processor certificate rotation missed",
        text="The certificate on the card processor link was not rotated in time and payments failed.",
        visibility="organization",
    )
    page = search_for(alice, "certificate expired payments")
    assert [result.hit.title for result in page.results] == ["Card processor certificate rotation missed"]
    assert page.results[0].every_word is False


def test_items_with_every_word_come_before_items_with_some(alice, bob, org):
    some = make("lesson", actor=alice, team=org["platform"], title="Kafka lag", text="kafka kafka kafka lag")
    every = make("lesson", actor=alice, team=org["platform"], title="Broker notes", text="kafka broker disk full")
    found = search_for(bob, "kafka disk").results
    assert [result.hit.object_id for result in found] == [every.pk, some.pk]
    assert [result.every_word for result in found] == [True, False]


def test_pages_run_on_from_every_word_to_some_words_without_gaps_or_repeats(alice, bob, org):
    for number in range(3):
        make("lesson", actor=alice, team=org["platform"], title=f"Both {number}", text="quartz granite")
    for number in range(4):
        make("lesson", actor=alice, team=org["platform"], title=f"One {number}", text="quartz")
    pages = [search_for(bob, "quartz granite", page=number, per_page=2) for number in (1, 2, 3, 4)]
    shown = [result.hit.title for page in pages for result in page.results]
    assert sorted(shown) == sorted([f"Both {n}" for n in range(3)] + [f"One {n}" for n in range(4)])
    assert [title.split()[0] for title in shown] == ["Both"] * 3 + ["One"] * 4
    assert [page.has_next for page in pages] == [True, True, True, False]


def test_a_word_nothing_holds_does_not_hide_the_others(alice, bob, org):
    make("playbook", actor=alice, team=org["platform"], title="Rotate the signing keys", text="keys rotation")
    assert [r.hit.title for r in search_for(bob, "rotation zyzzyva").results] == ["Rotate the signing keys"]


def test_some_words_still_never_show_what_the_viewer_may_not_see(alice, charlie, org):
    make("review", actor=alice, team=org["platform"], title="Private obsidian outage", text="obsidian")
    assert search_for(charlie, "obsidian basalt").results == []
