"""The suite's PostgreSQL backend (tests/postgresql) empties the tables after a transactional test by deleting their
rows: every table ends empty, and nothing outside the tests uses it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, connections

from tests.conftest import TEST_POSTGRESQL_ENGINE

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db(transaction=True)
def test_a_flush_leaves_every_table_empty(alice, bob):
    from tests.factories.families import FamilyFactory, PersonFactory

    assert connection.settings_dict["ENGINE"] == TEST_POSTGRESQL_ENGINE
    assert type(connections["default"]).__module__ == f"{TEST_POSTGRESQL_ENGINE}.base"
    PersonFactory(family=FamilyFactory(council=alice.council))
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM families_person")
        assert cursor.fetchone() == (1,)

    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)

    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (introspected)
            counts[table] = cursor.fetchone()[0]
    assert len(counts) > 50
    assert {table: count for table, count in counts.items() if count} == {}


def test_outside_the_tests_the_database_engine_is_djangos():
    script = "from programme import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "DEBUG": "1"}, capture_output=True, text=True
    )
    assert result.stdout.split()[-1:] == ["django.db.backends.postgresql"], result.stderr
