"""Two people edit the same playbook: the second save is refused, their text kept to merge, nothing lost."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from learnloop.knowledge import services
from learnloop.knowledge.models import Playbook
from learnloop.knowledge.tests.conftest import playbook_form
from learnloop.loops.services import StaleEdit


def test_the_service_refuses_an_edit_made_on_an_older_version(alice, bob, playbook):
    services.playbook_update(
        actor=alice,
        playbook=playbook,
        version=1,
        title=playbook.title,
        body="Alice's text",
        review_by=playbook.review_by,
        visibility=playbook.visibility,
    )
    with pytest.raises(StaleEdit):
        services.playbook_update(
            actor=bob,
            playbook=playbook,
            version=1,
            title=playbook.title,
            body="Bob's text",
            review_by=playbook.review_by,
            visibility=playbook.visibility,
        )
    assert Playbook.objects.get(pk=playbook.pk).body == "Alice's text"
    assert playbook.revisions.count() == 2


def test_a_stale_edit_keeps_the_submitted_text_beside_the_newer_saved_text(client, alice, bob, playbook):
    started_from = playbook_form(playbook, body="Bob's careful steps")
    services.playbook_update(
        actor=alice,
        playbook=playbook,
        version=playbook.version,
        title=playbook.title,
        body="Alice's newer steps",
        review_by=playbook.review_by,
        visibility=playbook.visibility,
    )
    client.force_login(bob.user)
    response = client.post(reverse("playbook-edit", args=[playbook.pk]), started_from)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this playbook" in page
    assert "Bob&#x27;s careful steps</textarea>" in page
    assert "Alice&#x27;s newer steps" in page
    assert "<del>" in page and "<ins>" in page  # their text against mine, as a diff
    assert Playbook.objects.get(pk=playbook.pk).body == "Alice's newer steps"


def test_saving_again_after_a_stale_edit_merges_onto_the_newer_version(client, alice, bob, playbook):
    started_from = playbook_form(playbook, body="Merged steps")
    services.playbook_update(
        actor=alice,
        playbook=playbook,
        version=playbook.version,
        title=playbook.title,
        body="Alice's newer steps",
        review_by=playbook.review_by,
        visibility=playbook.visibility,
    )
    client.force_login(bob.user)
    page = client.post(reverse("playbook-edit", args=[playbook.pk]), started_from).content.decode()
    playbook.refresh_from_db()
    assert f'name="version" value="{playbook.version}"' in page
    response = client.post(reverse("playbook-edit", args=[playbook.pk]), {**started_from, "version": playbook.version})
    assert response.status_code == 302
    playbook.refresh_from_db()
    assert playbook.body == "Merged steps"
    assert list(playbook.revisions.values_list("body", flat=True)) == [
        "Merged steps",
        "Alice's newer steps",
        playbook.revisions.last().body,
    ]


@pytest.mark.django_db(transaction=True)
def test_two_people_saving_at_the_same_moment_never_overwrite_each_other(alice, bob, playbook):
    """Both start from the same version and save at once, from two connections: exactly one wins."""
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(person, text):
        try:
            barrier.wait()
            services.playbook_update(
                actor=person,
                playbook=playbook,
                version=1,
                title=playbook.title,
                body=text,
                review_by=playbook.review_by,
                visibility=playbook.visibility,
            )
            outcomes.append("saved")
        except StaleEdit:
            outcomes.append("refused")
        except Exception as error:  # a lock error would be a lost edit too
            outcomes.append(repr(error))
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(alice, "Alice's text")),
        threading.Thread(target=save, args=(bob, "Bob's text")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "saved"]
    playbook.refresh_from_db()
    assert playbook.version == 2
    assert playbook.revisions.count() == 2
    assert playbook.body == playbook.revisions.first().body


def test_two_people_with_the_edit_page_open_lose_nothing(alice, bob, playbook):
    """Alice and Bob open the editor in their own browsers; Alice saves first, then Bob."""
    from django.test import Client

    alices, bobs = Client(), Client()
    alices.force_login(alice.user)
    bobs.force_login(bob.user)
    url = reverse("playbook-edit", args=[playbook.pk])
    for browser in (alices, bobs):
        assert 'name="version" value="1"' in browser.get(url).content.decode()
    assert alices.post(url, playbook_form(playbook, body="Alice: check the canary")).status_code == 302
    refused = bobs.post(url, playbook_form(playbook, body="Bob: watch the error rate"))
    assert refused.status_code == 200
    assert "Bob: watch the error rate</textarea>" in refused.content.decode()
    playbook.refresh_from_db()
    assert playbook.body == "Alice: check the canary"
    merged = "Alice: check the canary\nBob: watch the error rate"
    assert bobs.post(url, playbook_form(playbook, body=merged)).status_code == 302
    playbook.refresh_from_db()
    assert playbook.body == merged
    assert [r.author for r in playbook.revisions.order_by("number")] == [alice, alice, bob]
