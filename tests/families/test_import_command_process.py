"""`manage.py import_cases` as users run it, in a process of its own (started without the web-only apps), and the
history tables' indexes: the ones their readers use are there, the ones nothing reads are not."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from families.casefile import write_csv_folder
from families.examples import example_sheets
from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral

ROOT = Path(__file__).resolve().parents[2]
MODELS = (Family, Person, SchoolTerm, Incident, Employment, WorkProgrammeReferral)


def _command(*args: str) -> subprocess.CompletedProcess:
    url = "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    return subprocess.run(
        [sys.executable, "manage.py", "import_cases", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_the_command_in_its_own_process_saves_the_file_with_its_history(council, alice, tmp_path):
    folder = write_csv_folder(tmp_path / "cases", example_sheets(key_worker=alice.email))
    result = _command(council.gss_code, str(folder))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "families: 2 created, 0 updated, 0 unchanged; records: 6"
    family = Family.objects.get(council=council, reference="BHM-2012-0001")
    assert family.key_worker == alice
    assert family.history.get().history_change_reason == "Loaded from a case file"
    for model in MODELS:
        assert model.history.count() == model.objects.count() > 0

    again = _command(council.gss_code, str(folder))
    assert again.stdout.strip() == "families: 0 created, 0 updated, 2 unchanged; records: 6"
    assert sum(model.history.count() for model in MODELS) == sum(model.objects.count() for model in MODELS)


@pytest.mark.django_db(transaction=True)
def test_a_bad_file_in_its_own_process_saves_nothing_and_names_the_row(council, alice, tmp_path):
    sheets = example_sheets(key_worker=alice.email)
    sheets["people"][1]["date_of_birth"] = "31/02/2005"
    folder = write_csv_folder(tmp_path / "cases", sheets)
    result = _command(council.gss_code, str(folder))
    assert result.returncode == 1
    assert "people row 3, column date_of_birth: '31/02/2005' is not a date" in result.stdout
    assert not Family.objects.exists() and not Family.history.exists()


def _indexed_columns(table: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [tuple(c["columns"]) for c in constraints.values() if c["index"]]


@pytest.mark.django_db
def test_history_tables_are_indexed_for_their_readers_only():
    # What reads them: the family page (families/timeline.py) and the claim's last change (funding/records.py).
    read_by = {Family: "id", Person: "family_id"} | {model: "person_id" for model in MODELS[2:]}
    for model in MODELS:
        table = model.history.model._meta.db_table
        indexes = _indexed_columns(table)
        assert (read_by[model],) in indexes or any(columns[0] == read_by[model] for columns in indexes), table
        for unread in ("history_date", "history_user_id", "council_id", "key_worker_id"):
            assert not any(unread in columns for columns in indexes), (table, unread)
