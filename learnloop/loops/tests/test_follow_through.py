from __future__ import annotations

import datetime

from django.utils import timezone

from learnloop.loops import selectors, services
from learnloop.loops.models import Phase
from learnloop.loops.tests.conftest import in_phase


def _retro_with_item(alice, bob, org, title):
    retro = services.retro_create(actor=alice, team=org["platform"], title=title, format="mad-sad-glad")
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="mad", text="Pager noise")
    in_phase(retro, alice, Phase.DECIDING)
    lesson = services.lesson_create(actor=alice, source=card, title="Alerts without action wake us for nothing")
    item = services.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Delete unactionable alerts",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        retro=retro,
    )
    services.retro_close(actor=alice, retro=retro, summary="Alert hygiene")
    return retro, item


def test_the_next_retro_opens_with_the_open_items_of_the_last(alice, bob, org):
    _, item = _retro_with_item(alice, bob, org, "Sprint 1")
    nxt = services.retro_create(actor=alice, team=org["platform"], title="Sprint 2", format="4ls")
    assert list(selectors.carried_over_items(nxt)) == [item]


def test_done_items_are_not_carried_over(alice, bob, org):
    _, item = _retro_with_item(alice, bob, org, "Sprint 1")
    services.action_item_complete(actor=bob, item=item, what="Removed 12 alerts", where="alert rules")
    nxt = services.retro_create(actor=alice, team=org["platform"], title="Sprint 2", format="4ls")
    assert list(selectors.carried_over_items(nxt)) == []


def test_an_item_whose_problem_returns_is_marked_regenerated(alice, bob, org):
    _, item = _retro_with_item(alice, bob, org, "Sprint 1")
    nxt = services.retro_create(actor=alice, team=org["platform"], title="Sprint 2", format="4ls")
    services.action_item_mark_regenerated(actor=alice, item=item, retro=nxt)
    item.refresh_from_db()
    assert item.regenerated_in == nxt
