"""A change recorded on an action item becomes a playbook revision: "what changed" points at the new text."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from learnloop.knowledge import services as knowledge
from learnloop.knowledge.models import Playbook
from learnloop.knowledge.tests.conftest import playbook_form
from learnloop.loops import services as loops


@pytest.fixture
def done_item(alice, bob, org):
    review = loops.review_create(actor=bob, team=org["platform"], title="Checkout outage")
    lesson = loops.lesson_create(actor=alice, source=review, title="Deploys need a canary")
    item = loops.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Add a canary stage",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
    )
    loops.action_item_complete(actor=bob, item=item, what="Deploys now pause at 5% traffic", where="Deploy runbook")
    item.refresh_from_db()
    return item


def test_editing_a_playbook_from_a_change_links_the_revision_to_it(client, bob, playbook, done_item):
    client.force_login(bob.user)
    url = reverse("playbook-edit", args=[playbook.pk]) + f"?change={done_item.change_id}"
    form_page = client.get(url).content.decode()
    assert "Deploys now pause at 5% traffic" in form_page
    client.post(url, playbook_form(playbook, body="1. Pause at 5% traffic.", change=done_item.change_id))
    revision = playbook.revisions.first()
    assert (revision.number, revision.change) == (2, done_item.change)
    page = client.get(reverse("playbook-revision", args=[playbook.pk, 2])).content.decode()
    assert reverse("action-item", args=[done_item.pk]) in page


def test_the_action_item_page_shows_the_revision_its_change_produced(client, bob, playbook, done_item):
    knowledge.playbook_update(
        actor=bob,
        playbook=playbook,
        version=playbook.version,
        title=playbook.title,
        body="Pause at 5%.",
        review_by=playbook.review_by,
        visibility=playbook.visibility,
        change=done_item.change,
    )
    client.force_login(bob.user)
    page = client.get(reverse("action-item", args=[done_item.pk])).content.decode()
    assert "Playbooks updated from this change" in page
    assert reverse("playbook-revision", args=[playbook.pk, 2]) in page
    assert reverse("playbook-from-change", args=[done_item.change_id]) in page


def test_a_new_playbook_can_start_from_a_change(client, bob, done_item):
    client.force_login(bob.user)
    chooser = client.get(reverse("playbook-from-change", args=[done_item.change_id])).content.decode()
    assert reverse("playbook-create", args=["platform"]) + f"?change={done_item.change_id}" in chooser
    client.post(
        reverse("playbook-create", args=["platform"]) + f"?change={done_item.change_id}",
        {
            "title": "Canary deploys",
            "body": "Pause at 5%.",
            "review_by": "2030-01-01",
            "visibility": "team",
            "change": done_item.change_id,
        },
    )
    assert Playbook.objects.get(title="Canary deploys").revisions.get().change == done_item.change


def test_choosing_a_playbook_on_the_chooser_opens_its_editor_with_the_change(client, bob, playbook, done_item):
    client.force_login(bob.user)
    response = client.get(reverse("playbook-from-change", args=[done_item.change_id]) + f"?playbook={playbook.pk}")
    assert response["Location"] == reverse("playbook-edit", args=[playbook.pk]) + f"?change={done_item.change_id}"


def test_a_change_on_an_item_the_person_cannot_see_is_not_found(client, charlie, playbook, done_item):
    client.force_login(charlie.user)
    assert client.get(reverse("playbook-from-change", args=[done_item.change_id])).status_code == 404
    with pytest.raises(ValidationError):
        knowledge.playbook_create(
            actor=charlie, team=charlie.memberships.get().team, title="x", change=done_item.change
        )


def test_an_open_item_explains_that_a_playbook_can_follow_the_change(client, alice, bob, org, done_item):
    lesson = done_item.lesson
    item = loops.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Open one",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    client.force_login(bob.user)
    assert "Write it down where people look" in client.get(reverse("action-item", args=[item.pk])).content.decode()
    complete = client.get(reverse("action-item-complete", args=[item.pk])).content.decode()
    assert "update a playbook" in complete


def test_the_loop_never_imports_knowledge():
    loops_dir = Path(__file__).resolve().parents[2] / "loops"
    offenders = [
        str(path)
        for path in loops_dir.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+learnloop\.knowledge", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == []
