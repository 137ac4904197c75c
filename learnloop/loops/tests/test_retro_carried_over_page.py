from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Phase


@pytest.fixture
def earlier_item(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 13", format="mad-sad-glad")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="mad", text="Pager noise")
    lesson = services.lesson_create(actor=alice, source=card, title="Alerts need an action")
    item = services.action_item_create(
        actor=alice,
        lesson=lesson,
        title="Delete unactionable alerts",
        owner=bob,
        due_on=timezone.localdate() + datetime.timedelta(days=7),
        retro=retro,
    )
    services.retro_close(actor=alice, retro=retro, summary="Alert hygiene")
    return item


def _next(alice, org, **extra):
    return services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="4ls", **extra)


def test_the_next_retro_opens_with_the_open_items_their_owner_and_due_date(client, alice, bob, org, earlier_item):
    retro = _next(alice, org)
    client.force_login(bob.user)
    section = client.get(reverse("retro", args=[retro.pk])).content.decode().split('id="carried-heading"')[1]
    assert "Delete unactionable alerts" in section and "Bob Baker" in section
    assert f"due {earlier_item.due_on:%Y-%m-%d}" in section
    assert "It came back" not in section  # only the facilitator marks that


def test_the_facilitator_marks_an_item_that_came_back(client, alice, org, earlier_item):
    retro = _next(alice, org)
    client.force_login(alice.user)
    client.post(reverse("retro-regenerated", args=[retro.pk]), {"item": str(earlier_item.pk)})
    assert ActionItem.objects.get(pk=earlier_item.pk).regenerated_in == retro
    assert "came back in this retro" in client.get(reverse("retro", args=[retro.pk])).content.decode()


def test_the_section_leaves_after_deciding(client, alice, org, earlier_item):
    retro = _next(alice, org)
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.CLOSING)
    client.force_login(alice.user)
    assert "Carried over" not in client.get(reverse("retro", args=[retro.pk])).content.decode()


def test_an_organization_wide_retro_does_not_show_team_only_items_to_outsiders(
    client, alice, charlie, org, earlier_item
):
    retro = _next(alice, org, visibility="organization")
    client.force_login(charlie.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "Carried over" in page and "Delete unactionable alerts" not in page
