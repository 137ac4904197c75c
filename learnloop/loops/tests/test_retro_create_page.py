from __future__ import annotations

from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Phase, Retrospective


def test_a_facilitator_starts_a_retro_and_lands_on_its_board(client, alice, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("retro-create", args=["platform"]),
        {"title": "Sprint 14", "format": "sailboat", "mode": "live", "votes_per_person": "5", "visibility": "team"},
    )
    retro = Retrospective.objects.get(title="Sprint 14")
    assert response["Location"] == reverse("retro", args=[retro.pk])
    assert retro.phase == Phase.OPENING and retro.votes_per_person == 5
    assert [column["key"] for column in retro.columns] == ["wind", "anchors", "rocks", "island"]


def test_a_format_saved_by_the_team_can_be_chosen(client, alice, org):
    template = services.retro_template_save(
        actor=alice, team=org["platform"], name="Energy", column_titles=["Energised", "Drained"]
    )
    client.force_login(alice.user)
    client.post(
        reverse("retro-create", args=["platform"]),
        {"title": "x", "format": f"saved-{template.pk}", "mode": "live", "votes_per_person": "3", "visibility": "team"},
    )
    retro = Retrospective.objects.get(title="x")
    assert retro.format == "custom:Energy"
    assert [column["title"] for column in retro.columns] == ["Energised", "Drained"]


def test_an_asynchronous_retro_without_a_date_is_refused_on_that_field(client, alice, org):
    client.force_login(alice.user)
    response = client.post(
        reverse("retro-create", args=["platform"]),
        {"title": "Async", "format": "4ls", "mode": "async", "votes_per_person": "3", "visibility": "team"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["gather_until"] == [
        "An asynchronous retro needs a future date to collect cards until."
    ]
    assert not Retrospective.objects.exists()


def test_a_member_cannot_start_a_retro(client, bob, org):
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-create", args=["platform"]),
        {"title": "x", "format": "4ls", "mode": "live", "votes_per_person": "3", "visibility": "team"},
    )
    assert response.status_code == 403
    assert not Retrospective.objects.exists()
