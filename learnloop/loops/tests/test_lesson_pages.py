"""A lesson's page: where it came from, its tags, action items and repeats; editing and adding items."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Repeat


def test_the_lesson_links_back_to_the_review_it_came_from(client, bob, lesson):
    client.force_login(bob.user)
    page = client.get(reverse("lesson", args=[lesson.pk])).content.decode()
    assert "The timeline entry “Deploy started” of the review" in page
    assert f'<a href="{reverse("review", args=[lesson.source_timeline_entry.review_id])}">Checkout outage</a>' in page


def test_a_shared_lesson_does_not_name_a_source_the_reader_may_not_see(client, alice, charlie, lesson):
    services.lesson_update(
        actor=alice, lesson=lesson, title=lesson.title, detail="", tags=[], visibility="organization"
    )
    client.force_login(charlie.user)
    page = client.get(reverse("lesson", args=[lesson.pk])).content.decode()
    assert "A review of Platform that is not shared with you" in page
    assert "Checkout outage" not in page
    assert "Add an action item" not in page


def test_editing_a_lesson_saves_its_tags(client, bob, lesson):
    client.force_login(bob.user)
    client.post(
        reverse("lesson-edit", args=[lesson.pk]),
        {"title": "Deploys need a canary stage", "detail": "", "tags": "deploys, Safety", "visibility": "team"},
    )
    lesson.refresh_from_db()
    assert lesson.title == "Deploys need a canary stage"
    assert sorted(lesson.tags.values_list("name", flat=True)) == ["deploys", "safety"]
    page = client.get(reverse("lesson", args=[lesson.pk])).content.decode()
    assert '<span class="badge">safety</span>' in page


def test_an_action_item_is_added_for_a_team_member(client, alice, bob, lesson):
    due = timezone.localdate() + datetime.timedelta(days=5)
    client.force_login(alice.user)
    client.post(
        reverse("lesson-action-create", args=[lesson.pk]),
        {"title": "Add a canary stage", "owner": bob.pk, "due_on": due.isoformat()},
    )
    item = ActionItem.objects.get()
    assert (item.owner, item.due_on, item.lesson) == (bob, due, lesson)
    assert "Add a canary stage" in client.get(reverse("lesson", args=[lesson.pk])).content.decode()


def test_the_owner_of_an_action_item_must_be_in_the_team(client, alice, charlie, lesson):
    client.force_login(alice.user)
    response = client.post(
        reverse("lesson-action-create", args=[lesson.pk]),
        {"title": "Add a canary stage", "owner": charlie.pk, "due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_due_date_in_the_past_is_refused_on_the_form(client, alice, bob, lesson):
    client.force_login(alice.user)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        reverse("lesson-action-create", args=[lesson.pk]),
        {"title": "Add a canary stage", "owner": bob.pk, "due_on": yesterday.isoformat()},
    )
    assert "The due date is in the past." in response.content.decode()
    assert not ActionItem.objects.exists()


def test_a_lesson_is_linked_to_an_earlier_one_and_both_show_it(client, bob, review, lesson):
    later = services.lesson_create(actor=bob, source=review, title="Canaries, again")
    client.force_login(bob.user)
    client.post(reverse("lesson-repeat", args=[later.pk]), {"earlier": lesson.pk})
    assert Repeat.objects.get().earlier_lesson == lesson
    assert "Same problem as" in client.get(reverse("lesson", args=[later.pk])).content.decode()
    assert "Came back in" in client.get(reverse("lesson", args=[lesson.pk])).content.decode()
