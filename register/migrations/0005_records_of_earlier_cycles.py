"""Award and sanction records entered by hand for a cycle held before the platform: one field each."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('register', '0004_earlier_cycle'),
    ]

    operations = [
        migrations.AddField(
            model_name='awardrecord',
            name='earlier_cycle',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='award_records', to='register.earliercycle', verbose_name='cycle before the platform'),
        ),
        migrations.AddField(
            model_name='sanctionrecord',
            name='earlier_cycle',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='sanction_records', to='register.earliercycle', verbose_name='cycle before the platform'),
        ),
    ]
