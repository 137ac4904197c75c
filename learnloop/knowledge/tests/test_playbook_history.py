"""A playbook's history: revisions with their authors, and a readable diff between any two."""

from __future__ import annotations

from django.urls import reverse

from learnloop.knowledge import services
from learnloop.knowledge.diff import line_diff


def _edit(person, playbook, body, note=""):
    playbook.refresh_from_db()
    return services.playbook_update(
        actor=person,
        playbook=playbook,
        version=playbook.version,
        title=playbook.title,
        body=body,
        review_by=playbook.review_by,
        visibility=playbook.visibility,
        note=note,
    )


def test_the_line_diff_marks_removed_added_and_changed_lines():
    diff = line_diff("one\ntwo\nthree\n", "one\n2\nthree\nfour\n")
    kinds = [(row.kind, row.old_text, row.new_text) for row in diff.rows]
    assert kinds == [
        ("equal", "one", "one"),
        ("changed", "two", "2"),
        ("equal", "three", "three"),
        ("added", "", "four"),
    ]
    assert (diff.added, diff.removed) == (2, 1)


def test_long_unchanged_stretches_are_elided_between_changes():
    old = "\n".join(f"line {n}" for n in range(40))
    new = old.replace("line 2\n", "line two\n").replace("line 35", "line thirty-five")
    diff = line_diff(old, new)
    assert [row.kind for row in diff.rows].count("gap") == 1
    assert len(diff.rows) < 20


def test_the_history_lists_every_revision_with_author_and_note(client, alice, bob, playbook):
    _edit(bob, playbook, "Bob's steps", note="Added the canary step")
    client.force_login(bob.user)
    page = client.get(reverse("playbook-revisions", args=[playbook.pk])).content.decode()
    assert "Bob Baker" in page and "Alice Archer" in page
    assert "Added the canary step" in page


def test_a_revision_page_shows_its_text_and_what_changed_since_the_one_before(client, bob, playbook):
    _edit(bob, playbook, "# Deploying\n\n1. Check the canary twice.\n2. Watch the error rate.")
    client.force_login(bob.user)
    page = client.get(reverse("playbook-revision", args=[playbook.pk, 2])).content.decode()
    assert '<del><span class="visually-hidden">removed: </span>1. Check the canary.</del>' in page
    assert '<ins><span class="visually-hidden">added: </span>1. Check the canary twice.</ins>' in page
    assert "revision 2" in page


def test_any_two_revisions_can_be_compared(client, bob, playbook):
    _edit(bob, playbook, "Second")
    _edit(bob, playbook, "Third")
    client.force_login(bob.user)
    page = client.get(reverse("playbook-diff", args=[playbook.pk]) + "?from=1&to=3").content.decode()
    assert "Revision 1 compared with revision 3" in page
    assert "Third</ins>" in page


def test_a_missing_revision_is_not_found(client, bob, playbook):
    client.force_login(bob.user)
    assert client.get(reverse("playbook-revision", args=[playbook.pk, 9])).status_code == 404
    assert client.get(reverse("playbook-diff", args=[playbook.pk]) + "?from=1&to=9").status_code == 404
    assert client.get(reverse("playbook-diff", args=[playbook.pk]) + "?from=x").status_code == 404
