"""The case file's cells: how each value of a sheet is read, by its column's kind (docs/import-format.md).

The sheets and their columns are listed in families/kinds.py (the record kinds) and families/casefile.py (the
families sheet); this module says how one cell of a column is parsed and what a data officer is told when it
cannot be.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

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
