"""Reading a case file's sheets: every row parsed by its column (families/casefile.py), every problem kept.

A bad heading (unknown, doubled or missing) is one problem, said at row 1; the values of the other columns are
still checked, so that a data officer sees every problem of the file at once. A sheet or file past a limit of
families/containers.py is said at the first row past it, and reading stops there.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from families.casefile import SHEETS, Problem, short, shown
from families.containers import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_ROWS,
    MAX_PROBLEMS,
    TOO_LONG,
    CaseFileUnreadable,
    SheetLimit,
    read_container,
)


@dataclass
class Row:
    number: int
    values: dict


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(number: int) -> str:
    """A spreadsheet column's letters: 1 is A, 27 is AA (openpyxl's get_column_letter, without importing it)."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def column_label(headers: list, index: int) -> str:
    return headers[index] if index < len(headers) and headers[index] else column_letter(index + 1)


TOO_MANY_PROBLEMS = f"the file has more than {MAX_PROBLEMS:,} problems: fix these and load it again to see the rest"


def read_sheets(source: Path | bytes, filename: str = "") -> tuple[dict[str, list[Row]], list[Problem]]:
    sheets, problems, _complete = read_sheets_within_limits(source, filename)
    return sheets, problems


def read_sheets_within_limits(
    source: Path | bytes, filename: str = "", progress: Callable[[int], None] | None = None
) -> tuple[dict[str, list[Row]], list[Problem], bool]:
    """The sheets, their problems, and whether every row was read (reading stops at a limit: the rows between
    sheets are then not compared, as they are not all there). `progress(rows)`, when given, is called with the
    number of rows read so far, every PROGRESS_EVERY rows (the upload page's progress)."""
    sheets: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    budget = [MAX_FILE_ROWS]  # rows the file may still hold, all sheets together
    complete = True
    try:
        for name, raw_rows in _counted(read_container(source, filename), progress):
            if name not in SHEETS:
                message = f"unknown sheet: a case file has the sheets {', '.join(SHEETS)}"
                problems.append(Problem(short(name) if name.isprintable() else shown(name), 1, "A", message))
                continue
            if name in sheets:
                problems.append(Problem(name, 1, "A", "this sheet appears twice in the file"))
                continue
            stopped = len(problems)
            sheets[name] = _read_sheet(name, raw_rows, problems, budget)
            if any(problem.limit for problem in problems[stopped:]):
                complete = False
                break
    except CaseFileUnreadable:
        raise
    except Exception as error:  # a damaged workbook fails deep inside openpyxl or zipfile
        raise CaseFileUnreadable(f"the file cannot be read: {error}") from error
    if "families" not in sheets:
        if not problems:
            raise CaseFileUnreadable("the file has no families sheet (or families.csv)")
        problems.append(Problem("families", 1, "A", "the file has no families sheet (or families.csv)"))
    return sheets, problems, complete


PROGRESS_EVERY = 1000


def _counted(sheets, progress: Callable[[int], None] | None):
    """The sheets as they are, their rows counted for `progress` on the way."""
    if progress is None:
        yield from sheets
        return
    read = 0

    def rows(raw_rows):
        nonlocal read
        for cells in raw_rows:
            read += 1
            if read % PROGRESS_EVERY == 0:
                progress(read)
            yield cells

    for name, raw_rows in sheets:
        yield name, rows(raw_rows)


def _heading(cell: object) -> str | None:
    if cell is TOO_LONG or is_blank(cell):
        return None
    word = str(cell).strip().lower()
    return short(word) if word.isprintable() else shown(word)


def _read_sheet(name: str, raw_rows, problems: list[Problem], budget: list[int]) -> list[Row]:
    columns = {column.name: column for column in SHEETS[name]}
    rows: list[Row] = []
    try:
        _, header = next(raw_rows, (1, None))
        if header is None:
            return rows
        if len(header) > MAX_COLUMNS:
            header = header[:MAX_COLUMNS]
        headers = [_heading(cell) for cell in header]
        positions: dict[str, int] = {}
        for index, heading in enumerate(headers):
            if heading is None:
                continue
            if heading not in columns:
                problems.append(
                    Problem(name, 1, heading, f"unknown column: the columns of {name} are {', '.join(columns)}")
                )
            elif heading in positions:
                problems.append(Problem(name, 1, heading, "this column appears twice"))
            else:
                positions[heading] = index
        for column in columns.values():
            if column.required and column.name not in positions:
                problems.append(Problem(name, 1, column.name, "this required column is missing"))
        unnamed = [index for index, heading in enumerate(headers) if heading is None]
        # A missing column is said once, at its heading, not again on every row.
        plan = [
            (c.name, positions.get(c.name), c.parse, c.required and c.name in positions, c.blank)
            for c in columns.values()
        ]
        too_wide = False
        # The loop below runs for every cell of the file: it is kept tight (a cell is stripped once, blanks are
        # spotted without a function call) because it is most of an import's time.
        for number, cells in raw_rows:
            first = cells[0] if cells else None
            if (first is None or (type(first) is str and not first.strip())) and _blank_row(cells):
                continue  # the first cell is almost never blank: only then is the whole row looked at
            if len(problems) >= MAX_PROBLEMS:
                raise SheetLimit(number, TOO_MANY_PROBLEMS)
            budget[0] -= 1
            if budget[0] < 0:
                message = f"a case file has at most {MAX_FILE_ROWS:,} rows in all"
                problems.append(Problem(name, number, "A", message, limit=True))
                break
            size = len(cells)
            if size > MAX_COLUMNS:
                if not too_wide and not _blank_row(cells[MAX_COLUMNS:]):
                    too_wide = True
                    message = f"a sheet has at most {MAX_COLUMNS} columns: this row has a value past them"
                    problems.append(Problem(name, number, column_letter(MAX_COLUMNS + 1), message))
                cells, size = cells[:MAX_COLUMNS], MAX_COLUMNS
            for index in unnamed:
                if index < size and not is_blank(cells[index]):
                    problems.append(
                        Problem(name, number, column_label(headers, index), "a value under no column heading")
                    )
            values = {}
            for column, index, parse, required, blank in plan:
                cell = cells[index] if index is not None and index < size else None
                if type(cell) is str:
                    cell = TOO_LONG if len(cell) > MAX_CELL_CHARS else cell.strip()
                if cell is None or cell == "":
                    if required:
                        problems.append(Problem(name, number, column, "this is required"))
                    values[column] = blank
                    continue
                if cell is TOO_LONG:
                    message = f"a cell holds at most {MAX_CELL_CHARS:,} characters (Excel's own limit)"
                    problems.append(Problem(name, number, column, message))
                    values[column] = None
                    continue
                try:
                    values[column] = parse(cell)
                except ValueError as error:
                    problems.append(Problem(name, number, column, str(error)))
                    values[column] = None
            rows.append(Row(number, values))
    except SheetLimit as limit:
        problems.append(Problem(name, limit.row, "A", limit.message, limit=True))
    return rows


def _blank_row(cells: list) -> bool:
    return all(cell is None or (type(cell) is str and not cell.strip()) for cell in cells)
