from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import CardGroup, Phase, Retrospective, Vote
from learnloop.loops.views.retros import speaking_order


@pytest.fixture
def discussing(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="mad-sad-glad")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    cards = [services.card_add(actor=bob, retro=retro, column="mad", text=text) for text in ["Flaky CI", "Noise"]]
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.VOTING)
    services.vote_cast(actor=bob, retro=retro, card=cards[1])
    services.vote_cast(actor=bob, retro=retro, card=cards[1])
    services.vote_cast(actor=alice, retro=retro, card=cards[0])
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.DISCUSSING)
    return retro, cards


def test_topics_are_listed_by_votes(client, alice, discussing):
    retro, _ = discussing
    client.force_login(alice.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert page.index("Noise") < page.index("Flaky CI")


def test_the_facilitator_puts_a_card_up_with_a_timer(client, alice, bob, discussing):
    retro, cards = discussing
    client.force_login(alice.user)
    client.post(reverse("retro-focus", args=[retro.pk]), {"card": str(cards[0].pk), "minutes": "4"})
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "Now discussing: <strong>Flaky CI</strong>" in page
    assert "3:59 left" in page or "4:00 left" in page


def test_a_card_put_up_alone_becomes_a_topic_that_keeps_its_votes(alice, discussing):
    retro, cards = discussing
    services.discussion_focus(actor=alice, retro=retro, card=cards[1], minutes=None)
    group = CardGroup.objects.get(retro=retro)
    assert Retrospective.objects.get(pk=retro.pk).discussing == group
    assert list(group.cards.all()) == [cards[1]]
    assert Vote.objects.filter(group=group).count() == 2 and not Vote.objects.filter(card=cards[1]).exists()


def test_a_member_cannot_steer_the_discussion(client, bob, discussing):
    retro, cards = discussing
    client.force_login(bob.user)
    assert client.post(reverse("retro-focus", args=[retro.pk]), {"card": str(cards[0].pk)}).status_code == 403


def test_the_first_speaker_changes_from_one_retro_to_the_next(alice, bob, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    people = [carol, bob, alice]
    first = services.retro_create(actor=alice, team=org["platform"], title="One", format="4ls")
    second = services.retro_create(actor=alice, team=org["platform"], title="Two", format="4ls")
    third = services.retro_create(actor=alice, team=org["platform"], title="Three", format="4ls")
    assert speaking_order(first, people) == [alice, bob, carol]
    assert speaking_order(second, people) == [bob, carol, alice]
    assert speaking_order(third, people) == [carol, alice, bob]


def test_someone_away_keeps_their_turn_for_the_next_retro(alice, bob, org):
    carol = _person("Carol Cole", "carol@example.com", org["platform"])
    first = services.retro_create(actor=alice, team=org["platform"], title="One", format="4ls")
    second = services.retro_create(actor=alice, team=org["platform"], title="Two", format="4ls")
    third = services.retro_create(actor=alice, team=org["platform"], title="Three", format="4ls")
    assert speaking_order(first, [alice, bob, carol]) == [alice, bob, carol]
    assert speaking_order(second, [alice, carol]) == [carol, alice]  # Bob's turn, but Bob is away
    assert speaking_order(third, [alice, bob, carol]) == [bob, alice, carol]  # so Bob opens the next one


def test_without_a_rotation_provider_names_rotate_by_earlier_retros(alice, bob, org, monkeypatch):
    from learnloop.people import selectors

    monkeypatch.setattr(selectors, "_speaking_order_providers", [])
    first = services.retro_create(actor=alice, team=org["platform"], title="One", format="4ls")
    second = services.retro_create(actor=alice, team=org["platform"], title="Two", format="4ls")
    assert speaking_order(first, [bob, alice]) == [alice, bob]
    assert speaking_order(second, [bob, alice]) == [bob, alice]


def test_people_marked_away_leave_the_speaking_order(client, alice, bob, discussing):
    retro, _ = discussing
    services.participant_join(actor=bob, retro=retro)
    client.force_login(alice.user)
    client.post(reverse("retro-present", args=[retro.pk]), {"person": str(bob.pk), "present": "0"})
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    order = page.split('id="people-heading"')[1].split("</ol>")[0]
    assert "Alice Archer" in order and "Bob Baker" not in order
    assert "<h3>Away</h3>" in page
