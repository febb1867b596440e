"""Takes over the register's tables from ``awards`` (see awards.0004) and gives them this app's names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("awards", "0004_move_register"),
        ("cycles", "0004_onsite_report_confirmation"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AwardRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("holder_name", models.CharField(max_length=200, verbose_name="winner")),
                        ("credit_code", models.CharField(blank=True, db_index=True, help_text="For organisations; how later applications are matched to this award.", max_length=18, verbose_name="unified social credit code")),
                        ("person_id_number", models.CharField(blank=True, db_index=True, max_length=30, verbose_name="identity document number")),
                        ("awarded_on", models.DateField(verbose_name="awarded on")),
                        ("prize_amount", models.DecimalField(blank=True, decimal_places=2, max_digits=12, null=True, verbose_name="prize (yuan)")),
                        ("counts_toward_quota", models.BooleanField(default=True, verbose_name="counts toward the quota")),
                        ("revoked_on", models.DateField(blank=True, null=True, verbose_name="revoked on")),
                        ("revocation_reason", models.TextField(blank=True, verbose_name="reason for revocation")),
                        ("revocation_article", models.CharField(blank=True, max_length=100, verbose_name="article")),
                        ("cycle", models.ForeignKey(blank=True, help_text="Empty for an award given before this platform.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="award_records", to="cycles.cycle")),
                        ("entered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                        ("scheme", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="award_records", to="cycles.awardscheme")),
                        ("tier", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="award_records", to="cycles.tier")),
                    ],
                    options={
                        "verbose_name": "award record",
                        "verbose_name_plural": "register of winners",
                        "ordering": ["-awarded_on", "holder_name"],
                        "db_table": "awards_awardrecord",
                    },
                ),
                migrations.CreateModel(
                    name="SanctionRecord",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("cause", models.CharField(choices=[("fraud", "Fraud or false materials"), ("bribery", "Bribery or deceit"), ("revocation", "Revocation of an award")], max_length=20, verbose_name="cause")),
                        ("holder_name", models.CharField(max_length=200, verbose_name="sanctioned")),
                        ("credit_code", models.CharField(blank=True, db_index=True, max_length=18, verbose_name="unified social credit code")),
                        ("person_id_number", models.CharField(blank=True, db_index=True, max_length=30, verbose_name="identity document number")),
                        ("decided_on", models.DateField(verbose_name="decided on")),
                        ("reason", models.TextField(verbose_name="reason")),
                        ("article", models.CharField(blank=True, max_length=100, verbose_name="article")),
                        ("cycle", models.ForeignKey(blank=True, help_text="The cycle in which the fraud or bribery happened, if any.", null=True, on_delete=django.db.models.deletion.PROTECT, related_name="sanction_records", to="cycles.cycle")),
                        ("entered_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to=settings.AUTH_USER_MODEL)),
                        ("scheme", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="sanction_records", to="cycles.awardscheme")),
                    ],
                    options={
                        "verbose_name": "sanction record",
                        "verbose_name_plural": "sanction records",
                        "ordering": ["-decided_on"],
                        "db_table": "awards_sanctionrecord",
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="awardrecord", table=None),
        migrations.AlterModelTable(name="sanctionrecord", table=None),
    ]
