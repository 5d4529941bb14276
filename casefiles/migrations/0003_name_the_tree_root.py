from django.db import migrations


def name_root(apps, schema_editor):
    # The tree root holds the case libraries; the explorer shows its title.
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1).update(title="案卷库", draft_title="案卷库")


def unname_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1).update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [("casefiles", "0002_seed_causes"), ("wagtailcore", "0002_initial_data")]
    operations = [migrations.RunPython(name_root, unname_root)]
