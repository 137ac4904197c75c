"""Action item pages: an item closes only with a change or a reason; my items, open first and overdue marked."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import services
from learnloop.loops.models import ActionItem, Change


def _item(bob, lesson, days=3, title="Add a canary stage"):
    return services.action_item_create(
        actor=SYSTEM, lesson=lesson, title=title, owner=bob, due_on=timezone.localdate() + datetime.timedelta(days=days)
    )


def test_an_item_cannot_be_completed_without_what_and_where(client, bob, lesson):
    item = _item(bob, lesson)
    client.force_login(bob.user)
    response = client.post(reverse("action-item-complete", args=[item.pk]), {"what": " ", "where": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Say what changed" in page
    assert "Say where the change lives" in page
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert not Change.objects.exists()


def test_the_completion_form_explains_that_done_means_something_changed(client, bob, lesson):
    client.force_login(bob.user)
    page = client.get(reverse("action-item-complete", args=[_item(bob, lesson).pk])).content.decode()
    assert "is done when something in how people work has changed" in page


def test_an_item_completes_with_the_change_it_made(client, bob, lesson):
    item = _item(bob, lesson)
    client.force_login(bob.user)
    response = client.post(
        reverse("action-item-complete", args=[item.pk]),
        {"what": "Canary stage added", "where": "deploy pipeline", "evidence_url": "https://ci.example/42"},
        follow=True,
    )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.change.where == "deploy pipeline"
    assert "Canary stage added" in response.content.decode()


def test_dropping_without_a_reason_shows_the_error_and_keeps_the_item_open(client, bob, lesson):
    item = _item(bob, lesson)
    client.force_login(bob.user)
    response = client.post(reverse("action-item-drop", args=[item.pk]), {"reason": ""})
    assert "Say why the item is dropped" in response.content.decode()
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN


def test_dropping_with_a_reason_closes_the_item(client, bob, lesson):
    item = _item(bob, lesson)
    client.force_login(bob.user)
    client.post(reverse("action-item-drop", args=[item.pk]), {"reason": "The service is retired."})
    item.refresh_from_db()
    assert (item.status, item.drop_reason) == (ActionItem.Status.DROPPED, "The service is retired.")


def test_a_member_who_neither_owns_nor_facilitates_cannot_close_the_item(client, alice, bob, lesson, org):
    from conftest import _person

    dev = _person("Dev Dutta", "dev@example.com", org["platform"], "member")
    item = _item(bob, lesson)
    client.force_login(dev.user)
    assert client.get(reverse("action-item", args=[item.pk])).status_code == 200
    assert client.get(reverse("action-item-complete", args=[item.pk])).status_code == 403
    assert client.post(reverse("action-item-drop", args=[item.pk]), {"reason": "x"}).status_code == 403


def test_my_action_items_list_open_first_with_overdue_marked(client, bob, lesson):
    done = _item(bob, lesson, days=1, title="Already done")
    services.action_item_complete(actor=bob, item=done, what="x", where="y")
    _item(bob, lesson, days=10, title="Later one")
    _item(bob, lesson, days=-2, title="Late one")
    client.force_login(bob.user)
    page = client.get(reverse("action-items")).content.decode()
    assert page.index("Late one") < page.index("Later one") < page.index("Already done")
    assert page.count('class="badge">overdue') == 1


def test_the_team_tab_lists_the_items_of_teams_i_facilitate(client, alice, bob, charlie, lesson):
    _item(bob, lesson, title="Bob's item")
    client.force_login(alice.user)
    assert "Bob&#x27;s item" in client.get(reverse("action-items"), {"tab": "team"}).content.decode()
    client.force_login(charlie.user)
    page = client.get(reverse("action-items"), {"tab": "team"}).content.decode()
    assert "Bob&#x27;s item" not in page
    assert "Teams I facilitate" in page  # the tab itself is always reachable from its own page


def test_the_home_page_lists_my_overdue_and_soon_due_items(client, bob, lesson):
    _item(bob, lesson, days=-3, title="Late one")
    _item(bob, lesson, days=5, title="Soon one")
    _item(bob, lesson, days=30, title="Far one")
    client.force_login(bob.user)
    page = client.get(reverse("home")).content.decode()
    assert '<li class="overdue"><a href="/actions/' in page
    assert "Action item: Late one" in page and "overdue by 3 days" in page
    assert "Action item: Soon one" in page
    assert "Far one" not in page


def test_the_action_item_list_needs_the_same_queries_for_many_items(client, bob, lesson):
    _item(bob, lesson)
    client.force_login(bob.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("action-items"))
    for n in range(15):
        _item(bob, lesson, days=n - 5, title=f"item {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("action-items"))
    assert len(many) == len(few)
