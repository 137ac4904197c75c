from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import Phase, Vote


@pytest.fixture
def voting(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="mad-sad-glad")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    cards = [services.card_add(actor=bob, retro=retro, column="mad", text=t) for t in ["Flaky CI", "Slow CI", "Noise"]]
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GROUPING)
    group = services.group_create(actor=bob, retro=retro, title="CI", cards=cards[:2])
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
    return retro, group, cards[2]


def _vote(client, retro, action="cast", **target):
    return client.post(reverse("retro-vote", args=[retro.pk]), {**target, "action": action})


def test_votes_are_cast_on_groups_and_lone_cards_and_the_totals_are_exact(client, alice, bob, org, voting):
    retro, group, card = voting
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    for person, target in [(bob, {"group": group.pk}), (bob, {"group": group.pk}), (carol, {"card": card.pk})]:
        client.force_login(person.user)
        _vote(client, retro, **{key: str(value) for key, value in target.items()})
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert page.split('id="topic-' + group.pk.hex)[1].split('class="retro-votes">')[1].startswith("2 votes")
    assert page.split('id="topic-' + card.pk.hex)[1].split('class="retro-votes">')[1].startswith("1 vote<")
    assert "Carol Cole" not in page.split('id="topics-heading"')[1].split("</section>")[0]  # totals, never voters


def test_a_vote_can_be_taken_back_and_the_budget_shows(client, bob, voting):
    retro, group, _ = voting
    client.force_login(bob.user)
    _vote(client, retro, group=str(group.pk))
    _vote(client, retro, group=str(group.pk))
    _vote(client, retro, "retract", group=str(group.pk))
    assert Vote.objects.filter(retro=retro, voter=bob).count() == 1
    assert "You have 2 of 3 votes left." in client.get(reverse("retro", args=[retro.pk])).content.decode()


def test_a_card_inside_a_group_is_voted_through_its_group(client, bob, voting):
    retro, group, _ = voting
    client.force_login(bob.user)
    inside = group.cards.first()
    response = _vote(client, retro, card=str(inside.pk))
    assert not Vote.objects.exists()
    assert response.status_code == 302
