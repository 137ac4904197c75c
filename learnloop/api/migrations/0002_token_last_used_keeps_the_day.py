import datetime

from django.db import migrations
from django.utils import timezone


def keep_the_day_only(apps, schema_editor):
    """Times written before kept the minute; keep their day (midnight) as new ones do."""
    AccessToken = apps.get_model("api", "AccessToken")
    for token in AccessToken.objects.filter(last_used_at__isnull=False).only("pk", "last_used_at"):
        day = timezone.localdate(token.last_used_at)
        midnight = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
        if token.last_used_at != midnight:
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=midnight)


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_access_tokens"),
    ]

    operations = [
        migrations.RunPython(keep_the_day_only, migrations.RunPython.noop),
    ]
