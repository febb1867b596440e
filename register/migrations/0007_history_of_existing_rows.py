"""A first history record for every register row that existed before its history was kept."""

from django.db import migrations
from django.utils import timezone


def populate(apps, schema_editor):
    now = timezone.now()
    for name in ("EarlierCycle", "AwardRecord", "SanctionRecord"):
        model = apps.get_model("register", name)
        historical = apps.get_model("register", f"Historical{name}")
        tracked = {f.attname for f in historical._meta.concrete_fields}
        have = set(historical.objects.values_list("id", flat=True).distinct())
        historical.objects.bulk_create(
            [
                historical(
                    **{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if f.attname in tracked},
                    history_date=now,
                    history_type="+",
                    history_change_reason="state when the history began",
                )
                for obj in model.objects.exclude(pk__in=have).iterator()
            ],
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0006_history")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
