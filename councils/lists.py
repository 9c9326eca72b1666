"""Every list page works the same way: filter (django-filter), sort and paginate (django-tables2), and
export the filtered, sorted rows as CSV with `?_export=csv`.

CSV cells that a spreadsheet would read as a formula (starting with =, +, -, @, or a tab or carriage
return) are neutralised with a leading apostrophe, so an export cannot run code on a finance officer's PC.
"""

import csv
from collections.abc import Iterable, Iterator

import django_filters
import django_tables2 as tables
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

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
) -> HttpResponse:
    """Render a filtered, sorted, paginated table, or its CSV export (same filters and order, every row)."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request) if filterset_class else None
    rows = filterset.qs if filterset is not None and filterset.is_valid() else queryset
    table = table_class(rows, request=request, **(table_kwargs or {}))
    if wants_csv(request):
        tables.RequestConfig(request, paginate=False).configure(table)
        return csv_response(table.as_values(), export_name)
    tables.RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    return render(request, template_name, {"table": table, "filter": filterset, **(context or {})})
