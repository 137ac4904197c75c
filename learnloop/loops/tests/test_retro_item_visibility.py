"""A retro shared with the organization still hides the items of lessons kept to the team."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import Phase, Visibility
from learnloop.loops.tests.conftest import in_phase


def test_an_outsider_sees_the_shared_retro_but_not_a_team_only_lessons_items(client, alice, bob, charlie, org):
    retro = services.retro_create(
        actor=alice, team=org["platform"], title="Open retro", format="4ls", visibility=Visibility.ORGANIZATION
    )
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="lacked", text="No staging data")
    open_lesson = services.lesson_create(actor=alice, source=card, title="Seed staging nightly")
    private = services.lesson_create(
        actor=alice, source=card, title="Rotate the vendor keys", visibility=Visibility.TEAM
    )
    due = timezone.localdate() + datetime.timedelta(days=7)
    for lesson, title in [(open_lesson, "Nightly seed job"), (private, "Key rotation runbook")]:
        services.action_item_create(actor=alice, lesson=lesson, title=title, owner=bob, due_on=due, retro=retro)
    services.retro_close(actor=alice, retro=retro, summary="Done")

    client.force_login(charlie.user)
    page = client.get(reverse("retro", args=[retro.pk])).content.decode()
    assert "Nightly seed job" in page and "Seed staging nightly" in page
    assert "Key rotation runbook" not in page and "Rotate the vendor keys" not in page
    client.force_login(bob.user)
    assert "Key rotation runbook" in client.get(reverse("retro", args=[retro.pk])).content.decode()
