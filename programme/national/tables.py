"""The national picture's tables as plain data: a FigureTable of named rows and columns, and the cells in it (a
figure, a Link to the page of what it names, a Day). The page, the charts, the long lists (lists.py) and the CSV
export all read the same FigureTable, so they agree.
"""

from dataclasses import dataclass
from datetime import date
from html import escape
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import mark_safe

from councils.formats import long_date
from programme.templatetags.programme_tags import figure


@dataclass(frozen=True, order=True)
class Link:
    """A table cell that links to the page of what it names (a council, pilot, region or return). It reads, sorts
    and exports as its text."""

    text: str
    url: str

    def __str__(self) -> str:
        return self.text

    def html(self) -> str:
        return f'<a class="govuk-link" href="{escape(self.url)}">{escape(self.text)}</a>'


def council_link(council) -> Link:
    return Link(council.name, reverse("councils:detail", args=[council.gss_code]))


def pilot_link(pilot) -> Link:
    return Link(pilot.name, pilot.get_absolute_url())


def return_link(pilot, progress_return) -> Link:
    return Link(progress_return.quarter.label, reverse("programme:return", args=[pilot.slug, progress_return.pk]))


def region_link(region: str) -> Link:
    return Link(region, reverse("councils:list") + "?" + urlencode({"region": region}))


@dataclass(frozen=True)
class Day:
    """A date cell: written as the GOV.UK style says on the page ("30 January 2012"); it sorts, and exports to CSV,
    as YYYY-MM-DD."""

    day: date

    def __str__(self) -> str:
        return self.day.isoformat()

    def html(self) -> str:
        return escape(long_date(self.day))


def cell_html(cell) -> str:
    return cell.html() if isinstance(cell, Link | Day) else escape(figure(cell))


@dataclass
class FigureTable:
    name: str
    caption: str
    headers: list[str]
    rows: list[list]
    numeric_from: int = 1  # columns from this index on are figures, right-aligned

    csv_only: bool = False  # too long to read on the page: offered as a download

    def csv_rows(self):
        yield self.headers
        yield from self.rows

    def html_body(self) -> str:
        """The table's rows as GOV.UK table markup, every cell escaped. Built here rather than cell by cell in the
        template: the outcomes table has thousands of cells, and the template loop alone took 60 ms of the page."""
        numeric = " govuk-table__cell--numeric"
        lines = []
        for row in self.rows:
            cells = "".join(
                f'<td class="govuk-table__cell{numeric if i >= self.numeric_from else ""}">{cell_html(cell)}</td>'
                for i, cell in enumerate(row[1:], start=1)
            )
            lines.append(
                f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{cell_html(row[0])}</th>'
                f"{cells}</tr>"
            )
        return mark_safe("\n".join(lines))  # noqa: S308 (every value is escaped above)

    @property
    def numeric_headers(self) -> list[tuple[str, bool]]:
        return [(h, i >= self.numeric_from) for i, h in enumerate(self.headers)]
