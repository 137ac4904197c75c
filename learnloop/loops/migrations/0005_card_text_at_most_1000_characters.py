import django.db.models.functions.text
import django.db.models.lookups
from django.db import migrations, models
from django.db.models.functions import Length


def refuse_longer_cards(apps, schema_editor):
    """Say which cards are too long rather than fail on the constraint: nothing is cut short."""
    Card = apps.get_model("loops", "Card")
    too_long = list(Card.objects.annotate(size=Length("text")).filter(size__gt=1000).values_list("pk", flat=True))
    if too_long:
        raise RuntimeError(
            f"{len(too_long)} retro card(s) are longer than 1,000 characters ({', '.join(map(str, too_long[:10]))}); "
            "shorten them (the Django shell or the database) and migrate again."
        )


class Migration(migrations.Migration):

    dependencies = [
        ('loops', '0004_safety_scores_released_in_batches'),
        ('people', '0001_people_and_teams'),
    ]

    operations = [
        migrations.RunPython(refuse_longer_cards, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='card',
            constraint=models.CheckConstraint(condition=django.db.models.lookups.LessThanOrEqual(django.db.models.functions.text.Length('text'), 1000), name='card_text_at_most_1000_characters'),
        ),
    ]
