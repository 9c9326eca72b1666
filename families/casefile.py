"""The case file's container and columns: how a council's export is read, sheet by sheet, cell by cell.

A case file is an .xlsx workbook, a folder of CSV files, or a .zip of CSV files; each sheet (or file) is named
after what it holds (`families`, `people`, ...). This module turns any of them into rows of raw cells and
parses each cell by its column's kind. The rules that tie rows together live in `families/imports.py`.
The format is written up for council data officers in docs/import-format.md.
"""

import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from families.containers import CaseFileUnreadable, read_container

__all__ = ["SHEETS", "CaseFileUnreadable", "Problem", "read_container"]


# ---------------------------------------------------------------------------------------------------------------
# Cell parsers: each takes a non-blank cell (text already stripped) and returns the value, or raises ValueError
# with the message to show. They accept only what the database takes, so that a file that passes the check
# also saves: no control characters in text, numbers in their column's range, ASCII digits only (Python's int(),
# Decimal() and str.isdigit() also read other scripts' digits: "٣" is 3), and no date before EARLIEST_DATE.

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}

# Nobody in a family was born before 1900, and no case record is older: an earlier year is a typing error (year
# 0001 would print as financial year "0/01" in the monitoring returns).
EARLIEST_DATE = date(1900, 1, 1)
# A PositiveSmallIntegerField's range on every database Django supports.
SMALL_NUMBER_MAX = 32_767

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {"\x00": "a NUL character", "\t": "a tab", "\n": "a line break", "\r": "a line break"}
_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_UK_DATE = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")


def as_text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a workbook turns 1234 into 1234.0
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def short(word: str, limit: int = 40) -> str:
    return word if len(word) <= limit else word[:limit] + "..."


def shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message: short, and with any control character visible."""
    word = as_text(value)
    return repr(word[:limit]) + ("..." if len(word) > limit else "")


def text(max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        result = value if type(value) is str else as_text(value)  # text cells come stripped
        if len(result) > max_length:
            raise ValueError(f"at most {max_length} characters (this has {len(result):,})")
        if not result.isprintable() and (control := _CONTROL.search(result)):
            character = control.group()
            name = _CONTROL_NAMES.get(character, f"the control character U+{ord(character):04X}")
            raise ValueError(f"contains {name}: text may not hold tabs, line breaks or other control characters")
        return result

    return parse


def _not_a_date(value: object) -> ValueError:
    return ValueError(f"{shown(value)} is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY")


def a_date(value: object) -> date:
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-" and value.isascii():
        try:
            result = date.fromisoformat(value)  # the usual case, fast
        except ValueError:
            raise _not_a_date(value) from None
        if result >= EARLIEST_DATE:
            return result
    elif isinstance(value, datetime):
        result = value.date()
    elif isinstance(value, date):
        result = value
    else:
        word = as_text(value)
        if match := _ISO_DATE.fullmatch(word):
            year, month, day = match.groups()
        elif match := _UK_DATE.fullmatch(word):
            day, month, year = match.groups()
        else:
            raise _not_a_date(value)
        try:
            result = date(int(year), int(month), int(day))
        except ValueError:
            raise _not_a_date(value) from None
    if result < EARLIEST_DATE:
        raise ValueError(f"{result.isoformat()} is before {EARLIEST_DATE.year}: check the year")
    return result


def yes_no(value: object) -> bool:
    if type(value) is bool:
        return value
    word = (value if type(value) is str else as_text(value)).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"{shown(value)} is not yes or no")


def one_of(*choices: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        word = (value if type(value) is str else as_text(value)).lower()
        if word not in choices:
            raise ValueError(f"{shown(value)} is not one of {', '.join(choices)}")
        return word

    return parse


def percentage(value: object) -> Decimal:
    word = as_text(value).removesuffix("%").strip()
    if not _DECIMAL.fullmatch(word):
        raise ValueError(f"{shown(value)} is not a number from 0 to 100")
    result = Decimal(word)
    if result > 100:
        raise ValueError(f"{short(word)} is not a percentage from 0 to 100")
    if result != result.quantize(Decimal("0.01")):
        raise ValueError(f"{short(word)} has more than 2 decimal places")
    return result.quantize(Decimal("0.01"))


def whole_number(maximum: int) -> Callable[[object], int]:
    def parse(value: object) -> int:
        word = as_text(value)
        if not (word.isascii() and word.isdigit()):  # an ASCII string's digits are 0 to 9
            raise ValueError(f"{shown(word)} is not a whole number, 0 or more")
        if len(word) > len(str(maximum)) or int(word) > maximum:
            raise ValueError(f"{short(word)} is more than {maximum:,}")
        return int(word)

    return parse


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    parse: Callable[[object], object]
    blank: object = None  # the value of a blank optional cell


REFERENCE = text(40)
FAMILY_REF = Column("family_reference", True, REFERENCE)
PERSON_REF = Column("person_reference", True, REFERENCE)

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
    "people": [
        FAMILY_REF,
        PERSON_REF,
        Column("role", True, one_of("adult", "child")),
        Column("date_of_birth", True, a_date),
        Column("name", False, text(200), ""),
    ],
    "school_terms": [
        FAMILY_REF,
        PERSON_REF,
        Column("term_start", True, a_date),
        Column("term_end", True, a_date),
        Column("unauthorised_absence_pct", True, percentage),
        Column("fixed_exclusions", True, whole_number(SMALL_NUMBER_MAX)),
        Column("permanently_excluded", False, yes_no, False),
    ],
    "incidents": [
        FAMILY_REF,
        PERSON_REF,
        Column("kind", True, one_of("offence", "asb")),
        Column("occurred_on", True, a_date),
    ],
    "employment": [
        FAMILY_REF,
        PERSON_REF,
        Column("benefit", True, one_of("jsa", "esa", "is", "other")),
        Column("started_on", True, a_date),
        Column("ended_on", False, a_date),
    ],
    "work_programme": [
        FAMILY_REF,
        PERSON_REF,
        Column("provision", True, one_of("work_programme", "esf")),
        Column("referred_on", True, a_date),
    ],
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
