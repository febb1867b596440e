"""The history of the register: every change with its author and its old and new values."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ('register', '0005_records_of_earlier_cycles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalAwardRecord',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('holder_name', models.CharField(max_length=200, verbose_name='winner')),
                ('credit_code', models.CharField(blank=True, db_index=True, help_text='For organisations; how later applications are matched to this award.', max_length=18, verbose_name='unified social credit code')),
                ('person_id_number', models.CharField(blank=True, db_index=True, max_length=30, verbose_name='identity document number')),
                ('awarded_on', models.DateField(verbose_name='awarded on')),
                ('prize_amount', models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name='prize (yuan)')),
                ('counts_toward_quota', models.BooleanField(default=True, verbose_name='counts toward the quota')),
                ('revoked_on', models.DateField(blank=True, null=True, verbose_name='revoked on')),
                ('revocation_reason', models.TextField(blank=True, verbose_name='reason for revocation')),
                ('revocation_article', models.CharField(blank=True, max_length=100, verbose_name='article')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cycle', models.ForeignKey(blank=True, db_constraint=False, help_text='Empty for an award given before this platform.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.cycle')),
                ('earlier_cycle', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='register.earliercycle', verbose_name='cycle before the platform')),
                ('entered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('scheme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.awardscheme')),
                ('tier', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.tier')),
            ],
            options={
                'verbose_name': 'historical award record',
                'verbose_name_plural': 'historical register of winners',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalEarlierCycle',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('name', models.CharField(help_text='e.g. 第三届', max_length=50, verbose_name='name')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('note', models.CharField(blank=True, max_length=200, verbose_name='note')),
                ('entered_at', models.DateTimeField(blank=True, editable=False, verbose_name='entered')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('entered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('scheme', models.ForeignKey(blank=True, db_constraint=False, help_text='Any edition of the scheme: earlier cycles count for all its editions.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.awardscheme')),
            ],
            options={
                'verbose_name': 'historical earlier cycle',
                'verbose_name_plural': 'historical cycles before the platform',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='HistoricalSanctionRecord',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('cause', models.CharField(choices=[('fraud', 'Fraud or false materials'), ('bribery', 'Bribery or deceit'), ('revocation', 'Revocation of an award')], max_length=20, verbose_name='cause')),
                ('holder_name', models.CharField(max_length=200, verbose_name='sanctioned')),
                ('credit_code', models.CharField(blank=True, db_index=True, max_length=18, verbose_name='unified social credit code')),
                ('person_id_number', models.CharField(blank=True, db_index=True, max_length=30, verbose_name='identity document number')),
                ('decided_on', models.DateField(verbose_name='decided on')),
                ('reason', models.TextField(verbose_name='reason')),
                ('article', models.CharField(blank=True, max_length=100, verbose_name='article')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('cycle', models.ForeignKey(blank=True, db_constraint=False, help_text='The cycle in which the fraud or bribery happened, if any.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.cycle')),
                ('earlier_cycle', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='register.earliercycle', verbose_name='cycle before the platform')),
                ('entered_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('scheme', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cycles.awardscheme')),
            ],
            options={
                'verbose_name': 'historical sanction record',
                'verbose_name_plural': 'historical sanction records',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
