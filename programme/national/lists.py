"""The national picture's long tables (152 councils, a row per council and cohort for the outcomes) as
django-tables2 tables: sorted and paginated like every other list, each with its own page and sort parameters so
that several share a page. The rows are the FigureTable's, so the page, the chart and the CSV agree."""

import django_tables2 as tables
from django.http import HttpRequest
from django.utils.safestring import mark_safe

from councils.lists import PER_PAGE
from programme.national.tables import FigureTable, cell_html

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}


class _FigureColumn(tables.Column):
    def render(self, value):
        return mark_safe(cell_html(value))  # noqa: S308 (cell_html escapes every value)


def _sort_key(value):
    """None sorts first, below every figure; a link sorts by its text."""
    return (value is not None, value if isinstance(value, int | float) else str(value) if value is not None else "")


def as_list(request: HttpRequest, figure_table: FigureTable) -> tables.Table:
    names = [f"c{i}" for i in range(len(figure_table.headers))]
    columns = {
        name: _FigureColumn(
            verbose_name=header, attrs=NUMERIC if i >= figure_table.numeric_from else {}, empty_values=(), default=""
        )
        for i, (name, header) in enumerate(zip(names, figure_table.headers, strict=True))
    }
    table_class = type(
        "FigureList",
        (tables.Table,),
        {**columns, "Meta": type("Meta", (), {"row_header": True, "empty_text": "None."})},
    )
    rows = [dict(zip(names, row, strict=True)) for row in figure_table.rows]
    sort = request.GET.get(f"{figure_table.name}-sort", "")
    name = sort.lstrip("-")
    if name in columns:
        rows.sort(key=lambda r: _sort_key(r[name]), reverse=sort.startswith("-"))
    table = table_class(rows, prefix=f"{figure_table.name}-", orderable=True)
    table.label = figure_table.caption
    table.caption = figure_table.caption
    table.export_table = figure_table.name
    # Sorted above (figures and links in one column sort by value): django-tables2 only marks the sorted column.
    table.data.order_by = lambda *args, **kwargs: None
    tables.RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return table
