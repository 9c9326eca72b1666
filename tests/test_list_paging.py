"""Every list's pages, sorted on a column many rows share, show each row once, in the export's order (the sort
ends with the row's key: councils.lists.configure); and a page is the service's size whatever the address says."""

import csv
import io
import re

import pytest

from councils.models import Council


def names_on(client, **params) -> list[str]:
    html = client.get("/councils/", params).content.decode()
    return re.findall(r'<th scope="row" class="govuk-table__header"><a href="/councils/E\d+/">([^<]+)</a>', html)


@pytest.mark.parametrize("sort", ["region", "-region", "kind", "-kind"])
def test_paging_through_a_sort_with_ties_shows_every_council_once(client, carol, seeded, sort):
    client.force_login(carol)
    total = Council.objects.count()
    shown = []
    for page in range(1, total // 25 + 2):
        shown += names_on(client, sort=sort, page=page)
    exported = client.get("/councils/", {"sort": sort, "_export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode())))[1:]
    assert total > 100 and len(shown) == total
    assert shown == [row[0] for row in rows]  # one order, page after page and in the export


def test_a_page_is_the_services_size_whatever_the_address_says(client, carol, seeded):
    client.force_login(carol)
    assert len(names_on(client, per_page=1000)) == 25
    assert len(names_on(client, per_page=1000, sort="region")) == 25
