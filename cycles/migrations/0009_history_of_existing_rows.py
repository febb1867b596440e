"""Give every rulebook row that existed before its history was kept a first history record.

Without it, the first change of such a row would show its new value only; with it, the history
shows what the row said before (django-simple-history's ``populate_history``, in a migration).
"""

from django.db import migrations
from django.utils import timezone

MODELS = [
    "AwardScheme",
    "Tier",
    "Category",
    "StageDefinition",
    "EligibilityCondition",
    "Sanction",
    "Rubric",
    "RubricSection",
    "RubricItem",
    "CalendarYear",
    "CalendarDay",
]


def populate(apps, schema_editor):
    now = timezone.now()
    for name in MODELS:
        model = apps.get_model("cycles", name)
        historical = apps.get_model("cycles", f"Historical{name}")
        tracked = {f.attname for f in historical._meta.concrete_fields}
        have = set(historical.objects.values_list("id", flat=True).distinct())
        rows = [
            historical(
                **{f.attname: getattr(obj, f.attname) for f in model._meta.concrete_fields if f.attname in tracked},
                history_date=now,
                history_type="+",
                history_change_reason="state when the history began",
            )
            for obj in model.objects.exclude(pk__in=have).iterator()
        ]
        historical.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("cycles", "0008_shipped_version_of_existing_schemes")]

    operations = [migrations.RunPython(populate, migrations.RunPython.noop)]
