from django.db import migrations, models

from dataversion.triggers import bump_data_version, drop_triggers, install_triggers, public_tables


def create_row_and_triggers(apps, schema_editor):
    bump_data_version(using=schema_editor.connection.alias, only_if_missing=True)
    install_triggers(schema_editor.connection, public_tables(apps))


def remove_triggers(apps, schema_editor):
    drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("provisions", "0001_initial"),
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="DataVersion",
            fields=[
                ("id", models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False)),
                (
                    "number",
                    models.BigIntegerField(
                        default=1, help_text="Incremented by every write to a table the public reads."
                    ),
                ),
                ("changed_at", models.DateTimeField(help_text="When the last such write was made (Last-Modified).")),
            ],
            options={
                "constraints": [models.CheckConstraint(condition=models.Q(("id", 1)), name="data_version_single_row")],
            },
        ),
        migrations.RunPython(create_row_and_triggers, remove_triggers),
    ]
