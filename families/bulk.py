"""Inserting many rows quickly, each with its history row (the case-file import).

On PostgreSQL the ids are reserved from the table's sequence in one query and the rows, then their history rows,
are loaded with COPY: the import's speed is then close to the database's own. Elsewhere (the SQLite database of
`make run`) the ORM's bulk_create does the same more slowly.
"""

import csv
import io
from datetime import datetime

from django.db import connection

NULL = "\\N"


def _copy(table: str, columns: list[str], rows: list[list]) -> None:
    """COPY in CSV form: the csv module writes it in C. NULL is written as \\N, so that an empty string stays one."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([NULL if value is None else value for value in row] for row in rows)
    buffer.seek(0)
    with connection.cursor() as cursor:
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        cursor.cursor.copy_expert(sql, buffer)


def insert(model, rows: list[dict]) -> None:
    """Insert rows (dicts of every field's attname but the id); each row's "id" is filled in."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        objs = model.objects.bulk_create([model(**row) for row in rows], batch_size=1000)
        for row, obj in zip(rows, objs, strict=True):
            row["id"] = obj.pk
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
        (sequence,) = cursor.fetchone()
        cursor.execute("SELECT nextval(%s::regclass) FROM generate_series(1, %s)", [sequence, len(rows)])
        ids = [pk for (pk,) in cursor.fetchall()]
    for row, pk in zip(rows, ids, strict=True):
        row["id"] = pk
    fields = model._meta.concrete_fields
    _copy(table, [f.column for f in fields], [[row[f.attname] for f in fields] for row in rows])


def insert_history(model, rows: list[dict], history_type: str, user, reason: str, when: datetime) -> None:
    """One history row for each of `rows` (just inserted by `insert`, so each has its "id")."""
    if not rows:
        return
    history = model.history.model
    extra = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": history_type,
        "history_user_id": user.pk if user is not None else None,
    }
    tracked = [f.attname for f in history.tracked_fields]
    if connection.vendor != "postgresql":
        history.objects.bulk_create(
            [history(**{name: row[name] for name in tracked}, **extra) for row in rows], batch_size=1000
        )
        return
    # The rows are in the table already: the database copies them into the history table itself.
    quote = connection.ops.quote_name
    columns = [history._meta.get_field(name).column for name in tracked]
    extra_columns = [history._meta.get_field(name).column for name in extra]
    # Names come from the models' metadata; every value is a parameter.
    target = f"{quote(history._meta.db_table)} ({', '.join(map(quote, columns + extra_columns))})"
    source = f"{', '.join(map(quote, columns))}, %s, %s, %s, %s FROM {quote(model._meta.db_table)}"
    # The rows have ids reserved from the sequence: when they are one unbroken run (the usual case) the range
    # alone picks exactly them; otherwise ANY keeps exactly these rows within the range.
    ids = [row["id"] for row in rows]
    low, high = min(ids), max(ids)
    if high - low + 1 == len(ids):
        where, params = "id BETWEEN %s AND %s", [low, high]
    else:
        where, params = "id BETWEEN %s AND %s AND id = ANY(%s)", [low, high, ids]
    sql = f"INSERT INTO {target} SELECT {source} WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*extra.values(), *params])
