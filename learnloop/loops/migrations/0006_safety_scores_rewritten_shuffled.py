import secrets
import uuid

from django.db import migrations


def rewrite_released_scores_shuffled(apps, schema_editor):
    """Released safety scores written before this change sat in the order people answered (the
    order of their check-ins): write each retro's again, shuffled, with new ids, and delete the
    old rows. Scores still waiting in closed retros would never be shown: delete them."""
    SafetyScore = apps.get_model("loops", "SafetyScore")
    rng = secrets.SystemRandom()
    SafetyScore.objects.filter(released=False, retro__phase="closed").delete()
    for retro_id in list(SafetyScore.objects.filter(released=True).values_list("retro_id", flat=True).distinct()):
        old = list(SafetyScore.objects.filter(retro_id=retro_id, released=True).values_list("pk", "score"))
        scores = [score for _pk, score in old]
        rng.shuffle(scores)
        SafetyScore.objects.bulk_create(
            SafetyScore(id=uuid.uuid4(), retro_id=retro_id, score=score, released=True) for score in scores
        )
        SafetyScore.objects.filter(pk__in=[pk for pk, _score in old]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("loops", "0005_card_text_at_most_1000_characters"),
    ]

    operations = [
        migrations.RunPython(rewrite_released_scores_shuffled, migrations.RunPython.noop),
    ]
