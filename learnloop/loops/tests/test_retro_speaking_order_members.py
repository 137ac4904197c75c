"""Opening a live retro adds its viewer to the speaking order only when they are in the team:
an admin or a manager of a team above looks at the board without being put on the list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import _person
from learnloop.loops import services
from learnloop.loops.models import Participant, Phase
from learnloop.people.models import Role


@pytest.fixture
def opening(alice, org):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="mad-sad-glad")


def speaking_order_on(page: str) -> str:
    return page.split('id="people-heading"')[1].split("</ol>")[0]


def test_opening_a_live_retro_never_adds_a_non_member_to_the_speaking_order(client, org, bob, erin, opening):
    head_of_engineering = _person("Hana Ito", "hana@example.com", org["engineering"], Role.MANAGER)
    for visitor in (erin, head_of_engineering):
        client.force_login(visitor.user)
        assert client.get(reverse("retro", args=[opening.pk])).status_code == 200
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[opening.pk])).content.decode()
    assert list(Participant.objects.filter(retro=opening).values_list("person__display_name", flat=True)) == [
        "Bob Baker"
    ]
    order = speaking_order_on(page)
    assert "Bob Baker" in order
    assert "Erin Evans" not in order and "Hana Ito" not in order


def test_someone_outside_the_team_cannot_be_made_a_participant(erin, opening):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Only members of Platform take part"):
        services.participant_join(actor=erin, retro=opening)
    assert not Participant.objects.filter(retro=opening).exists()


def test_a_member_still_joins_in_every_phase_but_the_closed_one(client, bob, alice, opening):
    client.force_login(bob.user)
    client.get(reverse("retro", args=[opening.pk]))
    services.retro_set_phase(actor=alice, retro=opening, phase=Phase.GATHERING)
    assert Participant.objects.filter(retro=opening, person=bob, present=True).exists()


def test_voting_from_outside_the_team_does_not_join_the_retro_either(bob, erin, alice, opening):
    services.retro_set_phase(actor=alice, retro=opening, phase=Phase.GATHERING)
    card = services.card_add(actor=bob, retro=opening, column="mad", text="Flaky CI")
    services.retro_set_phase(actor=alice, retro=opening, phase=Phase.VOTING)
    services.vote_cast(actor=erin, retro=opening, card=card)
    services.vote_cast(actor=bob, retro=opening, card=card)
    assert services.votes_left(retro=opening, person=erin) == opening.votes_per_person - 1
    assert list(Participant.objects.filter(retro=opening).values_list("person__display_name", flat=True)) == [
        "Bob Baker"
    ]
