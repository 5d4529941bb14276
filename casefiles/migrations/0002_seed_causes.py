from django.db import migrations


def seed(apps, schema_editor):
    from casefiles.vocabulary_data import load_causes

    load_causes(apps.get_model("casefiles", "Cause"))


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
