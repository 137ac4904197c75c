"""GET /measures: the loop measures, the same figures loops.selectors.loop_measures computes."""

from __future__ import annotations

import datetime

from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import selectors, services

FIELDS = {
    "follow_through",
    "items_due",
    "items_done_on_time",
    "median_days_lesson_to_change",
    "changes",
    "lessons",
    "repeated_lessons",
    "repeat_rate",
    "regenerated_items",
    "open_items",
    "overdue_items",
}


def some_work(alice, bob, review, lesson):
    today = timezone.localdate()
    items = [
        services.action_item_create(
            actor=SYSTEM, lesson=lesson, title=f"item {n}", owner=bob, due_on=today - datetime.timedelta(days=n)
        )
        for n in range(3)
    ]
    services.action_item_complete(actor=bob, item=items[0], what="Canary", where="deploy.yml")
    services.action_item_drop(actor=alice, item=items[1], reason="Replaced")
    later = services.lesson_create(actor=bob, source=review, title="Canaries again")
    services.repeat_link(actor=bob, later=later, earlier=lesson)


def test_a_teams_measures_match_loop_measures(api_as, alice, bob, review, lesson, org):
    some_work(alice, bob, review, lesson)
    body = api_as(bob, scope="read").get("/measures", {"team": "platform"}).json()
    expected = selectors.loop_measures(team=org["platform"]).as_dict()
    assert {key: body[key] for key in FIELDS} == expected
    assert (body["items_due"], body["items_done_on_time"], body["overdue_items"]) == (3, 1, 1)
    assert (body["lessons"], body["repeated_lessons"], body["repeat_rate"]) == (2, 1, 0.5)
    today = timezone.localdate()
    assert (body["team"], body["since"], body["until"]) == (
        "platform",
        str(today - datetime.timedelta(days=365)),
        str(today),
    )


def test_the_organizations_measures_and_a_period_match_too(api_as, alice, bob, charlie, review, lesson):
    some_work(alice, bob, review, lesson)
    today = timezone.localdate()
    since, until = today - datetime.timedelta(days=1), today
    body = api_as(charlie, scope="read").get("/measures", {"since": str(since), "until": str(until)}).json()
    assert {key: body[key] for key in FIELDS} == selectors.loop_measures(since=since, until=until).as_dict()
    assert (body["team"], body["items_due"]) == (None, 2)


def test_a_team_includes_the_teams_below_it_and_counts_nothing_else(api_as, alice, bob, review, lesson):
    some_work(alice, bob, review, lesson)
    api = api_as(alice, scope="read")
    assert api.get("/measures", {"team": "engineering"}).json()["lessons"] == 2
    sales = api.get("/measures", {"team": "sales"}).json()
    assert (sales["lessons"], sales["follow_through"], sales["repeat_rate"]) == (0, None, None)


def test_a_bad_period_or_team_is_refused(api_as, bob):
    api = api_as(bob, scope="read")
    backwards = api.get("/measures", {"since": "2025-02-01", "until": "2025-01-01"})
    assert backwards.status_code == 400
    assert backwards.json()["errors"] == {"since": ["The period starts after it ends."]}
    assert api.get("/measures", {"team": "atlantis"}).status_code == 404
    assert api.get("/measures", {"since": "yesterday"}).status_code == 422


def test_the_measures_cost_a_fixed_number_of_queries(api_as, alice, bob, review, lesson, django_assert_max_num_queries):
    some_work(alice, bob, review, lesson)
    api = api_as(bob, scope="read")
    api.get("/me")
    with django_assert_max_num_queries(8):  # token, team, and the measures' grouped queries
        api.get("/measures", {"team": "engineering"})
