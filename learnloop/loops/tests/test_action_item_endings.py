from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from learnloop.loops import services
from learnloop.loops.models import ActionItem, Change


def _item(alice, bob, lesson):
    return services.action_item_create(
        actor=alice, lesson=lesson, title="Add a canary stage", owner=bob, due_on=timezone.localdate()
    )


def test_an_item_is_done_only_with_a_recorded_change(alice, bob, lesson):
    item = _item(alice, bob, lesson)
    with pytest.raises(ValidationError) as error:
        services.action_item_complete(actor=bob, item=item, what="", where="")
    assert set(error.value.message_dict) == {"what", "where"}
    item.refresh_from_db()
    assert item.status == ActionItem.Status.OPEN
    assert not Change.objects.exists()


def test_completing_records_what_changed_and_where(alice, bob, lesson):
    item = _item(alice, bob, lesson)
    change = services.action_item_complete(
        actor=bob, item=item, what="Canary stage added", where="deploy pipeline", evidence_url="https://ci.example/42"
    )
    item.refresh_from_db()
    assert item.status == ActionItem.Status.DONE
    assert item.change == change
    assert item.closed_at is not None


def test_the_database_refuses_done_without_a_change(alice, bob, lesson):
    item = _item(alice, bob, lesson)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActionItem.objects.filter(pk=item.pk).update(status="done", closed_at=timezone.now())


def test_dropping_needs_a_reason(alice, bob, lesson):
    item = _item(alice, bob, lesson)
    with pytest.raises(ValidationError, match="Say why"):
        services.action_item_drop(actor=bob, item=item, reason="  ")
    services.action_item_drop(actor=bob, item=item, reason="The service is being retired.")
    item.refresh_from_db()
    assert (item.status, item.drop_reason) == ("dropped", "The service is being retired.")


def test_a_closed_item_cannot_be_closed_again(alice, bob, lesson):
    item = _item(alice, bob, lesson)
    services.action_item_drop(actor=bob, item=item, reason="Retired.")
    with pytest.raises(ValidationError, match="already dropped"):
        services.action_item_complete(actor=bob, item=item, what="x", where="y")


def test_only_the_owner_or_a_facilitator_closes_an_item(alice, bob, charlie, lesson):
    item = _item(alice, bob, lesson)
    with pytest.raises(PermissionDenied):
        services.action_item_drop(actor=charlie, item=item, reason="Not mine")


def test_the_owner_must_be_able_to_see_the_item(alice, charlie, lesson):
    with pytest.raises(ValidationError, match="is not in Platform"):
        services.action_item_create(actor=alice, lesson=lesson, title="x", owner=charlie, due_on=timezone.localdate())


def test_a_due_date_in_the_past_is_refused(alice, bob, lesson):
    with pytest.raises(ValidationError, match="in the past"):
        services.action_item_create(
            actor=alice, lesson=lesson, title="x", owner=bob, due_on=timezone.localdate() - datetime.timedelta(days=3)
        )
