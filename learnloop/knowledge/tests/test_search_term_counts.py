"""The index counts, for each term, the documents holding it; the counts follow every write and a
rebuild, and "seen before?" weighs a text's words by them."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from learnloop.core.search import terms
from learnloop.core.search.models import SearchDocument, SearchTerm
from learnloop.knowledge.tests.searching import make
from learnloop.loops import services


def held(*words: str) -> dict[str, int]:
    counts = terms.frequencies(words)
    return {word: counts.of.get(word, 0) for word in words} | {"documents": counts.documents}


def test_counts_follow_creating_editing_and_deleting(alice, org):
    first = make("lesson", actor=alice, team=org["platform"], title="Zircon alerts", text="zircon pager")
    make("playbook", actor=alice, team=org["platform"], title="Zircon runbook", text="zircon restart")
    # Terms are English stems, stop words left out: "alerts" counts as "alert".
    assert held("zircon", "alert", "pager", "restart", "the") == {
        "zircon": 2,
        "alert": 1,
        "pager": 1,
        "restart": 1,
        "the": 0,
        "documents": SearchDocument.objects.count(),
    }
    services.lesson_update(
        actor=alice, lesson=first, title="Zircon alerts", detail="zircon restart loop", tags=["ops"], visibility="team"
    )
    assert held("pager", "restart", "loop")["pager"] == 0
    assert held("pager", "restart", "loop")["restart"] == 2
    documents = SearchDocument.objects.count()
    first.delete()
    assert held("zircon", "loop") == {"zircon": 1, "loop": 0, "documents": documents - 1}


def test_a_rebuild_counts_the_same_as_the_writes_did(bob, charlie, org):
    make("review", actor=bob, team=org["platform"], title="Garnet outage", text="garnet disk full")
    make("lesson", actor=charlie, team=org["sales"], title="Garnet lessons", text="garnet capacity")
    before = dict(SearchTerm.objects.values_list("term", "documents"))
    SearchTerm.objects.all().delete()
    call_command("search", "reindex", stdout=StringIO())
    assert dict(SearchTerm.objects.values_list("term", "documents")) == before


def test_a_count_that_drifted_is_clamped_at_zero_not_refused(alice, org):
    lesson = make("lesson", actor=alice, team=org["platform"], title="Basalt", text="basalt")
    SearchTerm.objects.filter(term="basalt").delete()  # as if written around the index
    lesson.delete()
    assert held("basalt")["basalt"] == 0
    assert not SearchDocument.objects.filter(title="Basalt").exists()
