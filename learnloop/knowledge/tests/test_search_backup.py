"""A backup and restore keeps search working: the index rows come back and the full-text structures follow."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from learnloop.core.search.models import SearchDocument
from learnloop.knowledge.search import search_for
from learnloop.knowledge.tests.searching import make


def test_search_finds_the_same_after_a_backup_is_restored(alice, bob, org, tmp_path):
    make("lesson", actor=alice, team=org["platform"], title="Osprey alerts", text="osprey pager")
    make("review", actor=alice, team=org["platform"], title="Osprey outage", text="osprey")
    before = sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "tags"))
    call_command("backup", str(tmp_path / "org.zip"), stdout=StringIO())
    call_command("restore", str(tmp_path / "org.zip"), "--force", stdout=StringIO())
    assert sorted(SearchDocument.objects.values_list("kind", "object_id", "title", "tags")) == before
    assert {r.hit.title for r in search_for(bob, "osprey").results} == {"Osprey alerts", "Osprey outage"}
