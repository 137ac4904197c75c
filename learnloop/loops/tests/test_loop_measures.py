from __future__ import annotations

import datetime

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import selectors, services
from learnloop.loops.models import ActionItem, Change


def test_follow_through_counts_items_done_with_a_change_by_their_due_date(alice, bob, lesson, org):
    today = timezone.localdate()
    items = [
        services.action_item_create(
            actor=SYSTEM, lesson=lesson, title=f"item {n}", owner=bob, due_on=today - datetime.timedelta(days=n + 1)
        )
        for n in range(4)
    ]
    services.action_item_complete(actor=bob, item=items[0], what="a", where="b")  # done, but late
    services.action_item_drop(actor=bob, item=items[1], reason="no longer needed")
    on_time = items[2]
    change = services.action_item_complete(actor=bob, item=on_time, what="c", where="d")
    ActionItem.objects.filter(pk=on_time.pk).update(closed_at=timezone.now() - datetime.timedelta(days=10))
    Change.objects.filter(pk=change.pk).update(recorded_at=timezone.now() - datetime.timedelta(days=10))
    measures = selectors.loop_measures(team=org["platform"])
    assert measures.items_due == 4
    assert measures.items_done_on_time == 1
    assert measures.follow_through == 0.25
    assert measures.overdue_items == 1


def test_the_organization_measures_include_every_team(alice, bob, lesson, org):
    services.action_item_create(actor=alice, lesson=lesson, title="x", owner=bob, due_on=timezone.localdate())
    assert selectors.loop_measures().open_items == 1
    assert selectors.loop_measures(team=org["root"]).open_items == 1
    assert selectors.loop_measures(team=org["sales"]).open_items == 0


def test_repeat_rate_is_the_share_of_lessons_linked_to_an_earlier_one(alice, bob, review, lesson, org):
    later = services.lesson_create(actor=bob, source=review, title="again")
    services.repeat_link(actor=bob, later=later, earlier=lesson)
    measures = selectors.loop_measures(team=org["platform"])
    assert (measures.lessons, measures.repeated_lessons, measures.repeat_rate) == (2, 1, 0.5)


def test_no_items_means_no_follow_through_figure(org, db):
    assert selectors.loop_measures(team=org["platform"]).follow_through is None
