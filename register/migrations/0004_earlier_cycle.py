"""Cycles held before the platform, as the office records them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('cycles', '0009_history_of_existing_rows'),
        ('register', '0003_reminders'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='EarlierCycle',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='e.g. 第三届', max_length=50, verbose_name='name')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('entered_at', models.DateTimeField(auto_now_add=True, verbose_name='entered')),
                ('entered_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('scheme', models.ForeignKey(help_text='Any edition of the scheme: earlier cycles count for all its editions.', on_delete=django.db.models.deletion.PROTECT, related_name='earlier_cycles', to='cycles.awardscheme')),
            ],
            options={
                'verbose_name': 'earlier cycle',
                'verbose_name_plural': 'cycles before the platform',
                'ordering': ['scheme__code', 'year', 'id'],
            },
        ),
    ]
