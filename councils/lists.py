"""Every list page works the same way: filter (django-filter), sort and paginate (django-tables2), and
export the filtered, sorted rows as CSV with `?_export=csv`.

CSV cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or carriage
return) are neutralised with a leading apostrophe, so an export cannot run code on a finance officer's PC.
"""

import copy
import csv
from collections.abc import Iterable, Iterator

import django_filters
import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django_tables2.rows import BoundRows

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PER_PAGE = 25


def neutralise(value) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_rows(rows: Iterable[Iterable]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(rows: Iterable[Iterable], filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_rows(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("_export") == "csv"


class KeysFirstPaginator(Paginator):
    """Cuts a page of a table's sorted queryset by the rows' keys first, then reads the whole rows of that page
    alone: the same rows in the same order as slicing it. A deep page makes the database skip every row before it;
    skipped by their keys, they are sorted narrow, or read from an index that holds the sort, not each read whole
    and joined (page 396 of a large council's families skipped 9,875)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        queryset = getattr(rows.data, "data", None) if isinstance(rows, BoundRows) else None
        if not isinstance(queryset, QuerySet):
            return self._get_page(rows[bottom:top], number, self)
        keys = queryset.values("pk")[bottom:top]
        page_rows = BoundRows(data=queryset.filter(pk__in=keys), table=rows.table, pinned_data=rows.pinned_data)
        return self._get_page(page_rows, number, self)


def table_page(
    request: HttpRequest,
    *,
    queryset,
    table_class: type[tables.Table],
    filterset_class: type[django_filters.FilterSet] | None,
    template_name: str,
    export_name: str,
    context: dict | None = None,
    table_kwargs: dict | None = None,
    paginator_class: type[Paginator] = Paginator,
) -> HttpResponse:
    """Render a filtered, sorted, paginated table, or its CSV export (same filters and order, every row).
    `paginator_class`: KeysFirstPaginator for a list whose deep pages are slow to reach."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request) if filterset_class else None
    rows = filterset.qs if filterset is not None and filterset.is_valid() else queryset
    table = table_class(rows, request=request, **(table_kwargs or {}))
    if wants_csv(request):
        configure(table, request, paginate=False)
        return csv_response(table.as_values(), export_name)
    configure(table, request, paginate={"per_page": PER_PAGE, "paginator_class": paginator_class})
    return render(request, template_name, {"table": table, "filter": filterset, **(context or {})})


def configure(table: tables.Table, request: HttpRequest, paginate) -> None:
    """django-tables2's RequestConfig, with two rules of the service's lists:

    - every sort ends with the table's `tie_break` (the row's key unless the table says otherwise), so rows tied
      on the sorted column keep one order: paging through them shows each row once, in the export's order;
    - the page size is the service's: a `per_page` in the address is ignored (a page of every row, rendered, is
      the export's job, not one request's)."""
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
        if table.order_by:  # a column that can be sorted on was asked for
            _break_ties(table)
    plain = copy.copy(request)
    plain.GET = request.GET.copy()
    for name in (table.prefixed_order_by_field, table.prefixed_per_page_field):
        plain.GET.pop(name, None)
    tables.RequestConfig(plain, paginate=paginate).configure(table)
    table.request = request  # the sorting links keep the address as the user has it


def _break_ties(table: tables.Table) -> None:
    queryset = getattr(table.data, "data", None)
    tie_break = getattr(table, "tie_break", ("pk",))
    if not isinstance(queryset, QuerySet) or not tie_break:
        return
    ordering = list(queryset.query.order_by)
    named = {name.lstrip("-") for name in ordering if isinstance(name, str)}
    missing = [name for name in tie_break if name not in named]
    if missing:
        table.data.data = queryset.order_by(*ordering, *missing)
