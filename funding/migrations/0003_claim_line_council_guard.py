"""The database holds "a claim line's family belongs to the claim's council".

Each line stores its council; two composite foreign keys tie (claim, council) to the claim and (family, council)
to the family, so a line cannot name a family or a claim of another council whatever code writes it. Django has
no composite foreign keys, so this is SQL, applied on PostgreSQL only (the SQLite demo database relies on the
check in funding.actions, which runs everywhere). The unique index on families_family (id, council_id) is
implied by its primary key and exists only as the foreign key's target.
"""

from django.db import migrations

FORWARD = [
    "CREATE UNIQUE INDEX IF NOT EXISTS funding_family_id_council ON families_family (id, council_id)",
    "ALTER TABLE families_family ADD CONSTRAINT funding_family_id_council_key UNIQUE USING INDEX funding_family_id_council",
    "ALTER TABLE funding_claimline ADD CONSTRAINT claim_line_claim_same_council "
    "FOREIGN KEY (claim_id, council_id) REFERENCES funding_claim (id, council_id) DEFERRABLE INITIALLY DEFERRED",
    "ALTER TABLE funding_claimline ADD CONSTRAINT claim_line_family_same_council "
    "FOREIGN KEY (family_id, council_id) REFERENCES families_family (id, council_id) DEFERRABLE INITIALLY DEFERRED",
]
BACKWARD = [
    "ALTER TABLE funding_claimline DROP CONSTRAINT IF EXISTS claim_line_family_same_council",
    "ALTER TABLE funding_claimline DROP CONSTRAINT IF EXISTS claim_line_claim_same_council",
    "ALTER TABLE families_family DROP CONSTRAINT IF EXISTS funding_family_id_council_key",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0001_initial"),
        ("funding", "0002_claims"),
    ]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
