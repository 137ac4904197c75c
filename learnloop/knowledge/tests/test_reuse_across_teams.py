"""Reuse across teams: opens, "we used this" and citations by people of another team, and the rates."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.knowledge import reuse, services
from learnloop.knowledge.models import ReuseEvent
from learnloop.loops import services as loops


@pytest.fixture
def shared_lesson(alice, bob, org):
    review = loops.review_create(actor=bob, team=org["platform"], title="Checkout outage", visibility="organization")
    return loops.lesson_create(actor=alice, source=review, title="Deploys need a canary")


def test_opening_an_item_of_another_team_counts_once_a_day(client, charlie, playbook):
    client.force_login(charlie.user)
    for _ in range(3):
        client.get(reverse("playbook", args=[playbook.pk]))
    event = ReuseEvent.objects.get()
    assert (event.action, event.person, event.reader_team.slug, event.owner_team.slug) == (
        "opened",
        charlie,
        "sales",
        "platform",
    )
    services.reuse_record(
        actor=charlie, item=playbook, action="opened", day=timezone.localdate() + datetime.timedelta(days=1)
    )
    assert ReuseEvent.objects.count() == 2


def test_the_owning_team_and_managers_above_it_are_never_counted(client, alice, bob, playbook):
    for person in (alice, bob):
        client.force_login(person.user)
        client.get(reverse("playbook", args=[playbook.pk]))
        client.post(reverse("knowledge-reuse-mark", args=["playbook", playbook.pk, "applied"]))
    assert not ReuseEvent.objects.exists()


def test_opening_a_lesson_of_another_team_counts_through_the_loop_signal(client, charlie, bob, shared_lesson):
    client.force_login(charlie.user)
    client.get(reverse("lesson", args=[shared_lesson.pk]))
    client.get(reverse("lesson", args=[shared_lesson.pk]))
    assert ReuseEvent.objects.get().lesson == shared_lesson
    client.force_login(bob.user)
    client.get(reverse("lesson", args=[shared_lesson.pk]))
    assert ReuseEvent.objects.count() == 1


def test_we_used_this_and_a_citation_are_counted_and_shown_on_the_item(client, charlie, decision):
    client.force_login(charlie.user)
    client.post(reverse("knowledge-reuse-mark", args=["decision", decision.pk, "applied"]))
    client.post(reverse("knowledge-reuse-mark", args=["decision", decision.pk, "applied"]))  # a double click
    client.post(
        reverse("knowledge-reuse-mark", args=["decision", decision.pk, "cited"]), {"where": "Sales launch plan"}
    )
    assert sorted(ReuseEvent.objects.values_list("action", flat=True)) == ["applied", "cited"]
    page = client.get(reverse("decision", args=[decision.pk])).content.decode()
    assert "applied 1 time," in page and "cited 1 time " in page
    assert "Cited by Sales" in page and "Sales launch plan" in page


def test_a_citation_needs_to_say_where(client, charlie, playbook):
    client.force_login(charlie.user)
    client.post(reverse("knowledge-reuse-mark", args=["playbook", playbook.pk, "cited"]), {"where": ""})
    assert not ReuseEvent.objects.filter(action="cited").exists()


def test_the_lesson_page_offers_we_used_this_to_other_teams(client, charlie, shared_lesson):
    client.force_login(charlie.user)
    page = client.get(reverse("lesson", args=[shared_lesson.pk])).content.decode()
    assert reverse("knowledge-reuse-mark", args=["lesson", shared_lesson.pk, "applied"]) in page
    client.post(reverse("knowledge-reuse-mark", args=["lesson", shared_lesson.pk, "applied"]))
    assert ReuseEvent.objects.filter(action="applied", lesson=shared_lesson).exists()


def test_nobody_marks_reuse_of_what_they_cannot_see(client, charlie, private_playbook):
    client.force_login(charlie.user)
    response = client.post(reverse("knowledge-reuse-mark", args=["playbook", private_playbook.pk, "applied"]))
    assert response.status_code == 404
    assert client.post(reverse("knowledge-reuse-mark", args=["poem", 1, "applied"])).status_code == 404
    assert not ReuseEvent.objects.exists()


def test_the_rate_is_reused_shared_items_over_shared_items_per_team_and_pooled(
    alice, charlie, dana, org, playbook, decision, private_playbook, shared_lesson
):
    # Platform shares three items (playbook, decision, lesson); Sales shares one playbook.
    sales_playbook = services.playbook_create(
        actor=charlie, team=org["sales"], title="Discount rules", visibility="organization"
    )
    services.reuse_record(actor=charlie, item=playbook, action="opened")
    services.reuse_record(actor=dana, item=playbook, action="applied")
    services.reuse_record(actor=alice, item=sales_playbook, action="opened")
    start, end = reuse.window(90)
    teams, organization = reuse.team_reuse(start=start, end=end)
    by_team = {row.team.slug: row for row in teams}
    assert (by_team["platform"].reused_items, by_team["platform"].shared_items) == (1, 3)
    assert by_team["platform"].applied_items == 1
    assert by_team["sales"].rate == 1.0
    assert (organization.reused_items, organization.shared_items) == (2, 4)
    assert organization.rate == 0.5


def test_events_outside_the_window_do_not_count(charlie, playbook):
    services.reuse_record(
        actor=charlie, item=playbook, action="opened", day=timezone.localdate() - datetime.timedelta(days=200)
    )
    start, end = reuse.window(90)
    assert reuse.team_reuse(start=start, end=end)[1].reused_items == 0


def test_the_reuse_page_shows_each_team_and_the_organization(client, charlie, playbook):
    services.reuse_record(actor=charlie, item=playbook, action="opened")
    client.force_login(charlie.user)
    page = client.get(reverse("knowledge-reuse")).content.decode()
    assert "Organization: 100% reused" in page
    assert "Platform" in page
    assert client.get(reverse("knowledge-reuse") + "?days=abc").status_code == 200


def test_the_team_page_shows_its_playbooks_stale_count_and_reuse_rate(client, charlie, playbook, org):
    services.reuse_record(actor=charlie, item=playbook, action="opened")
    client.force_login(charlie.user)
    page = client.get(reverse("team", args=["platform"])).content.decode()
    assert "Playbooks and decisions" in page
    assert "Deploying on Fridays" in page
    assert "100% of 1 shared item reused by another team" in page
