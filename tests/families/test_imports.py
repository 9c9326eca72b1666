"""The case-file import: the contract of docs/import-format.md, through `import_cases` (the upload page's
flow is in test_import_page.py)."""

import copy
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from families.casefile import csv_text, write_csv_folder, write_workbook, write_zip
from families.examples import example_sheets
from families.imports import import_case_file
from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral


def run(gss_code: str, path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_cases", gss_code, str(path), *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def sheets(alice):
    return example_sheets(key_worker=alice.email)


@pytest.fixture
def workbook(tmp_path, sheets):
    path = tmp_path / "cases.xlsx"
    path.write_bytes(write_workbook(sheets))
    return path


def history_rows() -> int:
    return sum(
        model.history.count() for model in (Family, Person, SchoolTerm, Incident, Employment, WorkProgrammeReferral)
    )


def test_it_loads_a_workbook(council, workbook, alice):
    code, out, _ = run(council.gss_code, workbook)
    assert code == 0
    assert out.strip() == "families: 2 created, 0 updated, 0 unchanged; records: 6"
    family = Family.objects.get(council=council, reference="BHM-2012-0001")
    assert family.key_worker == alice
    assert family.attached_on == date(2012, 5, 8)
    assert family.criteria_met == 3
    assert [p.reference for p in family.people.all()] == ["1", "2"]
    child = family.people.get(reference="2")
    assert child.name == "Sample Child"
    assert [str(t.unauthorised_absence_pct) for t in child.school_terms.all()] == ["18.50", "9.00"]
    assert sorted(child.incidents.values_list("kind", flat=True)) == ["asb", "offence"]
    assert family.people.get(reference="1").employments.get().benefit == "jsa"
    assert Family.objects.get(reference="BHM-2012-0002").local_discretion == "Domestic violence"
    assert family.history.count() == 1


def test_it_loads_a_folder_of_csv_files(council, tmp_path, sheets):
    folder = write_csv_folder(tmp_path / "export", sheets)
    code, out, _ = run(council.gss_code, folder)
    assert (code, out.strip()) == (0, "families: 2 created, 0 updated, 0 unchanged; records: 6")
    assert Person.objects.count() == 3


def test_it_loads_a_zip_of_csv_files(council, tmp_path, sheets):
    path = tmp_path / "export.zip"
    path.write_bytes(write_zip(sheets))
    code, out, _ = run(council.gss_code, path)
    assert (code, out.strip()) == (0, "families: 2 created, 0 updated, 0 unchanged; records: 6")
    assert WorkProgrammeReferral.objects.count() == 1


def test_csv_may_start_with_a_byte_order_mark_and_use_british_dates_and_any_yes(council, tmp_path):
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "families.csv").write_bytes(
        "\ufeffReference,identified_on,crime_asb,education,work,attached_on\n"
        "F1,16/04/2012,Y,TRUE,1,2012-05-01\n"
        ",,,,,\n"
        "F2,2012-04-17,no,n,False,\n".encode()
    )
    code, out, _ = run(council.gss_code, folder)
    assert (code, out.strip()) == (0, "families: 2 created, 0 updated, 0 unchanged; records: 0")
    f1 = Family.objects.get(reference="F1")
    assert (f1.identified_on, f1.crime_asb, f1.education, f1.work) == (date(2012, 4, 16), True, True, True)
    assert Family.objects.get(reference="F2").criteria_met == 0


def test_importing_the_same_file_twice_changes_nothing(council, workbook):
    run(council.gss_code, workbook)
    before = history_rows()
    versions = list(Family.objects.values_list("version", flat=True))
    code, out, _ = run(council.gss_code, workbook)
    assert (code, out.strip()) == (0, "families: 0 created, 0 updated, 2 unchanged; records: 6")
    assert history_rows() == before
    assert list(Family.objects.values_list("version", flat=True)) == versions


def test_a_changed_row_updates_only_that_family_and_writes_its_history(council, tmp_path, sheets):
    run(council.gss_code, write_csv_folder(tmp_path / "first", sheets))
    before = history_rows()
    changed = copy.deepcopy(sheets)
    changed["families"][1]["attached_on"] = date(2012, 7, 2)
    code, out, _ = run(council.gss_code, write_csv_folder(tmp_path / "second", changed))
    assert (code, out.strip()) == (0, "families: 0 created, 1 updated, 1 unchanged; records: 6")
    family = Family.objects.get(reference="BHM-2012-0002")
    assert family.attached_on == date(2012, 7, 2)
    assert family.version == 2
    assert history_rows() == before + 1
    assert family.history.first().history_change_reason == "Loaded from a case file"


def test_the_file_replaces_the_records_and_people_of_its_families(council, tmp_path, sheets):
    run(council.gss_code, write_csv_folder(tmp_path / "first", sheets))
    changed = copy.deepcopy(sheets)
    changed["incidents"] = changed["incidents"][:1]  # the offence was recorded in error
    changed["people"] = changed["people"][:2]  # family 2's adult moved out
    changed["employment"][0]["ended_on"] = date(2013, 6, 28)
    code, out, _ = run(council.gss_code, write_csv_folder(tmp_path / "second", changed))
    assert (code, out.strip()) == (0, "families: 0 created, 2 updated, 0 unchanged; records: 5")
    assert list(Incident.objects.values_list("kind", flat=True)) == ["asb"]
    assert Employment.objects.get().ended_on == date(2013, 6, 28)
    assert not Person.objects.filter(family__reference="BHM-2012-0002").exists()
    assert Incident.history.filter(history_type="-").count() == 1


def test_a_sheet_left_out_leaves_those_records_alone(council, tmp_path, sheets):
    run(council.gss_code, write_csv_folder(tmp_path / "first", sheets))
    code, out, _ = run(council.gss_code, write_csv_folder(tmp_path / "second", {"families": sheets["families"]}))
    assert (code, out.strip()) == (0, "families: 0 created, 0 updated, 2 unchanged; records: 0")
    assert Person.objects.count() == 3 and Incident.objects.count() == 2


def test_families_of_other_councils_are_never_touched(council, other_council, workbook):
    theirs = Family.objects.create(council=other_council, reference="BHM-2012-0001", identified_on=date(2012, 1, 1))
    run(council.gss_code, workbook)
    theirs.refresh_from_db()
    assert theirs.identified_on == date(2012, 1, 1)
    assert Family.objects.filter(reference="BHM-2012-0001").count() == 2


def test_a_dry_run_reports_and_saves_nothing(council, workbook):
    code, out, err = run(council.gss_code, workbook, "--dry-run")
    assert code == 0
    assert out.strip() == "families: 2 created, 0 updated, 0 unchanged; records: 6"
    assert err.strip() == "Dry run: nothing was saved."
    assert not Family.objects.exists()
    assert history_rows() == 0


def test_real_date_cells_and_numbers_in_a_workbook_are_read(council, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "families"
    sheet.append(["reference", "identified_on", "crime_asb", "education", "work"])
    sheet.append([1234, date(2012, 5, 1), True, "yes", 1])
    path = tmp_path / "numbers.xlsx"
    workbook.save(path)
    assert run(council.gss_code, path)[0] == 0
    family = Family.objects.get()
    assert (family.reference, family.identified_on, family.work) == ("1234", date(2012, 5, 1), True)


BAD = {
    "families": [
        {"reference": "F1", "identified_on": "2012-13-01", "crime_asb": "perhaps", "education": "yes", "work": "yes"},
        {"reference": "F1", "identified_on": "2012-05-01", "crime_asb": "yes", "education": "yes", "work": "yes"},
        {
            "reference": "F2",
            "identified_on": "2012-05-01",
            "crime_asb": "yes",
            "education": "yes",
            "work": "yes",
            "attached_on": "2012-04-30",
            "key_worker": "nobody@example.gov.uk",
        },
        {"reference": "F3", "identified_on": "2099-01-01", "crime_asb": "yes", "education": "", "work": "yes"},
        {
            "reference": "F4",
            "identified_on": "2012-05-01",
            "crime_asb": "yes",
            "education": "yes",
            "work": "yes",
            "attached_on": "2012-06-01",
            "closed_on": "2012-05-31",
        },
        {"reference": "X" * 41, "identified_on": "2012-05-01", "crime_asb": "yes", "education": "yes", "work": "yes"},
    ],
    "people": [
        {"family_reference": "F2", "person_reference": "A", "role": "adult", "date_of_birth": "1980-01-01"},
        {"family_reference": "F2", "person_reference": "A", "role": "adult", "date_of_birth": "1980-01-01"},
        {"family_reference": "F9", "person_reference": "B", "role": "grandparent", "date_of_birth": "1980-01-01"},
    ],
    "school_terms": [
        {
            "family_reference": "F2",
            "person_reference": "A",
            "term_start": "2012-09-03",
            "term_end": "2012-09-01",
            "unauthorised_absence_pct": "101",
            "fixed_exclusions": "-1",
        },
    ],
    "incidents": [
        {"family_reference": "F2", "person_reference": "Z", "kind": "burglary", "occurred_on": "2012-02-01"},
    ],
    "employment": [
        {
            "family_reference": "F2",
            "person_reference": "A",
            "benefit": "jsa",
            "started_on": "2012-09-01",
            "ended_on": "2012-08-01",
        },
    ],
}

EXPECTED = [
    "families row 2, column identified_on: '2012-13-01' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY",
    "families row 2, column crime_asb: 'perhaps' is not yes or no",
    "families row 3, column reference: F1 is already on row 2",
    "families row 4, column attached_on: must be on or after identified_on (2012-05-01)",
    "families row 4, column key_worker: nobody@example.gov.uk is not a user of Birmingham",
    "families row 5, column identified_on: 2099-01-01 is in the future",
    "families row 5, column education: this is required",
    "families row 6, column closed_on: must be on or after attached_on (2012-06-01)",
    "families row 7, column reference: at most 40 characters (this has 41)",
    "people row 3, column person_reference: A is already on row 2",
    "people row 4, column family_reference: F9 is not in the families sheet",
    "people row 4, column role: 'grandparent' is not one of adult, child",
    "school_terms row 2, column person_reference: A is an adult: school terms are for children",
    "school_terms row 2, column term_end: must be after term_start (2012-09-03)",
    "school_terms row 2, column unauthorised_absence_pct: 101 is not a percentage from 0 to 100",
    "school_terms row 2, column fixed_exclusions: '-1' is not a whole number, 0 or more",
    "incidents row 2, column person_reference: Z of family F2 is not in the people sheet",
    "incidents row 2, column kind: 'burglary' is not one of offence, asb",
    "employment row 2, column ended_on: must be on or after started_on (2012-09-01)",
]


@pytest.mark.parametrize("container", ["folder", "xlsx"])
def test_every_bad_value_is_reported_and_nothing_is_saved(council, alice, tmp_path, container):
    if container == "folder":
        path = write_csv_folder(tmp_path / "bad", BAD)
    else:
        path = tmp_path / "bad.xlsx"
        path.write_bytes(write_workbook(BAD))
    code, out, _ = run(council.gss_code, path)
    assert code == 1
    assert out.splitlines() == EXPECTED
    assert not Family.objects.exists()
    assert history_rows() == 0


def test_one_bad_row_saves_nothing_even_where_other_rows_are_good(council, tmp_path, sheets):
    sheets["incidents"].append(
        {"family_reference": "BHM-2012-0002", "person_reference": "1", "kind": "asb", "occurred_on": "yesterday"}
    )
    code, out, _ = run(council.gss_code, write_csv_folder(tmp_path / "x", sheets))
    assert code == 1
    assert (
        out.strip()
        == "incidents row 4, column occurred_on: 'yesterday' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY"
    )
    assert not Family.objects.exists()


def test_unknown_and_missing_columns_are_reported(council, tmp_path):
    folder = tmp_path / "cols"
    folder.mkdir()
    (folder / "families.csv").write_text(
        "reference,identified_on,crime_asb,educaton,work,,\nF1,2012-05-01,y,y,y,,oops\n"
    )
    (folder / "peple.csv").write_text("family_reference\n")
    code, out, _ = run(council.gss_code, folder)
    assert code == 1
    assert out.splitlines() == [
        "families row 1, column education: this required column is missing",
        "families row 1, column educaton: unknown column: the columns of families are reference, identified_on, "
        "crime_asb, education, work, local_discretion, attached_on, key_worker, closed_on",
        "families row 2, column G: a value under no column heading",
        "peple row 1, column A: unknown sheet: a case file has the sheets families, people, school_terms, incidents, "
        "employment, work_programme",
    ]


def test_an_unknown_council_is_a_usage_error(db, workbook):
    code, _, err = run("E99999999", workbook)
    assert code == 2
    assert "No council has the GSS code E99999999" in err


@pytest.mark.parametrize(
    ("name", "content"),
    [("cases.xlsx", b"not a workbook"), ("cases.zip", b"not a zip"), ("cases.txt", b"hello"), ("missing.xlsx", None)],
)
def test_an_unreadable_file_is_a_usage_error(council, tmp_path, name, content):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    code, out, err = run(council.gss_code, path)
    assert (code, out) == (2, "")
    assert err.startswith(f"Cannot read {path}")
    assert not Family.objects.exists()


def test_a_file_without_a_families_sheet_is_a_usage_error(council, tmp_path):
    path = tmp_path / "people.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("people.csv", csv_text("people", []))
    assert run(council.gss_code, path)[0] == 2


def test_csv_that_is_not_utf8_is_a_usage_error(council, tmp_path):
    folder = tmp_path / "latin"
    folder.mkdir()
    (folder / "families.csv").write_bytes(
        "reference,identified_on,crime_asb,education,work\nCafé,2012-05-01,y,y,y\n".encode("latin-1")
    )
    assert run(council.gss_code, folder)[0] == 2


def test_the_example_workbook_in_docs_loads(council):
    path = Path(__file__).resolve().parents[2] / "docs" / "example-case-file.xlsx"
    result = import_case_file(council, path, filename=path.name, dry_run=True)
    assert (result.created, result.records) == (2, 6)


def test_the_history_of_an_updated_family_keeps_what_the_file_does_not_hold(council, tmp_path, sheets):
    run(council.gss_code, write_csv_folder(tmp_path / "first", sheets))
    Family.objects.filter(reference="BHM-2012-0002").update(closure_reason="Kept by hand")
    changed = copy.deepcopy(sheets)
    changed["families"][1]["work"] = False
    run(council.gss_code, write_csv_folder(tmp_path / "second", changed))
    latest = Family.objects.get(reference="BHM-2012-0002").history.first()
    assert (latest.work, latest.closure_reason) == (False, "Kept by hand")
