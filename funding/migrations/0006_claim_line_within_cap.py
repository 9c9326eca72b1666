"""The database holds "no family's lines (rejected and removed aside) pass the cap of its schedule".

A trigger on funding_claimline, on PostgreSQL and on SQLite alike, so the rule holds whatever code writes a line
(the admin, a shell, raw SQL): after a line is inserted, or its status, amount or family changes, the family's
proposed and accepted lines must total no more than the cap of the payment schedule covering its attachment
date. A family with no covering schedule has no cap in the data; funding.actions refuses its lines (under the
same locks), and no line is proposed for it.

On PostgreSQL the trigger locks the family's row first, so two transactions adding lines for one family queue
one behind the other and the second counts the first's lines. On SQLite the database's single writer does the
same. The refusal is an integrity error (SQLSTATE 23514 on PostgreSQL, a constraint error on SQLite).
"""

from django.db import migrations

COUNTING = "('proposed', 'accepted')"

POSTGRESQL_FORWARD = [
    f"""
    CREATE OR REPLACE FUNCTION funding_claim_line_within_cap() RETURNS trigger AS $$
    DECLARE
        attached date;
        most integer;
        total bigint;
    BEGIN
        IF NEW.status NOT IN {COUNTING} THEN
            RETURN NULL;
        END IF;
        -- Accepting a proposed line, or lowering its amount, cannot raise the family's total.
        IF TG_OP = 'UPDATE' AND OLD.status IN {COUNTING} AND OLD.family_id = NEW.family_id
                AND NEW.amount <= OLD.amount THEN
            RETURN NULL;
        END IF;
        SELECT attached_on INTO attached FROM families_family WHERE id = NEW.family_id FOR UPDATE;
        SELECT cap INTO most FROM funding_paymentschedule
            WHERE starts_on <= attached AND ends_on >= attached ORDER BY starts_on LIMIT 1;
        IF most IS NULL THEN
            RETURN NULL;
        END IF;
        SELECT COALESCE(SUM(amount), 0) INTO total FROM funding_claimline
            WHERE family_id = NEW.family_id AND status IN {COUNTING};
        IF total > most THEN
            RAISE EXCEPTION 'A family''s payments would pass the cap: family % would be paid £% of at most £%',
                NEW.family_id, total, most
                USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_line_within_cap';
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    "CREATE CONSTRAINT TRIGGER claim_line_within_cap AFTER INSERT OR UPDATE OF status, amount, family_id "
    "ON funding_claimline FOR EACH ROW EXECUTE FUNCTION funding_claim_line_within_cap()",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS claim_line_within_cap ON funding_claimline",
    "DROP FUNCTION IF EXISTS funding_claim_line_within_cap()",
]

_SQLITE_CHECK = f"""
    SELECT RAISE(ABORT, 'A family''s payments would pass the cap')
    WHERE (SELECT COALESCE(SUM(amount), 0) FROM funding_claimline
           WHERE family_id = NEW.family_id AND status IN {COUNTING})
        > (SELECT s.cap FROM funding_paymentschedule s JOIN families_family f ON f.id = NEW.family_id
           WHERE s.starts_on <= f.attached_on AND s.ends_on >= f.attached_on ORDER BY s.starts_on LIMIT 1);
"""
SQLITE_FORWARD = [
    f"CREATE TRIGGER claim_line_within_cap_insert AFTER INSERT ON funding_claimline "
    f"WHEN NEW.status IN {COUNTING} BEGIN {_SQLITE_CHECK} END",
    f"CREATE TRIGGER claim_line_within_cap_update AFTER UPDATE OF status, amount, family_id ON funding_claimline "
    f"WHEN NEW.status IN {COUNTING} BEGIN {_SQLITE_CHECK} END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS claim_line_within_cap_insert",
    "DROP TRIGGER IF EXISTS claim_line_within_cap_update",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def _run(direction: int):
    def run(apps, schema_editor):
        statements = STATEMENTS.get(schema_editor.connection.vendor)
        if statements is None:
            return  # another database: the locked check in funding.actions is the guarantee
        for statement in statements[direction]:
            schema_editor.execute(statement, None)  # no parameters: the % of RAISE is not a placeholder

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0003_family_reference_index"),
        ("funding", "0005_grant_payments"),
    ]

    operations = [migrations.RunPython(_run(0), _run(1))]
