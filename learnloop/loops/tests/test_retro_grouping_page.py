from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Card, CardGroup, Phase


@pytest.fixture
def grouping(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="mad-sad-glad")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    cards = [services.card_add(actor=bob, retro=retro, column="mad", text=t) for t in ["Flaky CI", "Slow CI", "Noise"]]
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    return retro, cards


def test_ticked_cards_become_a_group_with_the_title_given(client, bob, grouping):
    retro, cards = grouping
    client.force_login(bob.user)
    client.post(reverse("retro-group", args=[retro.pk]), {"title": "CI", "cards": [str(c.pk) for c in cards[:2]]})
    group = CardGroup.objects.get(retro=retro)
    assert group.title == "CI" and set(group.cards.all()) == set(cards[:2])


def test_a_card_moves_into_a_group_and_back_out(client, bob, grouping):
    retro, cards = grouping
    group = services.group_create(actor=bob, retro=retro, title="CI", cards=cards[:1])
    client.force_login(bob.user)
    client.post(reverse("retro-card-move", args=[retro.pk]), {"card": str(cards[1].pk), "group": str(group.pk)})
    assert Card.objects.get(pk=cards[1].pk).group == group
    client.post(reverse("retro-card-move", args=[retro.pk]), {"card": str(cards[1].pk), "group": ""})
    assert Card.objects.get(pk=cards[1].pk).group is None


def test_a_group_is_renamed(client, bob, grouping):
    retro, cards = grouping
    group = services.group_create(actor=bob, retro=retro, title="CI", cards=cards[:1])
    client.force_login(bob.user)
    client.post(reverse("retro-group-rename", args=[retro.pk]), {"group": str(group.pk), "title": "Our pipeline"})
    assert CardGroup.objects.get(pk=group.pk).title == "Our pipeline"


def test_a_closed_retro_keeps_its_group_titles(client, alice, bob, grouping):
    retro, cards = grouping
    group = services.group_create(actor=bob, retro=retro, title="CI", cards=cards[:1])
    services.retro_close(actor=alice, retro=retro, summary="Done")
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-group-rename", args=[retro.pk]), {"group": str(group.pk), "title": "Rewritten"}, follow=True
    )
    assert "This retro is closed." in response.content.decode()
    assert CardGroup.objects.get(pk=group.pk).title == "CI"


def test_the_board_shows_cards_in_their_shuffled_order(client, bob, grouping):
    retro, cards = grouping
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    shuffled = sorted(cards, key=lambda card: card.shuffle_key)
    positions = [page.index(f'value="{card.pk}"') for card in shuffled]
    assert positions == sorted(positions)
