"""The loop measures page: the organization, one row per team, a period, and bounded queries."""

from __future__ import annotations

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from learnloop.core.access import SYSTEM
from learnloop.loops import selectors, services


def _late_item(bob, lesson):
    return services.action_item_create(
        actor=SYSTEM, lesson=lesson, title="Late", owner=bob, due_on=timezone.localdate() - datetime.timedelta(days=2)
    )


def test_the_page_shows_each_measure_with_its_formula(client, bob, lesson):
    _late_item(bob, lesson)
    client.force_login(bob.user)
    page = client.get(reverse("loop-measures")).content.decode()
    assert "Follow-through" in page
    assert "divided by the action items whose due date fell in the period" in page
    assert "How each measure is counted" in page


def test_each_team_with_work_has_a_row_that_matches_its_team_measures(client, bob, lesson, org):
    _late_item(bob, lesson)
    client.force_login(bob.user)
    response = client.get(reverse("loop-measures"))
    rows = {team.slug: cells for team, cells in response.context["rows"]}
    assert set(rows) == {"acme", "engineering", "platform"}
    overdue = {definition.key: value for definition, value in rows["platform"]}["overdue_items"]
    assert overdue == "1" == str(selectors.loop_measures(team=org["platform"]).overdue_items)


def test_the_by_team_measures_agree_with_the_single_team_measures(bob, charlie, review, lesson, org):
    for days in (-9, -2, 0, 6):
        item = services.action_item_create(
            actor=SYSTEM,
            lesson=lesson,
            title=f"x{days}",
            owner=bob,
            due_on=timezone.localdate() + datetime.timedelta(days=days),
        )
        if days >= 0:
            services.action_item_complete(actor=bob, item=item, what="changed", where="runbook")
    again = services.lesson_create(actor=bob, source=review, title="Canaries, again")
    services.repeat_link(actor=bob, later=again, earlier=lesson)
    sales_review = services.review_create(actor=charlie, team=org["sales"], title="Lost deal")
    services.lesson_create(actor=charlie, source=sales_review, title="Renewals need a reminder")
    by_team = dict(selectors.loop_measures_by_team())
    for team in org.values():
        expected = selectors.loop_measures(team=team)
        if expected.lessons or expected.open_items:
            assert by_team[team] == expected, team
    assert by_team[org["platform"]].items_due == 3
    assert by_team[org["platform"]].items_done_on_time == 1


def test_the_period_limits_what_is_counted(client, bob, lesson):
    _late_item(bob, lesson)
    client.force_login(bob.user)
    since = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(reverse("loop-measures"), {"since": since.isoformat(), "until": since.isoformat()})
    organization = {definition.key: value for definition, value in response.context["organization"]}
    assert organization["follow_through"] == "—"  # no item fell due in that period
    assert organization["open_items"] == "1"  # open items are counted now, whatever the period


def test_a_period_that_ends_before_it_starts_is_an_error(client, bob):
    client.force_login(bob.user)
    page = client.get(reverse("loop-measures"), {"since": "2026-05-01", "until": "2026-04-01"}).content.decode()
    assert "The period starts after it ends." in page


def test_the_page_needs_the_same_queries_for_many_teams(client, bob, erin, lesson, org):
    from learnloop.people.tests.factories import TeamFactory

    _late_item(bob, lesson)
    client.force_login(bob.user)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("loop-measures"))
    for n in range(8):
        team = TeamFactory(name=f"Squad {n}", slug=f"squad-{n}", parent=org["engineering"])
        review = services.review_create(actor=SYSTEM, team=team, title=f"Outage {n}")
        squad_lesson = services.lesson_create(actor=SYSTEM, source=review, title=f"Lesson {n}")
        services.action_item_create(
            actor=SYSTEM, lesson=squad_lesson, title="x", owner=erin, due_on=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("loop-measures"))
    assert len(response.context["rows"]) == 11
    assert len(many) == len(few)
