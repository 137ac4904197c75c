from django.db import migrations, models
from django.db.models import Count


def release_earlier_scores(apps, schema_editor):
    """Scores answered before batches existed were all shown once three had answered: keep
    showing them where that was so."""
    SafetyScore = apps.get_model("loops", "SafetyScore")
    shown = SafetyScore.objects.values("retro").annotate(n=Count("pk")).filter(n__gte=3).values("retro")
    SafetyScore.objects.filter(retro__in=shown).update(released=True)


class Migration(migrations.Migration):
    dependencies = [
        ("loops", "0003_system_may_record_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="safetyscore",
            name="released",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(release_earlier_scores, migrations.RunPython.noop),
    ]
