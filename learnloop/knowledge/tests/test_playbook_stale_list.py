"""Stale playbooks: past their review-by date, listed for the people who may read them."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.knowledge import selectors, services


def _playbook(person, team, title, days, visibility="team"):
    return services.playbook_create(
        actor=person,
        team=team,
        title=title,
        review_by=timezone.localdate() + datetime.timedelta(days=days),
        visibility=visibility,
    )


def test_only_playbooks_past_their_review_date_are_stale(alice, org):
    old = _playbook(alice, org["platform"], "Old runbook", -30)
    _playbook(alice, org["platform"], "Fresh runbook", 30)
    today_due = _playbook(alice, org["platform"], "Due today", 0)
    assert list(selectors.stale_playbooks(alice)) == [old]
    assert not selectors.is_stale(today_due)


def test_the_stale_list_shows_the_longest_overdue_first_and_hides_private_ones(client, alice, charlie, org):
    _playbook(alice, org["platform"], "A little late", -3, "organization")
    _playbook(alice, org["platform"], "Very late", -90, "organization")
    _playbook(alice, org["platform"], "Private and late", -10)
    client.force_login(charlie.user)
    page = client.get(reverse("playbook-stale")).content.decode()
    assert page.index("Very late") < page.index("A little late")
    assert "Private and late" not in page
    client.force_login(alice.user)
    assert "Private and late" in client.get(reverse("playbook-stale")).content.decode()


def test_the_list_marks_stale_playbooks(client, alice, org):
    _playbook(alice, org["platform"], "Very late", -90)
    client.force_login(alice.user)
    page = client.get(reverse("playbooks")).content.decode()
    assert '<span class="badge">stale</span>' in page


def test_the_stale_list_needs_few_queries_however_many_playbooks(client, alice, org, django_assert_max_num_queries):
    for number in range(15):
        _playbook(alice, org["platform"], f"Late {number}", -number - 1)
    client.force_login(alice.user)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("playbook-stale")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("playbooks")).status_code == 200


def test_still_right_moves_the_review_date_and_leaves_the_text_and_version(client, alice, bob, charlie, org):
    playbook = _playbook(alice, org["platform"], "Old runbook", -30, "organization")
    client.force_login(charlie.user)
    assert client.post(reverse("playbook-reviewed", args=[playbook.pk])).status_code == 403
    client.force_login(bob.user)
    response = client.post(reverse("playbook-reviewed", args=[playbook.pk]))
    assert response["Location"] == reverse("playbook", args=[playbook.pk])
    playbook.refresh_from_db()
    assert playbook.review_by == timezone.localdate() + datetime.timedelta(days=180)
    assert (playbook.version, playbook.revisions.count()) == (1, 1)
    assert not selectors.stale_playbooks(bob).exists()
