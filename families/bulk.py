"""Inserting many rows quickly, with their history rows when wanted (the case-file import, a draft claim's lines).

On PostgreSQL the ids are reserved from the table's sequence in one query and the rows, then their history rows,
are loaded with COPY: the import's speed is then close to the database's own. Elsewhere (the SQLite database of
`make run`) the ORM's bulk_create does the same more slowly.
"""

import csv
import io
from datetime import datetime
from itertools import islice
from operator import itemgetter

from django.db import connection


class _CsvStream:
    """Rows as CSV text, written by the csv module in C a batch at a time as COPY reads them: the database
    takes in one batch while the next is written, rather than waiting for the whole table's text."""

    BATCH = 2000

    def __init__(self, rows):
        self._rows = iter(rows)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        self._writer.writerows(islice(self._rows, self.BATCH))
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text  # "" when the rows are all read: the end of the COPY


def _copy(table: str, fields: list, rows) -> None:
    """COPY rows (tuples in the order of `fields`) in CSV form.

    In CSV an empty unquoted value is NULL, which is what the csv module writes for None; an empty string is
    written the same way, so the columns that cannot be NULL are named in FORCE_NOT_NULL and read it as ''."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    not_null = ", ".join(quote(f.column) for f in fields if not f.null)
    options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})" if not_null else "FORMAT csv"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {quote(table)} ({columns}) FROM STDIN WITH ({options})", _CsvStream(rows))


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
    _copy(table, fields, map(itemgetter(*[f.attname for f in fields]), rows))


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
    # Each history row is the row's tracked values followed by the same four values.
    fields = [history._meta.get_field(name) for name in [*tracked, *extra]]
    tail = (when.isoformat(), *list(extra.values())[1:])  # the time formatted once, not once a row
    values = itemgetter(*tracked)
    _copy(history._meta.db_table, fields, (values(row) + tail for row in rows))
