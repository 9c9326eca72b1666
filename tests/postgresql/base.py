"""PostgreSQL for the tests: Django's backend, with two changes that only make the suite faster.

- Emptying the database after a transactional test (the browser journeys and the concurrency tests, whose data must
  be committed) deletes the rows, in one round trip, instead of truncating. Django empties every table with one
  `TRUNCATE` of all of them; PostgreSQL truncates a table by giving it new files, and for a hundred small tables that
  takes seconds, where deleting their rows takes a tenth of a second. The tables end as empty either way: foreign
  keys are checked at the commit, when every table is empty (Django's and ours are all deferrable), and no trigger
  fires on DELETE (funding's are on INSERT and UPDATE).
- A commit does not wait for the write-ahead log to reach the disk (`synchronous_commit=off`): what it wrote is
  visible to every other connection at once all the same; only a crash of the server could lose it, and a test
  database is thrown away.

conftest.py makes this the engine of the test process only; the commands the tests run in a subprocess, and
everything outside the tests, use Django's own."""

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences or allow_cascade:  # what the suite never asks for: Django's TRUNCATE
            return super().sql_flush(style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        delete = style.SQL_KEYWORD("DELETE FROM")
        statements = ["SET CONSTRAINTS ALL DEFERRED;", *(f"{delete} {self.quote_name(t)};" for t in tables)]
        return [" ".join(statements)]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_connection_params(self):
        params = super().get_connection_params()
        params["options"] = f"{params.get('options', '')} -c synchronous_commit=off".strip()
        return params
