"""Schemes loaded before editions existed are edition 1 of the shipped data's first version.

Their rows stay as the office keeps them; the newer shipped rulebook (version 2) is then offered
to staff to adopt, difference by difference, as a new edition (``cycles.loader``).
"""

from django.db import migrations

SHIPPED_CODES = ["suizhou", "qinzhou", "qingyuan", "jinzhong", "lanzhou"]


def mark_version_one(apps, schema_editor):
    AwardScheme = apps.get_model("cycles", "AwardScheme")
    AwardScheme.objects.filter(code__in=SHIPPED_CODES, shipped_version__isnull=True).update(shipped_version=1)


class Migration(migrations.Migration):
    dependencies = [("cycles", "0007_editions_rules_history")]

    operations = [migrations.RunPython(mark_version_one, migrations.RunPython.noop)]
