"""The board fragment costs the same number of queries however many cards, groups and votes it shows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import Phase

# Session, person, access (5), the retro, cards, groups, votes, people, carried-over items, action
# items and the panel: about twenty, never one per card.
BOUND = 22


def _retro_with(alice, bob, org, cards, phase):
    retro = services.retro_create(actor=alice, team=org["platform"], title=f"{cards} cards", format="mad-sad-glad")
    services.participant_join(actor=bob, retro=retro)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    made = [services.card_add(actor=bob, retro=retro, column="mad", text=f"card {n}") for n in range(cards)]
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    for start in range(0, cards // 2, 2):
        services.group_create(actor=bob, retro=retro, title=f"group {start}", cards=made[start : start + 2])
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
    services.vote_cast(actor=bob, retro=retro, card=made[-1])
    lesson = services.lesson_create(actor=alice, source=made[-1], title="A lesson")
    services.action_item_create(
        actor=alice,
        lesson=lesson,
        title="An action",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    services.retro_set_phase(actor=alice, retro=retro, phase=phase)
    return retro


@pytest.mark.parametrize("phase", [Phase.GATHERING, Phase.GROUPING, Phase.VOTING, Phase.DISCUSSING, Phase.DECIDING])
def test_the_board_fragment_needs_a_bounded_number_of_queries(
    client, alice, bob, org, phase, django_assert_max_num_queries
):
    small = _retro_with(alice, bob, org, 2, phase)
    large = _retro_with(alice, bob, org, 40, phase)
    client.force_login(alice.user)
    for retro in (small, large):
        with django_assert_max_num_queries(BOUND):
            response = client.get(reverse("retro-board", args=[retro.pk]), {"seen": "other"})
        assert response.status_code == 200
