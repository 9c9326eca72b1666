"""The case file's container and columns: how a council's export is read, sheet by sheet, cell by cell.

A case file is an .xlsx workbook, a folder of CSV files, or a .zip of CSV files; each sheet (or file) is named
after what it holds (`families`, `people`, ...). This module turns any of them into rows of raw cells and
parses each cell by its column's kind. The rules that tie rows together live in `families/imports.py`.
The format is written up for council data officers in docs/import-format.md.
"""

import csv
import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException


class CaseFileUnreadable(Exception):
    """The file cannot be read at all (not a workbook, zip or folder of CSV; no families sheet)."""


# ---------------------------------------------------------------------------------------------------------------
# Cell parsers: each takes a non-blank cell (text already stripped) and returns the value, or raises ValueError
# with the message to show.

YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0"}


def as_text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a workbook turns 1234 into 1234.0
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def text(max_length: int) -> Callable[[object], str]:
    def parse(value: object) -> str:
        result = value if type(value) is str else as_text(value)  # text cells come stripped
        if len(result) > max_length:
            raise ValueError(f"at most {max_length} characters (this has {len(result)})")
        return result

    return parse


def a_date(value: object) -> date:
    if type(value) is str and len(value) == 10 and value[4] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        value = value.strip()
        try:
            if len(value) == 10 and value[4] == "-" and value[7] == "-":
                return date.fromisoformat(value)
            day, month, year = value.split("/")
            if len(year) == 4:
                return date(int(year), int(month), int(day))
        except ValueError:
            pass
    raise ValueError(f"{as_text(value)!r} is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY")


def yes_no(value: object) -> bool:
    if type(value) is bool:
        return value
    word = (value if type(value) is str else as_text(value)).lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise ValueError(f"{as_text(value)!r} is not yes or no")


def one_of(*choices: str) -> Callable[[object], str]:
    def parse(value: object) -> str:
        word = (value if type(value) is str else as_text(value)).lower()
        if word not in choices:
            raise ValueError(f"{as_text(value)!r} is not one of {', '.join(choices)}")
        return word

    return parse


def percentage(value: object) -> Decimal:
    try:
        result = Decimal(as_text(value).removesuffix("%").strip())
    except InvalidOperation:
        raise ValueError(f"{as_text(value)!r} is not a number from 0 to 100") from None
    if not result.is_finite() or not 0 <= result <= 100:
        raise ValueError(f"{as_text(value)} is not a percentage from 0 to 100")
    if result != result.quantize(Decimal("0.01")):
        raise ValueError(f"{as_text(value)} has more than 2 decimal places")
    return result.quantize(Decimal("0.01"))


def whole_number(value: object) -> int:
    word = as_text(value)
    if not word.isdigit():
        raise ValueError(f"{word!r} is not a whole number, 0 or more")
    return int(word)


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
        Column("fixed_exclusions", True, whole_number),
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

    def __str__(self) -> str:
        return f"{self.sheet} row {self.row}, column {self.column}: {self.message}"


# ---------------------------------------------------------------------------------------------------------------
# Containers: every reader yields (sheet name, rows), where rows are lists of raw cells, the header first.

RawSheet = tuple[str, Iterator[list]]


def _csv_rows(data: bytes, name: str) -> Iterator[list]:
    try:
        text_ = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CaseFileUnreadable(f"{name} is not UTF-8 text: save it as 'CSV UTF-8'") from error
    try:
        yield from csv.reader(io.StringIO(text_, newline=""))
    except csv.Error as error:
        raise CaseFileUnreadable(f"{name} is not a readable CSV file: {error}") from error


def _sheet_name(filename: str) -> str:
    return Path(filename).stem.strip().lower()


def _read_folder(folder: Path) -> Iterator[RawSheet]:
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.suffix.lower() == ".csv" and not path.name.startswith("."):
            yield _sheet_name(path.name), _csv_rows(path.read_bytes(), path.name)


def _read_zip(handle) -> Iterator[RawSheet]:
    with zipfile.ZipFile(handle) as archive:
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or name.startswith(".") or "__MACOSX" in info.filename:
                continue
            if name.lower().endswith(".csv"):
                yield _sheet_name(name), _csv_rows(archive.read(info), name)


def _read_workbook(handle) -> Iterator[RawSheet]:
    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        for worksheet in workbook.worksheets:
            yield worksheet.title.strip().lower(), (list(row) for row in worksheet.iter_rows(values_only=True))
    finally:
        workbook.close()


def read_container(source: Path | bytes, filename: str = "") -> Iterator[RawSheet]:
    """The sheets of a case file: a path (workbook, zip or folder), or the bytes of an uploaded workbook or zip."""
    name = (filename or str(source if isinstance(source, Path) else "")).lower()
    try:
        if isinstance(source, Path):
            if source.is_dir():
                yield from _read_folder(source)
                return
            if not source.exists():
                raise CaseFileUnreadable(f"{source} does not exist")
            handle = source
        else:
            handle = io.BytesIO(source)
        if name.endswith(".zip"):
            yield from _read_zip(handle)
        elif name.endswith(".xlsx"):
            yield from _read_workbook(handle)
        else:
            raise CaseFileUnreadable("a case file is an .xlsx workbook, a .zip of CSV files, or a folder of CSV files")
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, EOFError) as error:
        raise CaseFileUnreadable(f"the file cannot be read: {error}") from error


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_label(headers: list, index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else get_column_letter(index + 1)


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
