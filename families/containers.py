"""The case file's container: a workbook, a zip or a folder of CSV files turned into numbered rows of raw cells,
with bounded work whatever the file holds.

A case file comes from outside, so every reader here has a ceiling that a council's real export stays far below
(the largest council has about 4,200 families, 14,000 people and 25,000 records; a programme four times larger
would still fit with room to spare), and says which one a file passed, in words a data officer can act on:

- the decompressed size of each part (a CSV file, or one of a workbook's own XML parts, sharedStrings.xml included)
  and of the whole file: a zip says in its directory how big each part is, so a "zip bomb" (a few kilobytes that
  inflate to gigabytes) is refused before anything is inflated, and the zip reader never gives more than it said;
- the rows of a sheet and of the whole file: counted before a CSV file is parsed, and as a workbook is read;
- the columns of a sheet: cells past the limit are not read;
- the characters of a cell (Excel's own limit): a CSV cell past it is named by row and column, not fatal.

A workbook is read by the cells it really has, never by the size it declares: openpyxl's read-only reader pads
every row to the declared dimension, and a 5 KB file that declares A1:XFD1048576 would be a billion cells.
"""

import contextlib
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

MB = 1024 * 1024
MAX_UPLOAD_BYTES = 20 * MB  # the file as uploaded (compressed)
MAX_PART_BYTES = 50 * MB  # one CSV file, or one XML part of a workbook, once decompressed
MAX_TOTAL_BYTES = 150 * MB  # every part together, once decompressed
MAX_PARTS = 100  # files in a zip, or parts of a workbook
MAX_SHEET_ROWS = 200_000  # rows below the headings in one sheet
MAX_FILE_ROWS = 300_000  # rows in all the sheets together
MAX_COLUMNS = 50  # the widest sheet has 9 columns
MAX_CELL_CHARS = 32_767  # Excel's own limit for a cell; the longest column takes 300
MAX_PROBLEMS = 1_000  # problems listed: past them, reading stops (a file that bad is fixed by its pattern)


ROWS_LIMIT = f"a sheet has at most {MAX_SHEET_ROWS:,} rows below its headings"


class CaseFileUnreadable(Exception):
    """The file cannot be read at all (not a workbook, zip or folder of CSV; no families sheet; past a limit of
    the whole file)."""


class SheetLimit(Exception):
    """A sheet passed a limit: the rows iterator stops, and the sheet's problem is said at this row."""

    def __init__(self, row: int, message: str):
        super().__init__(message)
        self.row = row
        self.message = message


class TooLong:
    """A cell too long to read (what a CSV reader leaves in its place)."""

    def __repr__(self) -> str:
        return "TOO_LONG"


TOO_LONG = TooLong()

# Every reader yields (sheet name, rows); rows yield (row number, cells), the header being row 1, and may raise
# SheetLimit.
RawSheet = tuple[str, Iterator[tuple[int, list]]]


def sheet_name(filename: str) -> str:
    return Path(filename).stem.strip().lower()


def _megabytes(size: int) -> str:
    return f"{size / MB:,.0f} MB" if size >= MB else f"{size:,} bytes"


def _check_part(name: str, size: int, total: int) -> int:
    if size > MAX_PART_BYTES:
        raise CaseFileUnreadable(
            f"{name} is {_megabytes(size)} once uncompressed: a part of a case file may be at most "
            f"{_megabytes(MAX_PART_BYTES)} (split the file and load it in parts)"
        )
    total += size
    if total > MAX_TOTAL_BYTES:
        raise CaseFileUnreadable(
            f"the file is more than {_megabytes(MAX_TOTAL_BYTES)} once uncompressed: split it and load it in parts"
        )
    return total


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Sizes as the zip's directory declares them; zipfile never inflates more than a part declares (it stops,
    and the checksum then fails)."""
    members = archive.infolist()
    if len(members) > MAX_PARTS:
        raise CaseFileUnreadable(f"the file holds {len(members):,} parts: a case file has at most {MAX_PARTS}")
    total = 0
    for info in members:
        total = _check_part(info.filename.rsplit("/", 1)[-1], info.file_size, total)


# ---------------------------------------------------------------------------------------------------------------
# CSV


def _count_lines(open_binary, name: str) -> int:
    lines = 0
    with open_binary() as handle:
        while chunk := handle.read(MB):
            lines += chunk.count(b"\n")
    return lines


class _Lines:
    """The lines of a CSV text, fed one by one to csv.reader, which asks for no more than the record it is on:
    the lines since the last record are that record's text. (Slower than csv.reader on the text itself: used only
    once a record was too long for csv.reader.)"""

    def __init__(self, stream):
        self.stream = stream
        self.record: list[str] = []

    def __iter__(self) -> "_Lines":
        return self

    def __next__(self) -> str:
        line = self.stream.readline()
        if not line:
            raise StopIteration
        self.record.append(line)
        return line

    def next_record(self) -> None:
        self.record.clear()

    def read_rest_of_record(self) -> str:
        """The whole text of a record the csv reader gave up on: it goes on past a line end inside quotes."""
        quotes = sum(line.count('"') for line in self.record)
        while quotes % 2:
            line = self.stream.readline()
            if not line:
                break
            self.record.append(line)
            quotes += line.count('"')
        return "".join(self.record).removesuffix("\n").removesuffix("\r")


# One CSV field: quoted (with "" for a quote), then anything up to the next comma; or unquoted.
_FIELD = re.compile(r'"([^"]*(?:""[^"]*)*)"?([^,\r\n]*)|([^,\r\n]*)')


def _split_record(record: str) -> list:
    """The cells of a record too long for csv.reader, each one past the limit left as TOO_LONG."""
    cells: list = []
    position = 0
    while True:
        match = _FIELD.match(record, position)
        if match.end() - position > MAX_CELL_CHARS:
            cells.append(TOO_LONG)
        elif match.group(3) is not None:
            cells.append(match.group(3))
        else:
            cells.append(match.group(1).replace('""', '"') + match.group(2))
        position = match.end()
        if position >= len(record) or record[position] != ",":
            return cells
        position += 1


def _text(binary) -> io.TextIOWrapper:
    return io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")


def _csv_rows(open_binary, name: str, size: int) -> Iterator[tuple[int, list]]:
    if size > 0 and _count_lines(open_binary, name) > MAX_SHEET_ROWS + 1:
        raise SheetLimit(MAX_SHEET_ROWS + 2, ROWS_LIMIT)
    number = 1
    stream = _text(open_binary())
    lines = None  # each record's text is kept once a record was too long for csv.reader
    try:
        while True:
            try:
                for cells in csv.reader(stream if lines is None else lines):
                    if number > MAX_SHEET_ROWS + 1:  # lines were counted: rows can only be fewer, unless
                        raise SheetLimit(number, ROWS_LIMIT)  # the file ends its lines with \r alone
                    if lines is not None:
                        lines.next_record()
                    yield number, cells
                    number += 1
                return
            except csv.Error as error:
                if "field larger than field limit" not in str(error):
                    raise CaseFileUnreadable(f"{name} row {number} is not readable CSV: {error}") from error
            if lines is None:  # read the file again up to this record, keeping its text this time
                stream.close()
                stream = _text(open_binary())
                lines = _Lines(stream)
                reader = csv.reader(lines)
                for _ in range(number - 1):
                    next(reader)
                    lines.next_record()
                with contextlib.suppress(csv.Error):
                    next(reader)
            # csv.reader's own ceiling on a field: split the record here, name the cell, and read on.
            cells = _split_record(lines.read_rest_of_record())
            lines.next_record()
            yield number, cells
            number += 1
    except UnicodeDecodeError as error:
        raise CaseFileUnreadable(f"{name} is not UTF-8 text: save it as 'CSV UTF-8'") from error
    finally:
        stream.close()


def _read_folder(folder: Path) -> Iterator[RawSheet]:
    paths = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() == ".csv" and not path.name.startswith(".")
    ]
    if len(paths) > MAX_PARTS:
        raise CaseFileUnreadable(f"the folder holds {len(paths):,} CSV files: a case file has at most {MAX_PARTS}")
    total = 0
    sizes = {}
    for path in paths:
        sizes[path] = path.stat().st_size
        total = _check_part(path.name, sizes[path], total)
    for path in paths:
        yield sheet_name(path.name), _csv_rows(lambda path=path: path.open("rb"), path.name, sizes[path])


def _read_zip(handle) -> Iterator[RawSheet]:
    with zipfile.ZipFile(handle) as archive:
        _check_archive(archive)
        for info in archive.infolist():
            name = info.filename.rsplit("/", 1)[-1]
            if info.is_dir() or name.startswith(".") or "__MACOSX" in info.filename:
                continue
            if name.lower().endswith(".csv"):
                yield sheet_name(name), _csv_rows(lambda info=info: archive.open(info), name, info.file_size)


# ---------------------------------------------------------------------------------------------------------------
# Workbooks


def _capped_row(row: list[dict], min_col: int = 1, max_col: int | None = None, values_only: bool = True) -> list:
    """A row of values from the cells openpyxl's parser found, up to MAX_COLUMNS; a value past them is kept, in
    the column after the last (so that it is said, not lost). openpyxl's own row builder would make a row as long
    as its last cell: 16,384 values for one cell in column XFD."""
    if not row:
        return []
    width = min(max(cell["column"] for cell in row), MAX_COLUMNS + 1)
    values = [None] * width
    for cell in row:
        column, value = cell["column"], cell["value"]
        if column <= MAX_COLUMNS:
            values[column - 1] = value
        elif value is not None:
            values[MAX_COLUMNS] = value
    return values


def _worksheet_rows(worksheet) -> Iterator[tuple[int, list]]:
    # Forget the declared dimension: a missing row is then an empty tuple, not a row of the declared width.
    worksheet.reset_dimensions()
    worksheet._get_row = _capped_row  # openpyxl's read-only sheet builds each row with this one method
    for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
        if number > MAX_SHEET_ROWS + 1:
            raise SheetLimit(number, ROWS_LIMIT)
        yield number, cells


def _read_workbook(handle) -> Iterator[RawSheet]:
    with zipfile.ZipFile(handle) as archive:
        _check_archive(archive)  # before openpyxl reads a part (it reads all the shared strings at once)
    if hasattr(handle, "seek"):
        handle.seek(0)
    from openpyxl import load_workbook  # imported here: a third of a second that a CSV file need not pay

    workbook = load_workbook(handle, read_only=True, data_only=True)
    try:
        for worksheet in workbook.worksheets:
            yield worksheet.title.strip().lower(), _worksheet_rows(worksheet)
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
    except (zipfile.BadZipFile, _invalid_file(), KeyError, OSError, EOFError) as error:  # said only on an error
        raise CaseFileUnreadable(f"the file cannot be read: {error}") from error


def _invalid_file() -> type[Exception]:
    """openpyxl's error for a file that is not a workbook (imported only when something went wrong)."""
    from openpyxl.utils.exceptions import InvalidFileException

    return InvalidFileException
