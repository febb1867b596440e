"""The register of awards and sanctions moves to its own app, ``register``, below the applications
that read it. The tables stay; ``register.0001`` takes them over and renames them."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("awards", "0003_vote_labels")]

    operations = [
        migrations.RemoveField(model_name="awardrecord", name="application"),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="AwardRecord"),
                migrations.DeleteModel(name="SanctionRecord"),
            ]
        ),
    ]
