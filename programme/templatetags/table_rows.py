"""`{% table_rows table %}`: the body rows of includes/table.html, written in Python once per table.

django-tables2 works each cell out afresh: for every cell it inspects the signature of the column's render method,
builds the dictionary of arguments it might take, and a DateColumn compiles its template again (a 200-cell claims
table spent most of its 8 ms there). This tag works out once per table what each column's cell needs (its tag and
class, its label on a phone, how to call its render method, a DateColumn's compiled template) and then, for each
row, only resolves the value and renders it. The value is still read by django-tables2's own rules (the accessor,
`get_FOO_display()` for a field with choices, the column's empty values and default), rendered by the same render
methods and links, and written as `{{ cell }}` writes it, so the HTML is what the template's loop wrote
(tests/funding/test_table_rows.py compares the two on the project's tables). django-tables2 still orders, paginates and
exports the table.

A table with `fast_rows = False` keeps the template's own loop (includes/table.html), cell by cell.
"""

from django import template
from django.template import Template
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django_tables2 import Column, TemplateColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import signature

from programme.templatetags.programme_tags import row_header, td_class

register = template.Library()

ROW_START = '\n    <tr class="govuk-table__row">\n      '
CELL_GAP = "\n      "
ROW_END = "\n    </tr>\n    "


class _Cell:
    """What one column's cells need, worked out once per table."""

    def __init__(self, table, bound_column, header_cell: bool):
        self.bound_column = bound_column
        self.default = bound_column.default
        cls = td_class(bound_column)
        cls = f" {conditional_escape(cls)}" if cls else ""
        label = ""
        if getattr(table, "cards_on_phone", False) and bound_column.header:
            label = f'<span class="app-table__label">{conditional_escape(bound_column.header)}: </span>'
        if header_cell:
            self.start, self.end = f'<th scope="row" class="govuk-table__header{cls}">', "</th>"
        else:
            self.start, self.end = f'<td class="govuk-table__cell{cls}">{label}', "</td>"
        column = bound_column.column
        render = bound_column.render
        self.template = None
        self.plain = False
        if bound_column.link is None and getattr(render, "__func__", None) is Column.render:
            self.plain = True  # the cell is the value itself
        elif (
            bound_column.link is None
            and getattr(render, "__func__", None) is TemplateColumn.render
            and column.template_code
            and not callable(column.extra_context)
        ):
            self.template = Template(column.template_code)  # compiled once, not once a cell
        self.args, self.takes_all = signature(render)

    def render(self, context, table, row: BoundRow, value=None):
        """A cell's content (django-tables2's BoundRow._call_render, without inspecting the render method again)."""
        if self.plain:
            return value
        bound_column = self.bound_column
        record = row.record
        if self.template is not None:
            column = bound_column.column
            data = column.get_context_data(
                record=record, table=table, value=value, bound_column=bound_column, bound_row=row
            )
            with context.update(data):
                context["request"] = getattr(table, "request", None)
                return self.template.render(context)
        kwargs = {
            "value": value,
            "record": record,
            "column": bound_column.column,
            "bound_column": bound_column,
            "bound_row": row,
            "table": table,
        }
        if not self.takes_all:
            if any(arg not in kwargs for arg in self.args):
                content = None
            else:
                content = bound_column.render(**{arg: kwargs[arg] for arg in self.args})
        else:
            content = bound_column.render(**kwargs)
        return bound_column.link(content, **kwargs) if bound_column.link else content


@register.simple_tag(takes_context=True)
def table_rows(context, table) -> str:
    """The rows of the table's page, as includes/table.html's loop over `row.items` wrote them."""
    # TemplateColumn renders in the table's context (django-tables2's render_table attaches it to the table).
    cell_context = getattr(table, "context", None) or context
    headed = row_header(table)
    cells = [
        _Cell(table, bound_column, header_cell=index == 0 and headed)
        for index, bound_column in enumerate(table.columns)
    ]
    out = []
    for row in table.paginated_rows:
        out.append(ROW_START)
        for cell in cells:
            content = row._get_and_render_with(
                cell.bound_column,
                render_func=lambda bound_column, value=None, cell=cell, row=row: cell.render(
                    cell_context, table, row, value
                ),
                default=cell.default,
            )
            out += (CELL_GAP, cell.start, render_value_in_context(content, context), cell.end, CELL_GAP)
        out.append(ROW_END)
    return mark_safe("".join(out))  # noqa: S308 (every value escaped by render_value_in_context, as {{ cell }})
