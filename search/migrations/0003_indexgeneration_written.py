from django.db import migrations, models


def _run(statements_of):
    def run(apps, schema_editor):
        from search.backends.embedded import engine_for

        for statement in statements_of(engine_for(schema_editor.connection.vendor)):
            schema_editor.execute(statement)

    return run


# SQLite adds the column by remaking search_indexgeneration, which the generation triggers name: they are
# dropped for the while.
drop_triggers = _run(lambda engine: engine.dropped_generation_schema)
create_triggers = _run(lambda engine: engine.generation_schema)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_index_generation"),
    ]

    operations = [
        migrations.RunPython(drop_triggers, create_triggers),
        migrations.AddField(
            model_name="indexgeneration",
            name="written",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="indexgeneration",
            name="compactions",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
