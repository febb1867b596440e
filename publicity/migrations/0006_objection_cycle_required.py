import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cycles", "0009_history_of_existing_rows"),
        ("publicity", "0005_objection_cycle_and_application"),
    ]

    operations = [
        migrations.AlterField(
            model_name="objection",
            name="cycle",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="objections", to="cycles.cycle"
            ),
        ),
    ]
