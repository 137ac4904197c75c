from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Phase


def _retro(alice, org, title, **extra):
    return services.retro_create(actor=alice, team=org["platform"], title=title, format="4ls", **extra)


def test_the_list_shows_running_and_closed_retros_with_their_counts(client, alice, bob, org):
    running = _retro(alice, org, "Sprint 15")
    services.retro_set_phase(actor=alice, retro=running, phase=Phase.GATHERING)
    services.card_add(actor=bob, retro=running, column="liked", text="Docs day")
    services.card_add(actor=bob, retro=running, column="lacked", text="Time")
    closed = _retro(alice, org, "Sprint 14")
    services.retro_close(actor=alice, retro=closed, summary="Quiet sprint")
    client.force_login(bob.user)
    response = client.get(reverse("retros", args=["platform"]))
    running_part, closed_part = response.content.decode().split('id="closed-heading"')
    assert "Sprint 15" in running_part and "<td>2</td>" in running_part
    assert "Sprint 14" in closed_part and "Sprint 15" not in closed_part


def test_people_outside_the_team_see_only_retros_shared_with_everyone(client, alice, charlie, org):
    _retro(alice, org, "Private retro")
    _retro(alice, org, "Open retro", visibility="organization")
    client.force_login(charlie.user)
    page = client.get(reverse("retros", args=["platform"])).content.decode()
    assert "Open retro" in page
    assert "Private retro" not in page


def test_only_a_facilitator_is_offered_a_new_retro(client, alice, bob, org):
    client.force_login(bob.user)
    assert "New retro" not in client.get(reverse("retros", args=["platform"])).content.decode()
    client.force_login(alice.user)
    assert "New retro" in client.get(reverse("retros", args=["platform"])).content.decode()
