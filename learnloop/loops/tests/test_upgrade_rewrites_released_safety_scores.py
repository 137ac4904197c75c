"""Upgrading (migration 0005): released safety scores are written again, shuffled, with new ids;
waiting scores of open retros survive; those of closed retros, never to be shown, are deleted."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from learnloop.loops import services
from learnloop.loops.models import SafetyScore

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("loops", "0004_safety_scores_released_in_batches")]
AFTER = [("loops", "0006_safety_scores_rewritten_shuffled")]


def test_released_scores_are_rewritten_and_waiting_ones_survive_while_the_retro_is_open(alice, org):
    open_retro = services.retro_create(actor=alice, team=org["platform"], title="Open", format="4ls")
    closed_retro = services.retro_create(actor=alice, team=org["platform"], title="Closed", format="4ls")
    services.retro_close(actor=alice, retro=closed_retro, summary="Done.")
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldScore = executor.loader.project_state(BEFORE).apps.get_model("loops", "SafetyScore")
    released = [OldScore.objects.create(retro_id=open_retro.pk, score=s, released=True).pk for s in (1, 4, 5)]
    waiting = OldScore.objects.create(retro_id=open_retro.pk, score=2, released=False).pk
    OldScore.objects.create(retro_id=closed_retro.pk, score=3, released=False)
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    now_released = SafetyScore.objects.filter(retro=open_retro, released=True)
    assert sorted(now_released.values_list("score", flat=True)) == [1, 4, 5]
    assert not set(now_released.values_list("pk", flat=True)) & set(released)
    assert SafetyScore.objects.get(retro=open_retro, released=False).pk == waiting
    assert not SafetyScore.objects.filter(retro=closed_retro).exists()
