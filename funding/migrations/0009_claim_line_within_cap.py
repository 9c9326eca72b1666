"""The database holds "no family's lines (rejected and removed aside) pass the cap of its schedule".

Triggers on funding_claimline, on PostgreSQL and on SQLite alike, so the rule holds whatever code writes a line
(the admin, a shell, raw SQL): after lines are inserted, or their status, amount or family change, each family's
proposed and accepted lines must total no more than the cap of the payment schedule covering its attachment
date. A family with no covering schedule has no cap in the data; funding.actions refuses its lines (under the
same locks), and no line is proposed for it.

On PostgreSQL the trigger locks the families' rows first (in id order), so two transactions adding lines for one
family queue one behind the other and the second counts the first's lines. On SQLite the database's single writer
does the same. The refusal is an integrity error (SQLSTATE 23514 on PostgreSQL, a constraint error on SQLite).
"""

from django.db import migrations

COUNTING = "('proposed', 'accepted')"

# On PostgreSQL the check runs once per statement, on the families whose total could have grown (a draft claim
# inserts thousands of lines in one statement: one query for all of them, not one per line). Accepting a proposed
# line or lowering an amount cannot raise a total, and locks nothing.
_GROWN = {
    "insert": f"SELECT family_id FROM new_lines WHERE status IN {COUNTING}",
    "update": f"""SELECT n.family_id FROM new_lines n JOIN old_lines o ON o.id = n.id
        WHERE n.status IN {COUNTING}
        AND (o.status NOT IN {COUNTING} OR o.family_id <> n.family_id OR n.amount > o.amount)""",
}


def _postgresql_function(name: str, grown: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
    DECLARE
        breach record;
    BEGIN
        PERFORM 1 FROM families_family WHERE id IN ({grown}) ORDER BY id FOR UPDATE;
        SELECT t.family_id, t.total, s.cap INTO breach
        FROM (
            SELECT l.family_id, SUM(l.amount) AS total FROM funding_claimline l
            WHERE l.family_id IN ({grown}) AND l.status IN {COUNTING}
            GROUP BY l.family_id
        ) t
        JOIN families_family f ON f.id = t.family_id
        JOIN funding_paymentschedule s ON s.starts_on <= f.attached_on AND s.ends_on >= f.attached_on
        WHERE t.total > s.cap
        LIMIT 1;
        IF FOUND THEN
            RAISE EXCEPTION 'A family''s payments would pass the cap: family % would be paid £% of at most £%',
                breach.family_id, breach.total, breach.cap
                USING ERRCODE = 'check_violation', CONSTRAINT = 'claim_line_within_cap';
        END IF;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """


POSTGRESQL_FORWARD = [
    _postgresql_function("funding_claim_lines_added_within_cap", _GROWN["insert"]),
    _postgresql_function("funding_claim_lines_changed_within_cap", _GROWN["update"]),
    "CREATE TRIGGER claim_line_within_cap_insert AFTER INSERT ON funding_claimline "
    "REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION funding_claim_lines_added_within_cap()",
    "CREATE TRIGGER claim_line_within_cap_update AFTER UPDATE ON funding_claimline "
    "REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines "
    "FOR EACH STATEMENT EXECUTE FUNCTION funding_claim_lines_changed_within_cap()",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS claim_line_within_cap_insert ON funding_claimline",
    "DROP TRIGGER IF EXISTS claim_line_within_cap_update ON funding_claimline",
    "DROP FUNCTION IF EXISTS funding_claim_lines_added_within_cap()",
    "DROP FUNCTION IF EXISTS funding_claim_lines_changed_within_cap()",
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
        ("funding", "0008_payment_schedule_within_cap"),
    ]

    operations = [migrations.RunPython(_run(0), _run(1))]
