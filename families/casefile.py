"""The case file's sheets and columns, and writing case files: the contract of CASE_FILE.md.

A case file is an .xlsx workbook, a folder of CSV files, or a .zip of CSV files (families/containers.py); each sheet
(or file) is named after what it holds: `families`, then a sheet for each kind of record (families/kinds.py, which
gives each kind's sheet name and columns). Each cell is parsed by its column (families/cells.py); the rules that
tie rows together live in families/checks.py, the saving in families/imports.py.
The format is written up for council data officers in docs/import-format.md.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from families.cells import REFERENCE, SMALL_NUMBER_MAX, Column, a_date, short, shown, text, yes_no
from families.containers import CaseFileUnreadable, read_container
from families.kinds import PEOPLE, RECORD_KINDS

__all__ = [
    "SHEETS",
    "SMALL_NUMBER_MAX",
    "CaseFileUnreadable",
    "Column",
    "Problem",
    "a_date",
    "read_container",
    "short",
    "shown",
]

# The sheets in the order they are read: the contract of CASE_FILE.md.
SHEETS: dict[str, list[Column]] = {
    "families": [
        Column("reference", True, REFERENCE),
        Column("identified_on", True, a_date),
        Column("crime_asb", True, yes_no),
        Column("education", True, yes_no),
        Column("work", True, yes_no),
        Column("local_discretion", False, text(300), ""),
        Column("attached_on", False, a_date),
        Column("key_worker", False, text(254)),
        Column("closed_on", False, a_date),
    ],
    **{kind.sheet: kind.sheet_columns for kind in [PEOPLE, *RECORD_KINDS]},
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file, said where a data officer would look for it."""

    sheet: str
    row: int
    column: str
    message: str
    limit: bool = field(default=False, compare=False)  # reading stopped here: the file is past a limit

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}, column {self.column}: {self.message}"


# ---------------------------------------------------------------------------------------------------------------
# Writing: the template on the upload page, the example in docs/, the demo data and the tests build files here.


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def write_workbook(sheets: dict[str, list[dict]]) -> bytes:
    """An .xlsx case file: one sheet per name given (rows as dicts by column name), headers always written."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        worksheet = workbook.create_sheet(name)
        headers = [column.name for column in SHEETS[name]]
        worksheet.append(headers)
        for row in rows:
            worksheet.append([_cell(row.get(header)) for header in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(name: str, rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    headers = [column.name for column in SHEETS[name]]
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_cell(row.get(header)) for header in headers])
    return buffer.getvalue()


def write_csv_folder(folder: Path, sheets: dict[str, list[dict]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in sheets.items():
        (folder / f"{name}.csv").write_text(csv_text(name, rows), encoding="utf-8")
    return folder


def write_zip(sheets: dict[str, list[dict]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in sheets.items():
            archive.writestr(f"{name}.csv", csv_text(name, rows))
    return buffer.getvalue()
