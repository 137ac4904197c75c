"""An anonymous card has no author in the database, so the browser that wrote it remembers it
in a signed cookie, and only that browser shows it back before the reveal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Card, Phase


@pytest.fixture
def gathering(alice, bob, org):
    retro = services.retro_create(actor=alice, team=org["platform"], title="Sprint 14", format="start-stop-continue")
    services.retro_set_phase(actor=alice, retro=retro, phase=Phase.GATHERING)
    return retro


def _add(client, retro, text):
    return client.post(reverse("retro-card-add", args=[retro.pk]), {"column": "stop", "text": text})


def test_the_browser_that_added_an_anonymous_card_shows_it_again(client, bob, gathering):
    client.force_login(bob.user)
    _add(client, gathering, "Friday deploys scare me")
    assert Card.objects.get().author is None
    page = client.get(reverse("retro", args=[gathering.pk])).content.decode()
    assert "Friday deploys scare me" in page
    assert "Yours, anonymous" in page


def test_another_browser_of_the_same_person_does_not_know_it(client, bob, gathering):
    client.force_login(bob.user)
    _add(client, gathering, "Friday deploys scare me")
    other_browser = Client()
    other_browser.force_login(bob.user)
    assert "Friday deploys" not in other_browser.get(reverse("retro", args=[gathering.pk])).content.decode()


def test_the_cookie_is_signed_http_only_lax_and_kept_to_the_retro(client, bob, gathering):
    client.force_login(bob.user)
    response = _add(client, gathering, "Friday deploys scare me")
    cookie = response.cookies[f"retro-{gathering.pk}-cards"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == reverse("retro", args=[gathering.pk])
    assert Card.objects.get().pk.hex in cookie.value and ":" in cookie.value  # id, plus a signature


def test_a_forged_cookie_shows_nothing(client, alice, bob, gathering):
    card = services.card_add(actor=alice, retro=gathering, column="stop", text="Alice's private worry")
    client.force_login(bob.user)
    client.cookies[f"retro-{gathering.pk}-cards"] = f"{bob.pk}:{card.pk.hex}"
    assert "private worry" not in client.get(reverse("retro", args=[gathering.pk])).content.decode()


def test_someone_else_signing_in_on_that_browser_does_not_see_them(client, alice, bob, gathering):
    client.force_login(bob.user)
    _add(client, gathering, "Friday deploys scare me")
    client.force_login(alice.user)
    assert "Friday deploys" not in client.get(reverse("retro", args=[gathering.pk])).content.decode()


def test_no_audit_row_names_the_author_of_an_anonymous_card_added_on_the_page(client, bob, gathering):
    from learnloop.core.models import AuditEvent

    client.force_login(bob.user)
    before = AuditEvent.objects.count()
    _add(client, gathering, "Friday deploys scare me")
    assert AuditEvent.objects.count() == before


def test_the_live_answer_to_adding_a_card_already_shows_it_as_yours(client, bob, gathering):
    client.force_login(bob.user)
    response = client.post(
        reverse("retro-card-add", args=[gathering.pk]),
        {"column": "stop", "text": "Friday deploys scare me", "seen": "gathering"},
        headers={"HX-Request": "true"},
    )
    assert "Friday deploys scare me" in response.content.decode()  # no later change needed to see it
