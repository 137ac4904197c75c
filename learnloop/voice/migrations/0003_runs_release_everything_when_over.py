import secrets
import uuid
from collections import defaultdict

from django.db import migrations, models

CHUNK = 500


def _chunks(values):
    values = list(values)
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def rewrite_released_batches_shuffled(apps, schema_editor):
    """Batches released before this change kept the rows their people's transactions wrote, in
    the order they answered. Write each batch again as releases now do: shuffled, new ids, one
    day for the batch; then delete the old rows. Waiting answers stay as they are (the next
    release or `learnloop voice release` takes them)."""
    Response = apps.get_model("voice", "Response")
    Answer = apps.get_model("voice", "Answer")
    ConstructScore = apps.get_model("voice", "ConstructScore")
    Comment = apps.get_model("voice", "Comment")
    rng = secrets.SystemRandom()
    batches = Response.objects.filter(batch__isnull=False).values_list("run_id", "batch").distinct().order_by()
    for run_id, batch in list(batches):
        rows = list(
            Response.objects.filter(run_id=run_id, batch=batch).values_list("pk", "cell_id", "segment", "submitted_on")
        )
        old_ids = [row[0] for row in rows]
        answers, scores = defaultdict(list), defaultdict(list)
        for ids in _chunks(old_ids):
            for response_id, item_id, score in Answer.objects.filter(response_id__in=ids).values_list(
                "response_id", "item_id", "score"
            ):
                answers[response_id].append((item_id, score))
            for response_id, construct, score in ConstructScore.objects.filter(response_id__in=ids).values_list(
                "response_id", "construct", "score"
            ):
                scores[response_id].append((construct, score))
        rng.shuffle(rows)
        day = max(row[3] for row in rows)
        new_responses, new_answers, new_scores = [], [], []
        for old_id, cell_id, segment, _day in rows:
            response = Response(
                id=uuid.uuid4(), run_id=run_id, cell_id=cell_id, segment=segment, submitted_on=day, batch=batch
            )
            new_responses.append(response)
            new_answers += [
                Answer(id=uuid.uuid4(), response=response, item_id=item_id, score=score)
                for item_id, score in answers[old_id]
            ]
            new_scores += [
                ConstructScore(
                    id=uuid.uuid4(),
                    response=response,
                    run_id=run_id,
                    cell_id=cell_id,
                    segment=segment,
                    batch=batch,
                    construct=construct,
                    score=score,
                )
                for construct, score in scores[old_id]
            ]
        Response.objects.bulk_create(new_responses, batch_size=CHUNK)
        Answer.objects.bulk_create(new_answers, batch_size=CHUNK)
        ConstructScore.objects.bulk_create(new_scores, batch_size=CHUNK)
        comments = list(
            Comment.objects.filter(run_id=run_id, batch=batch).values_list("pk", "item_id", "cell_id", "text")
        )
        rng.shuffle(comments)
        Comment.objects.bulk_create(
            [
                Comment(
                    id=uuid.uuid4(),
                    run_id=run_id,
                    item_id=item_id,
                    cell_id=cell_id,
                    text=text,
                    shuffle_key=secrets.randbelow(2**31),
                    batch=batch,
                )
                for _pk, item_id, cell_id, text in comments
            ],
            batch_size=CHUNK,
        )
        for ids in _chunks(pk for pk, *_rest in comments):
            Comment.objects.filter(pk__in=ids).delete()
        for ids in _chunks(old_ids):
            Answer.objects.filter(response_id__in=ids).delete()
            ConstructScore.objects.filter(response_id__in=ids).delete()
            Response.objects.filter(pk__in=ids).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0002_pulse_reminders"),
    ]

    operations = [
        migrations.AddField(
            model_name="pulserun",
            name="all_released",
            field=models.BooleanField(
                default=False,
                help_text="The run is over, its last answers are released and who answered is stored in shuffled order.",
            ),
        ),
        migrations.RunPython(rewrite_released_batches_shuffled, migrations.RunPython.noop),
    ]
