"""The council-and-attachment index of the families also holds the closing date, so the family list counts a
status from the index alone. On PostgreSQL it is built in the order of the list sorted by attachment, latest
first: (council, attached_on DESC NULLS LAST, reference), holding the closing date and the family's key, so that
the list's pages (councils.lists.KeysFirstPaginator) are cut from the index, page 1 without a sort and a deep page
skipping index entries only. SQLite cannot say NULLS LAST in an index: it gets the index the model states, as a
later rebuild of its table would make it. One index either way, as before.
"""

from django.db import migrations, models

NAME = "family_council_attached"
BEFORE = models.Index(fields=["council", "attached_on"], name=NAME)
AFTER = models.Index(fields=["council", "attached_on"], include=["closed_on"], name=NAME)
IN_LIST_ORDER = (
    f'CREATE INDEX "{NAME}" ON "families_family" ("council_id", "attached_on" DESC NULLS LAST, "reference")'
    ' INCLUDE ("closed_on", "id")'
)


def _replace(old: models.Index, new: models.Index, in_list_order: bool):
    def replace(apps, schema_editor):
        family = apps.get_model("families", "Family")
        schema_editor.remove_index(family, old)
        if in_list_order and schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(IN_LIST_ORDER)
        else:
            schema_editor.add_index(family, new)

    return replace


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0007_family_latest_record_on"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(model_name="family", name=NAME),
                migrations.AddIndex(model_name="family", index=AFTER),
            ],
            database_operations=[
                migrations.RunPython(_replace(BEFORE, AFTER, True), _replace(AFTER, BEFORE, False)),
            ],
        ),
    ]
