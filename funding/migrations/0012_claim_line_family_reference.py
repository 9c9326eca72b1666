"""A claim line keeps its family's reference, so a claim's page reads its lines in reference order from an index
of the lines alone (claim, family reference, payment type) instead of joining the families of the council.

The database keeps the copy true: the composite foreign key of migration 0003, (family, council) to the family,
becomes (family, council, family reference) to (id, council, reference) ON UPDATE CASCADE, so a family's new
reference is carried to its lines by PostgreSQL whatever code (or admin) changes it, and a line cannot be written
with another reference. Its target is a unique index on families_family (id, council_id, reference), implied by the
primary key, which takes the place of 0003's (id, council_id): the families keep as many indexes as before. SQL, on
PostgreSQL only, as 0003 (the SQLite demo database relies on ClaimLine.save and bulk_create, which copy the
reference).
"""

import importlib

from django.db import migrations, models
from django.db.models import OuterRef, Subquery

FORWARD = [
    "CREATE UNIQUE INDEX IF NOT EXISTS funding_family_id_council_reference"
    " ON families_family (id, council_id, reference)",
    "ALTER TABLE families_family ADD CONSTRAINT funding_family_id_council_reference_key"
    " UNIQUE USING INDEX funding_family_id_council_reference",
    "ALTER TABLE funding_claimline DROP CONSTRAINT claim_line_family_same_council",
    "ALTER TABLE funding_claimline ADD CONSTRAINT claim_line_family_same_council"
    " FOREIGN KEY (family_id, council_id, family_reference) REFERENCES families_family (id, council_id, reference)"
    " ON UPDATE CASCADE DEFERRABLE INITIALLY DEFERRED",
    # 0003's (id, council_id) was this foreign key's target only: the families keep one such index, not two.
    "ALTER TABLE families_family DROP CONSTRAINT funding_family_id_council_key",
]
BACKWARD = [
    "ALTER TABLE funding_claimline DROP CONSTRAINT IF EXISTS claim_line_family_same_council",
    "CREATE UNIQUE INDEX IF NOT EXISTS funding_family_id_council ON families_family (id, council_id)",
    "ALTER TABLE families_family ADD CONSTRAINT funding_family_id_council_key UNIQUE USING INDEX funding_family_id_council",
    "ALTER TABLE funding_claimline ADD CONSTRAINT claim_line_family_same_council "
    "FOREIGN KEY (family_id, council_id) REFERENCES families_family (id, council_id) DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE families_family DROP CONSTRAINT IF EXISTS funding_family_id_council_reference_key",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


def sqlite_cap_triggers(apps, schema_editor):
    """SQLite adds the column by building funding_claimline again, and the old table's triggers go with it: the cap's
    triggers of migration 0009 are made again on the new table (before the column is removed, on the way back)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    cap = importlib.import_module("funding.migrations.0009_claim_line_within_cap")
    for statement in cap.SQLITE_BACKWARD + cap.SQLITE_FORWARD:
        schema_editor.execute(statement, None)


def copy_references(apps, schema_editor):
    Family = apps.get_model("families", "Family")
    reference = Subquery(Family.objects.filter(pk=OuterRef("family_id")).values("reference")[:1])
    for name in ("ClaimLine", "HistoricalClaimLine"):
        apps.get_model("funding", name).objects.update(family_reference=reference)


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
        ("funding", "0011_claim_line_claim_status"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, sqlite_cap_triggers),
        migrations.AddField(
            model_name="claimline",
            name="family_reference",
            field=models.CharField(default="", editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="historicalclaimline",
            name="family_reference",
            field=models.CharField(default="", editable=False, max_length=40),
            preserve_default=False,
        ),
        migrations.RunPython(sqlite_cap_triggers, migrations.RunPython.noop),
        migrations.RunPython(copy_references, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="claimline",
            options={"ordering": ["claim", "family_reference", "payment_type"]},
        ),
        migrations.AddIndex(
            model_name="claimline",
            index=models.Index(
                fields=["claim", "family_reference", "payment_type"], name="claim_line_claim_reference"
            ),
        ),
        migrations.RunPython(_run(FORWARD), _run(BACKWARD)),
    ]
