"""Hostile and careless case files: every bad value is a named problem, the check and the save agree, and no
file makes the reader work past its limits (families/containers.py). The files are built here, small."""

import copy
import io
import re
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.backends.base.operations import BaseDatabaseOperations
from openpyxl import Workbook

from families import containers, sheets
from families.casefile import SMALL_NUMBER_MAX, write_csv_folder, write_workbook
from families.examples import example_sheets
from families.imports import import_case_file
from families.models import Family, Person, SchoolTerm
from tests.families.test_imports import BAD, EXPECTED, history_rows

HEADINGS = "reference,identified_on,crime_asb,education,work"


def run(gss_code: str, path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_cases", gss_code, str(path), *extra, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def refused(council, path: Path) -> list[str]:
    """The problems of a file, the same in a dry run and a real one, with nothing saved."""
    code, dry, _ = run(council.gss_code, path, "--dry-run")
    assert code == 1
    assert run(council.gss_code, path) == (1, dry, "")
    assert not Family.objects.exists() and history_rows() == 0
    return dry.splitlines()


def families_csv(tmp_path: Path, *rows: str, headings: str = HEADINGS) -> Path:
    folder = tmp_path / "export"
    folder.mkdir(exist_ok=True)
    (folder / "families.csv").write_text("\n".join([headings, *rows]) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def good(alice):
    return example_sheets(key_worker=alice.email)


# ---------------------------------------------------------------------------------------------------------------
# Values the database would refuse


def test_control_characters_in_text_are_named(council, tmp_path, good):
    bad = copy.deepcopy(good)
    bad["people"][0]["name"] = "Sample\x00Adult"
    bad["people"][1]["name"] = "Sample\tChild"
    bad["families"][1]["local_discretion"] = "Domestic\nviolence"
    bad["families"][0]["reference"] = "BHM\x1b-1"
    problems = refused(council, write_csv_folder(tmp_path / "bad", bad))
    rule = "text may not hold tabs, line breaks or other control characters"
    assert f"families row 2, column reference: contains the control character U+001B: {rule}" in problems
    assert f"families row 3, column local_discretion: contains a line break: {rule}" in problems
    assert f"people row 2, column name: contains a NUL character: {rule}" in problems
    assert f"people row 3, column name: contains a tab: {rule}" in problems


def test_a_tab_in_a_workbook_cell_is_named_too(council, tmp_path, good):
    good["people"][2]["name"] = "A\tB"
    path = tmp_path / "tab.xlsx"
    path.write_bytes(write_workbook(good))
    assert refused(council, path) == [
        "people row 4, column name: contains a tab: text may not hold tabs, line breaks or other control characters"
    ]


def test_numbers_past_their_columns_range_are_named(council, tmp_path, good):
    good["school_terms"][0]["fixed_exclusions"] = "99999"
    good["school_terms"][1]["fixed_exclusions"] = "9" * 400
    good["school_terms"][1]["unauthorised_absence_pct"] = "100.01"
    assert refused(council, write_csv_folder(tmp_path / "bad", good)) == [
        "school_terms row 2, column fixed_exclusions: 99999 is more than 32,767",
        "school_terms row 3, column unauthorised_absence_pct: 100.01 is not a percentage from 0 to 100",
        f"school_terms row 3, column fixed_exclusions: {'9' * 40}... is more than 32,767",
    ]


def test_the_largest_number_and_earliest_date_accepted_are_saved(council, tmp_path, good):
    """The check's bounds are the database's: the edge values save, on PostgreSQL and SQLite alike."""
    assert BaseDatabaseOperations.integer_field_ranges["PositiveSmallIntegerField"] == (0, SMALL_NUMBER_MAX)
    good["school_terms"][0]["fixed_exclusions"] = str(SMALL_NUMBER_MAX)
    good["school_terms"][0]["unauthorised_absence_pct"] = "100"
    good["people"][0]["date_of_birth"] = "01/01/1900"
    assert run(council.gss_code, write_csv_folder(tmp_path / "edge", good))[0] == 0
    assert SchoolTerm.objects.filter(fixed_exclusions=SMALL_NUMBER_MAX).count() == 1
    assert Person.objects.filter(date_of_birth="1900-01-01").count() == 1


def test_dates_before_1900_are_named(council, tmp_path):
    folder = families_csv(tmp_path, "F1,0001-01-01,y,y,y", "F2,31/12/1899,y,y,y", "F3,1900-01-01,y,y,y")
    folder.joinpath("people.csv").write_text(
        "family_reference,person_reference,role,date_of_birth\nF3,1,adult,01/01/0001\n"
    )
    assert refused(council, folder) == [
        "families row 2, column identified_on: 0001-01-01 is before 1900: check the year",
        "families row 3, column identified_on: 1899-12-31 is before 1900: check the year",
        "people row 2, column date_of_birth: 0001-01-01 is before 1900: check the year",
    ]


def test_only_ascii_digits_are_numbers_and_dates(council, tmp_path, good):
    # Arabic-Indic digits: int(), Decimal() and str.isdigit() read "\u0663" as 3.
    three, twelve_and_a_half = "\u0663", "\u0661\u0662.\u0665"
    year = "\u0662\u0660\u0661\u0662"
    good["school_terms"][0]["fixed_exclusions"] = three
    good["school_terms"][1]["unauthorised_absence_pct"] = twelve_and_a_half
    good["school_terms"][1]["fixed_exclusions"] = "\u00b2"  # superscript two
    good["incidents"][0]["occurred_on"] = f"{year}-06-01"
    good["incidents"][1]["occurred_on"] = f"01/06/{year}"
    date_rule = "is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY"
    assert refused(council, write_csv_folder(tmp_path / "digits", good)) == [
        f"school_terms row 2, column fixed_exclusions: '{three}' is not a whole number, 0 or more",
        f"school_terms row 3, column unauthorised_absence_pct: '{twelve_and_a_half}' is not a number from 0 to 100",
        "school_terms row 3, column fixed_exclusions: '\u00b2' is not a whole number, 0 or more",
        f"incidents row 2, column occurred_on: '{year}-06-01' {date_rule}",
        f"incidents row 3, column occurred_on: '01/06/{year}' {date_rule}",
    ]


def test_a_huge_cell_names_its_row_and_column_and_the_rest_is_still_checked(council, tmp_path):
    long_name = "x" * 200_000  # past csv's own ceiling on a field (131,072)
    folder = families_csv(
        tmp_path,
        f"F1,2012-05-01,y,y,y,{long_name}",
        f'F2,2012-05-01,y,y,y,"{"y, " * 20_000}"',  # quoted, with commas: longer than a cell, shorter than csv's
        f'F3,2012-05-01,y,y,"{"a" * 150_000}\nstill the same cell",',  # quoted across a line break
        "F4,someday,y,y,y,",
        headings=HEADINGS + ",local_discretion",
    )
    assert refused(council, folder) == [
        "families row 2, column local_discretion: a cell holds at most 32,767 characters (Excel's own limit)",
        "families row 3, column local_discretion: a cell holds at most 32,767 characters (Excel's own limit)",
        "families row 4, column work: a cell holds at most 32,767 characters (Excel's own limit)",
        "families row 5, column identified_on: 'someday' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY",
    ]


def test_a_long_value_is_shortened_in_its_message(council, tmp_path):
    folder = families_csv(tmp_path, f"F1,{'9' * 5000},y,y,y")
    assert refused(council, folder) == [
        f"families row 2, column identified_on: '{'9' * 40}'... is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY"
    ]


# ---------------------------------------------------------------------------------------------------------------
# Every problem in one pass


@pytest.mark.parametrize("container", ["folder", "xlsx"])
def test_an_unknown_column_hides_none_of_the_other_problems(council, alice, tmp_path, container):
    bad = copy.deepcopy(BAD)
    for row in bad["families"]:
        row["atached_on"] = "2012-05-01"  # a typo of attached_on

    from families import casefile

    columns = casefile.SHEETS["families"] + [casefile.Column("atached_on", False, casefile.a_date)]
    with pytest.MonkeyPatch.context() as patch:  # the writer writes the columns the sheet has
        patch.setitem(casefile.SHEETS, "families", columns)
        if container == "folder":
            path = write_csv_folder(tmp_path / "bad", bad)
        else:
            path = tmp_path / "bad.xlsx"
            path.write_bytes(write_workbook(bad))
    unknown = (
        "families row 1, column atached_on: unknown column: the columns of families are reference, identified_on, "
        "crime_asb, education, work, local_discretion, attached_on, key_worker, closed_on"
    )
    assert refused(council, path) == [unknown, *EXPECTED]


def test_a_missing_column_is_said_once_and_the_other_columns_are_checked(council, tmp_path):
    folder = families_csv(
        tmp_path,
        "F1,2012-05-01,y,y",
        "F2,someday,y,y",
        "F1,2012-05-01,y,y",
        headings="reference,identified_on,crime_asb,education",
    )
    assert refused(council, folder) == [
        "families row 1, column work: this required column is missing",
        "families row 3, column identified_on: 'someday' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY",
        "families row 4, column reference: F1 is already on row 2",
    ]


# ---------------------------------------------------------------------------------------------------------------
# Bounded work


def rewrite_part(workbook: bytes, part: str, change) -> bytes:
    """The workbook with one XML part changed (or added), the others copied as they are."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        names = source.namelist()
        for name in names:
            data = source.read(name)
            target.writestr(name, change(data) if name == part else data)
        if part not in names:
            target.writestr(part, change(b""))
    return buffer.getvalue()


def one_sheet_workbook(*rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "families"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def counted(monkeypatch) -> list[int]:
    """Counts the rows the workbook reader yields."""
    seen = [0]
    original = containers._worksheet_rows

    def rows(worksheet):
        for row in original(worksheet):
            seen[0] += 1
            yield row

    monkeypatch.setattr(containers, "_worksheet_rows", rows)
    return seen


def test_a_workbook_is_read_by_its_cells_not_its_declared_dimension(council, tmp_path, monkeypatch):
    content = one_sheet_workbook(HEADINGS.split(","), ["F1", "2012-05-01", "y", "y", "y"])
    bomb = rewrite_part(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    assert b"A1:XFD1048576" in zipfile.ZipFile(io.BytesIO(bomb)).read("xl/worksheets/sheet1.xml")
    assert len(bomb) < 10_000
    path = tmp_path / "dimension.xlsx"
    path.write_bytes(bomb)
    seen = counted(monkeypatch)
    result = import_case_file(council, path, filename=path.name, dry_run=True)
    assert result.created == 1
    assert seen[0] == 2  # the heading and the one family: not a million padded rows


def test_a_workbook_row_a_million_rows_down_stops_the_reader_at_the_limit(council, tmp_path, monkeypatch):
    content = one_sheet_workbook(HEADINGS.split(","), ["F1", "2012-05-01", "y", "y", "y"])
    far = rewrite_part(
        content,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(
            b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData>'
        ),
    )
    path = tmp_path / "far.xlsx"
    path.write_bytes(far)
    seen = counted(monkeypatch)
    assert refused(council, path) == [
        "families row 200002, column A: a sheet has at most 200,000 rows below its headings"
    ]
    assert seen[0] <= 2 * (containers.MAX_SHEET_ROWS + 1)  # a dry run and a real run, each stopped at the limit


def test_a_string_bomb_is_refused_before_it_is_inflated(council, tmp_path):
    content = write_workbook(example_sheets())
    size = 60 * containers.MB
    bomb = rewrite_part(
        content,
        "xl/sharedStrings.xml",
        lambda _: (
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            + b"0" * size
            + b"</t></si></sst>"
        ),
    )
    assert len(bomb) < 200_000  # zeros compress a thousand to one
    path = tmp_path / "strings.xlsx"
    path.write_bytes(bomb)
    code, out, err = run(council.gss_code, path)
    assert (code, out) == (2, "")
    assert "sharedStrings.xml is 60 MB once uncompressed: a part of a case file may be at most 50 MB" in err
    assert not Family.objects.exists()


def test_a_zip_of_a_million_rows_is_refused_before_it_is_parsed(council, tmp_path, monkeypatch):
    path = tmp_path / "million.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("families.csv", HEADINGS + "\n" + "F1,2012-05-01,y,y,y\n" * 1_000_000)
    assert path.stat().st_size < 200_000
    parsed = []
    monkeypatch.setattr(containers, "_Lines", lambda stream: parsed.append(1))  # parsing would fail loudly
    assert refused(council, path) == [
        "families row 200002, column A: a sheet has at most 200,000 rows below its headings"
    ]
    assert parsed == []


def test_the_whole_file_has_a_row_limit_across_its_sheets(council, tmp_path, monkeypatch, good):
    monkeypatch.setattr(sheets, "MAX_FILE_ROWS", 5)
    problems = refused(council, write_csv_folder(tmp_path / "many", good))
    # The folder's files are read in name order: employment, families, incidents, then people.
    assert problems == ["people row 2, column A: a case file has at most 5 rows in all"]


def test_the_whole_file_has_a_size_limit(council, tmp_path, monkeypatch, good):
    monkeypatch.setattr(containers, "MAX_TOTAL_BYTES", 500)
    code, _, err = run(council.gss_code, write_csv_folder(tmp_path / "big", good))
    assert code == 2
    assert "the file is more than 500 bytes once uncompressed: split it and load it in parts" in err


def test_a_zip_of_too_many_parts_is_refused(council, tmp_path):
    path = tmp_path / "parts.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for number in range(containers.MAX_PARTS + 1):
            archive.writestr(f"part{number}.csv", "")
    code, _, err = run(council.gss_code, path)
    assert code == 2 and "a case file has at most 100" in err


def test_a_value_past_the_last_column_allowed_is_named_once(council, tmp_path):
    past = "," * containers.MAX_COLUMNS + "surprise"
    folder = families_csv(tmp_path, f"F1,2012-05-01,y,y,y{past}", f"F2,2012-05-01,y,y,y{past}")
    assert refused(council, folder) == [
        "families row 2, column AY: a sheet has at most 50 columns: this row has a value past them"
    ]


def test_a_workbook_cell_in_the_last_column_is_named_without_reading_16384_columns(council, tmp_path, monkeypatch):
    content = one_sheet_workbook(HEADINGS.split(","), ["F1", "2012-05-01", "y", "y", "y"])
    wide = rewrite_part(
        content,
        "xl/worksheets/sheet1.xml",
        # A value in the last column Excel has, on the family's row.
        lambda xml: xml.replace(b"</row></sheetData>", b'<c r="XFD2" t="n"><v>1</v></c></row></sheetData>'),
    )
    path = tmp_path / "wide.xlsx"
    path.write_bytes(wide)
    widths = []
    original = containers._worksheet_rows
    monkeypatch.setattr(
        containers, "_worksheet_rows", lambda sheet: ((n, widths.append(len(c)) or c) for n, c in original(sheet))
    )
    assert refused(council, path) == [
        "families row 2, column AY: a sheet has at most 50 columns: this row has a value past them"
    ]
    assert max(widths) == containers.MAX_COLUMNS + 1


def test_past_a_thousand_problems_reading_stops_and_says_so(council, tmp_path):
    folder = families_csv(tmp_path, *[f"F{number},someday,y,y,y" for number in range(1500)])
    problems = refused(council, folder)
    assert len(problems) == 1000
    assert problems[-1] == (
        "families row 1001, column A: the file has more than 1,000 problems: fix these and load it again to see "
        "the rest"
    )
    assert problems[0].startswith("families row 2, column identified_on: 'someday' is not a date")
