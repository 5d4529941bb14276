from django.db import migrations


def seed(apps, schema_editor):
    from archive.evaluation.rubrics import load_default_rubric

    load_default_rubric(apps.get_model("archive", "Rubric"), apps.get_model("archive", "RubricItem"))


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_evaluation")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
