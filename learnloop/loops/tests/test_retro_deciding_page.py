from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Lesson, Phase


@pytest.fixture
def deciding(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="mad-sad-glad")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    cards = [services.card_add(actor=bob, retro=retro, column="mad", text=text) for text in ["Pager noise", "Alerts"]]
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    group = services.group_create(actor=bob, retro=retro, title="On-call pain", cards=cards[1:])
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DECIDING)
    return retro, cards[0], group


def _decide(client, retro, source, **extra):
    data = {
        "lesson_title": "Alerts without an action wake us for nothing",
        "action_title": "Delete unactionable alerts",
        "due_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
        **extra,
    }
    return client.post(reverse("retro-action", args=[retro.pk]), {**source, **data})


def test_deciding_on_a_card_creates_a_lesson_from_it_and_an_action_item_of_this_retro(client, alice, bob, deciding):
    retro, card, _ = deciding
    client.force_login(alice.user)
    response = _decide(client, retro, {"card": str(card.pk)}, owner=str(bob.pk))
    assert response.status_code == 302
    lesson = Lesson.objects.get()
    assert lesson.source_card == card and lesson.team == retro.team
    item = ActionItem.objects.get()
    assert (item.lesson, item.retro, item.owner, item.title) == (lesson, retro, bob, "Delete unactionable alerts")


def test_deciding_on_a_group_links_the_lesson_to_the_group(client, alice, bob, deciding):
    retro, _, group = deciding
    client.force_login(alice.user)
    _decide(client, retro, {"group": str(group.pk)}, owner=str(bob.pk))
    assert Lesson.objects.get().source_group == group


def test_the_owner_is_chosen_among_the_teams_members(client, alice, charlie, deciding):
    retro, card, _ = deciding
    client.force_login(alice.user)
    _decide(client, retro, {"card": str(card.pk)}, owner=str(charlie.pk))
    assert not ActionItem.objects.exists()
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "Select a valid choice" in page


def test_the_decide_form_is_prefilled_with_the_topic_and_lists_the_items(client, alice, bob, deciding):
    retro, card, _ = deciding
    client.force_login(alice.user)
    _decide(client, retro, {"card": str(card.pk)}, owner=str(bob.pk))
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert 'value="On-call pain"' in page  # "what we learned" starts from the group's title
    assert "<td>Delete unactionable alerts</td>" in page
