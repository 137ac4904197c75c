from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from learnloop.loops import services
from learnloop.loops.models import Phase, Vote
from learnloop.loops.tests.conftest import in_phase


@pytest.fixture
def voting(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    cards = [services.card_add(actor=bob, retro=retro, column="stop", text=f"card {n}") for n in range(3)]
    in_phase(retro, alice, Phase.VOTING)
    return retro, cards


def test_a_person_votes_within_their_budget(bob, voting):
    retro, cards = voting
    for card in [cards[0], cards[0], cards[1]]:
        services.vote_cast(actor=bob, retro=retro, card=card)
    with pytest.raises(ValidationError, match="all 3 of your votes"):
        services.vote_cast(actor=bob, retro=retro, card=cards[2])
    assert services.votes_left(retro=retro, person=bob) == 0


def test_a_vote_can_be_taken_back(bob, voting):
    retro, cards = voting
    services.vote_cast(actor=bob, retro=retro, card=cards[0])
    services.vote_retract(actor=bob, retro=retro, card=cards[0])
    assert services.votes_left(retro=retro, person=bob) == 3


def test_voting_is_closed_outside_the_voting_phase(alice, bob, voting):
    retro, cards = voting
    in_phase(retro, alice, Phase.DISCUSSING)
    with pytest.raises(ValidationError, match="dot-voting phase"):
        services.vote_cast(actor=bob, retro=retro, card=cards[0])


@pytest.mark.django_db(transaction=True)
def test_concurrent_votes_never_exceed_the_budget(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Race", format="mad-sad-glad")
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="mad", text="x")
    in_phase(retro, alice, Phase.VOTING)
    barrier = threading.Barrier(8)
    errors: list[Exception] = []

    def vote() -> None:
        try:
            barrier.wait()
            services.vote_cast(actor=bob, retro=retro, card=card)
        except ValidationError:
            pass
        except Exception as error:  # a lock error would be a failure of exactness
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=vote) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Vote.objects.filter(retro=retro, voter=bob).count() == 3
