import datetime
import secrets

import django.utils.timezone
from django.db import migrations, models
from django.utils import timezone


def keep_the_day_only(apps, schema_editor):
    """Anonymous events written before: the day only (midnight) and a random id, as new ones."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    anonymous = AuditEvent.objects.filter(actor_user__isnull=True, actor_label="anonymous", id__gt=0)
    for event in list(anonymous):
        day = timezone.localdate(event.at)
        old_id = event.id
        event.at = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        event.id = -1 - secrets.randbelow(2**62)
        event.save(force_insert=True)
        AuditEvent.objects.filter(id=old_id).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_search_term_counts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(keep_the_day_only, migrations.RunPython.noop),
    ]
