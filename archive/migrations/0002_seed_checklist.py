from django.db import migrations


def seed(apps, schema_editor):
    from archive.checklist_data import load_checklist

    load_checklist(apps.get_model("archive", "ChecklistItem"), apps.get_model("archive", "ChecklistAlternative"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
