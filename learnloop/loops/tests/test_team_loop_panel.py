"""The loop's section of a team page: measures for everyone, overdue items for the team."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import services


def _overdue(bob, lesson):
    return services.action_item_create(
        actor=SYSTEM,
        lesson=lesson,
        title="Add a canary stage",
        owner=bob,
        due_on=timezone.localdate() - datetime.timedelta(days=4),
    )


def test_the_team_page_shows_the_measures_and_overdue_items_to_members(client, bob, lesson):
    item = _overdue(bob, lesson)
    client.force_login(bob.user)
    page = client.get(reverse("team", args=["platform"])).content.decode()
    assert "Learning loop" in page
    assert "Follow-through" in page and "Repeat rate" in page and "Regenerated items" in page
    assert "Overdue action items" in page
    assert f'<a href="{reverse("action-item", args=[item.pk])}">Add a canary stage</a>' in page


def test_someone_outside_the_team_sees_only_the_measures(client, bob, charlie, lesson):
    _overdue(bob, lesson)
    client.force_login(charlie.user)
    page = client.get(reverse("team", args=["platform"])).content.decode()
    assert "Follow-through" in page
    assert "Overdue action items" not in page
    assert "Add a canary stage" not in page
    assert "Checkout outage" not in page  # the team-private review is not among the latest reviews


def test_the_panel_lists_the_latest_reviews_and_links_to_the_team_pages(client, bob, review):
    client.force_login(bob.user)
    page = client.get(reverse("team", args=["platform"])).content.decode()
    assert f'<a href="{reverse("review", args=[review.pk])}">Checkout outage</a>' in page
    assert f'href="{reverse("reviews")}?team=platform"' in page
    assert f'href="{reverse("review-create", args=["platform"])}"' in page


def test_a_parent_team_counts_the_items_of_its_sub_teams(client, alice, bob, lesson):
    _overdue(bob, lesson)
    client.force_login(alice.user)
    response = client.get(reverse("team", args=["engineering"]))
    panel = next(p for p in response.context["panels"] if p.template == "loops/_team_loop_panel.html")
    measures = {definition.key: value for definition, value in panel.context["measures"]}
    assert measures["overdue_items"] == "1"
