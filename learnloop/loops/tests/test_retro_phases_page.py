from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Participant, Phase, Retrospective


@pytest.fixture
def retro(alice, bob, org):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")


def test_opening_the_board_joins_the_retro(client, bob, retro):
    client.force_login(bob.user)
    client.get(reverse("retro", args=[retro.pk]))
    assert Participant.objects.filter(retro=retro, person=bob, present=True).exists()


def test_an_outsider_may_read_a_shared_retro_without_joining_it(client, alice, charlie, org):
    shared = services.retro_create(
        actor=alice, team=org["platform"], title="Open", format="4ls", visibility="organization"
    )
    client.force_login(charlie.user)
    page = client.get(reverse("retro", args=[shared.pk])).content.decode()
    assert not Participant.objects.filter(retro=shared, person=charlie).exists()
    assert 'name="score"' not in page  # nothing to answer for someone outside the team


def test_the_opening_shows_the_statement_and_the_stepper(client, bob, retro):
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "everyone here did the best they could" in page
    assert '<li class="current" aria-current="step">Opening</li>' in page
    assert "Next: gathering cards" not in page  # Bob does not facilitate


def test_the_facilitator_moves_the_retro_on(client, alice, retro):
    client.force_login(alice.user)
    response = client.post(reverse("retro-phase", args=[retro.pk]), {"phase": "gathering"})
    assert response["Location"] == reverse("retro", args=[retro.pk])
    assert Retrospective.objects.get(pk=retro.pk).phase == Phase.GATHERING


def test_a_member_cannot_move_the_retro(client, bob, retro):
    client.force_login(bob.user)
    assert client.post(reverse("retro-phase", args=[retro.pk]), {"phase": "gathering"}).status_code == 403
    assert Retrospective.objects.get(pk=retro.pk).phase == Phase.OPENING


def test_closing_takes_a_summary_and_shows_it_read_only(client, alice, bob, retro):
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.CLOSING)
    client.force_login(alice.user)
    client.post(reverse("retro-close", args=[retro.pk]), {"summary": "We *ship* smaller."})
    client.force_login(bob.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "We <em>ship</em> smaller." in page
    assert "hx-post" not in page.split('id="retro-board"')[1]  # nothing to change any more
