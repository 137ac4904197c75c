from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from learnloop.core.models import AuditEvent
from learnloop.loops import services
from learnloop.loops.models import Card, Phase
from learnloop.loops.tests.conftest import in_phase


def test_an_anonymous_card_stores_no_author(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="stop", text="Friday deploys")
    card.refresh_from_db()
    assert card.is_anonymous and card.author is None


def test_cards_are_anonymous_by_default(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    assert services.card_add(actor=bob, retro=retro, column="stop", text="x").author_id is None


def test_the_database_refuses_an_author_on_an_anonymous_card(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="stop", text="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(author=bob)


def test_an_anonymous_card_leaves_no_audit_row(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    before = AuditEvent.objects.count()
    services.card_add(actor=bob, retro=retro, column="stop", text="x")
    assert AuditEvent.objects.count() == before


def test_an_anonymous_card_keeps_only_the_day_and_a_random_id(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="stop", text="x")
    field_names = {field.name for field in Card._meta.get_fields()}
    assert not {"created_at", "updated_at"} & field_names
    assert len(str(card.pk)) == 36  # a UUID, not a sequence number that gives the order away


def test_named_cards_keep_their_author(alice, bob, retro):
    in_phase(retro, alice, Phase.GATHERING)
    card = services.card_add(actor=bob, retro=retro, column="start", text="Pairing", anonymous=False)
    assert card.author == bob


def test_cards_are_refused_outside_the_gathering_phase(bob, retro):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="gathering"):
        services.card_add(actor=bob, retro=retro, column="stop", text="x")


def test_an_outsider_cannot_add_cards(alice, charlie, retro):
    from django.core.exceptions import PermissionDenied

    in_phase(retro, alice, Phase.GATHERING)
    with pytest.raises(PermissionDenied):
        services.card_add(actor=charlie, retro=retro, column="stop", text="x")
