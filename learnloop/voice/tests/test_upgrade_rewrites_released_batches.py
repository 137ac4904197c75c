"""Upgrading (migration 0003): batches released before are written again, shuffled, with new
ids and one day each; waiting answers stay waiting, untouched, for the next release."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from learnloop.voice.models import Answer, Comment, ConstructScore, Response
from learnloop.voice.tests.pulses import open_pulse

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("voice", "0002_pulse_reminders")]
AFTER = [("voice", "0003_runs_release_everything_when_over")]


def test_released_batches_are_rewritten_and_waiting_answers_survive(org):
    run = open_pulse([org["platform"]])
    cell = run.cells.get()
    item = run.instrument.items.first()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    OldResponse, OldAnswer = old.get_model("voice", "Response"), old.get_model("voice", "Answer")
    OldScore, OldComment = old.get_model("voice", "ConstructScore"), old.get_model("voice", "Comment")
    ids = {}
    for number, batch in enumerate([1, 1, 1, 1, 1, None]):
        day = run.opens_on + datetime.timedelta(days=number // 3)
        response = OldResponse.objects.create(run_id=run.pk, cell_id=cell.pk, submitted_on=day, batch=batch)
        OldAnswer.objects.create(response=response, item_id=item.pk, score=number + 1)
        OldScore.objects.create(
            response=response, run_id=run.pk, cell_id=cell.pk, batch=batch, construct="c", score=number + 1
        )
        OldComment.objects.create(
            run_id=run.pk, item_id=item.pk, cell_id=cell.pk, text=f"r{number}", shuffle_key=number, batch=batch
        )
        ids[number] = response.pk
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)

    released = Response.objects.filter(run=run, batch=1)
    assert released.count() == 5 and not set(released.values_list("pk", flat=True)) & set(ids.values())
    assert set(released.values_list("submitted_on", flat=True)) == {run.opens_on + datetime.timedelta(days=1)}
    assert sorted(Answer.objects.filter(response__batch=1).values_list("score", flat=True)) == [1, 2, 3, 4, 5]
    assert sorted(ConstructScore.objects.filter(batch=1).values_list("score", flat=True)) == [1, 2, 3, 4, 5]
    assert sorted(Comment.objects.filter(batch=1).values_list("text", flat=True)) == ["r0", "r1", "r2", "r3", "r4"]
    waiting = Response.objects.get(run=run, batch__isnull=True)
    assert waiting.pk == ids[5] and waiting.answers.get().score == 6
    assert Comment.objects.get(batch__isnull=True).text == "r5"
    assert Answer.objects.count() == 6 and ConstructScore.objects.count() == 6 and Comment.objects.count() == 6
