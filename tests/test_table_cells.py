"""includes/table.html reads each column's cell class once per table (programme_tags.td_class): true only while no
table's cell attributes depend on the row. This holds every table of the service to that."""

import django_tables2 as tables

import families.tables  # noqa: F401 (each module's tables register as subclasses)
import funding.tables  # noqa: F401
import programme.tables  # noqa: F401
from programme.templatetags.programme_tags import td_class


def _all_tables(cls=tables.Table):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_tables(sub)


def test_no_tables_cell_attributes_depend_on_the_row():
    found = [t for t in _all_tables() if t.__module__.split(".")[0] in {"families", "funding", "programme", "councils"}]
    assert len(found) >= 5, "the tables were not found: fix this test"
    for table in found:
        for name, column in table.base_columns.items():
            for part in ("td", "cell"):
                for key, value in column.attrs.get(part, {}).items():
                    assert not callable(value), f"{table.__name__}.{name} {part} {key} depends on the row"


def test_the_class_read_once_is_the_columns_own(db):
    from funding.models import ClaimLine
    from funding.tables import ClaimLineTable

    table = ClaimLineTable(ClaimLine.objects.none())
    for column in table.columns:
        assert td_class(column) == column.attrs["td"].get("class", "")
        assert td_class(column) is td_class(column)
