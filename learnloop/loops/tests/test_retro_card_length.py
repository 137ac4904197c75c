"""A retro card holds at most 1,000 characters: the form, the API, the service and the database
each refuse a longer one with the same clear message, and write nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from learnloop.loops import services
from learnloop.loops.models import Card, Phase
from learnloop.loops.tests.conftest import in_phase

LONGEST = "x" * 1000
TOO_LONG = "y" * 1001
MESSAGE = "A card holds at most 1,000 characters; this one has 1001. Split it into two cards."


@pytest.fixture
def gathering(retro, alice):
    in_phase(retro, alice, Phase.GATHERING)
    return retro


def test_a_card_of_exactly_1000_characters_is_kept(gathering, bob):
    card = services.card_add(actor=bob, retro=gathering, column="start", text=LONGEST)
    assert Card.objects.get(pk=card.pk).text == LONGEST


def test_the_service_refuses_a_longer_card_and_a_longer_edit(gathering, bob):
    with pytest.raises(ValidationError) as refused:
        services.card_add(actor=bob, retro=gathering, column="start", text=TOO_LONG)
    assert refused.value.message_dict == {"text": [MESSAGE]}
    card = services.card_add(actor=bob, retro=gathering, column="start", text="Pairing", anonymous=False)
    with pytest.raises(ValidationError, match="at most 1,000 characters"):
        services.card_edit(actor=bob, card=card, text=TOO_LONG)
    assert list(Card.objects.values_list("text", flat=True)) == ["Pairing"]


def test_the_board_says_why_and_adds_nothing(client, gathering, bob):
    client.force_login(bob.user)
    response = client.post(reverse("retro-card-add", args=[gathering.pk]), {"column": "start", "text": TOO_LONG})
    page = client.get(response["Location"]).content.decode()
    assert MESSAGE in page
    assert not Card.objects.exists()


def test_the_api_refuses_a_longer_card_and_documents_the_limit(api_as, gathering, bob):
    refused = api_as(bob).post(f"/retros/{gathering.pk}/cards", {"column": "start", "text": TOO_LONG})
    assert refused.status_code in {400, 422}
    assert "1000" in refused.content.decode()
    assert not Card.objects.exists()
    schema = api_as(bob).get("/openapi.json").json()["components"]["schemas"]
    assert schema["CardIn"]["properties"]["text"]["maxLength"] == 1000
    assert schema["CardEditIn"]["properties"]["text"]["maxLength"] == 1000


def test_the_database_refuses_what_bypasses_the_service(gathering, bob):
    card = services.card_add(actor=bob, retro=gathering, column="start", text="Pairing")
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(text=TOO_LONG)
    assert Card.objects.get(pk=card.pk).text == "Pairing"
