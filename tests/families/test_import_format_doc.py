"""docs/import-format.md, the councils' guide to the case file, says what the import reads: every sheet of the
registry (families/casefile.py SHEETS) under its own heading, in the order they are read, and under each heading
every column the sheet has, each marked required or not as the import treats it, and no column it does not have."""

import re
from pathlib import Path

from families.casefile import SHEETS

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def guide_sheets() -> dict[str, dict[str, bool]]:
    """Each `### sheet` heading of the guide: its table's columns -> required (yes/no)."""
    sheets: dict[str, dict[str, bool]] = {}
    current = None
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"### (\w+)", line)
        if heading:
            current = sheets.setdefault(heading.group(1), {})
            continue
        row = re.match(r"\| (`[^|]+`) \| (yes|no) \|", line)
        if current is not None and row:
            for name in re.findall(r"`(\w+)`", row.group(1)):
                current[name] = row.group(2) == "yes"
    return sheets


def test_the_guide_has_every_sheet_in_the_order_it_is_read():
    assert list(guide_sheets()) == list(SHEETS)


def test_the_guide_lists_every_column_of_each_sheet_and_says_which_are_required():
    guide = guide_sheets()
    for sheet, columns in SHEETS.items():
        assert guide[sheet] == {column.name: column.required for column in columns}, sheet


def test_the_guide_names_the_sheets_in_its_summary_and_as_csv_files():
    text = GUIDE.read_text(encoding="utf-8")
    summary = text.split("## What the file can be")[1].split("##")[0]
    assert re.findall(r"`(\w+)`", summary.split("; or")[0]) == list(SHEETS)
    assert "`families.csv`" in summary
