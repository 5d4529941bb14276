from django.db import migrations


def seed(apps, schema_editor):
    from casefiles.rule_profile_data import load_rule_profiles

    load_rule_profiles(apps.get_model("casefiles", "RuleProfile"), apps.get_model("casefiles", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0005_rule_profiles")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
