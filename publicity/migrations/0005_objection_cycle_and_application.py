"""Every objection so far was filed on a notice: its cycle is the notice's, its applicant the entry's."""

from django.db import migrations


def fill(apps, schema_editor):
    Objection = apps.get_model("publicity", "Objection")
    for objection in Objection.objects.select_related("notice", "entry").filter(cycle__isnull=True):
        objection.cycle_id = objection.notice.cycle_id
        objection.application_id = objection.entry.application_id
        objection.save(update_fields=["cycle", "application"])


class Migration(migrations.Migration):
    dependencies = [("publicity", "0004_objections_outside_notices")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
