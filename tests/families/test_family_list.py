import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from families.models import Family
from tests.factories.councils import UserFactory
from tests.factories.families import FamilyFactory


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def references(client, **params) -> list[str]:
    return [row[0] for row in _csv(client.get("/families/", {**params, "_export": "csv"}))[1:]]


@pytest.fixture
def families(council, alice):
    FamilyFactory(council=council, reference="A-open", attached_on=None, identified_on=date(2012, 5, 1))
    FamilyFactory(council=council, reference="B-attached", attached_on=date(2012, 6, 1), key_worker=alice)
    FamilyFactory(
        council=council, reference="C-closed", attached_on=date(2013, 5, 1), closed_on=date(2013, 9, 1), work=False
    )
    FamilyFactory(council=council, reference="D-local", work=False, local_discretion="Domestic violence")


def test_it_lists_only_the_councils_families(client, alice, families, other_council):
    FamilyFactory(council=other_council, reference="Z-theirs")
    client.force_login(alice)
    response = client.get("/families/")
    assert response.status_code == 200
    assert references(client) == ["A-open", "B-attached", "C-closed", "D-local"]


def test_it_searches_by_reference(client, alice, families):
    client.force_login(alice)
    assert references(client, reference="attach") == ["B-attached"]


@pytest.mark.parametrize(
    ("status", "expected"),
    [("identified", ["A-open"]), ("attached", ["B-attached", "D-local"]), ("closed", ["C-closed"])],
)
def test_it_filters_by_status(client, alice, families, status, expected):
    client.force_login(alice)
    assert references(client, status=status) == expected


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ("three", ["A-open", "B-attached", "D-local"]),
        ("fewer", ["C-closed"]),
        ("local", ["D-local"]),
        ("work", ["A-open", "B-attached"]),
    ],
)
def test_it_filters_by_criteria(client, alice, families, criteria, expected):
    client.force_login(alice)
    assert references(client, criteria=criteria) == expected


def test_it_filters_by_key_worker_and_attachment_year(client, alice, families):
    client.force_login(alice)
    assert references(client, key_worker=alice.pk) == ["B-attached"]
    assert references(client, attached_year="2013") == ["C-closed"]
    assert references(client, attached_year="2012") == ["B-attached", "D-local"]


def test_it_sorts(client, alice, families):
    client.force_login(alice)
    assert references(client, sort="-reference") == ["D-local", "C-closed", "B-attached", "A-open"]
    assert references(client, sort="criteria_count")[0] == "C-closed"
    assert references(client, sort="-attached_on")[0] == "C-closed"


def test_the_export_has_plain_values(client, alice, families):
    client.force_login(alice)
    rows = _csv(client.get("/families/", {"_export": "csv", "reference": "C-closed"}))
    assert rows[0][:3] == ["Reference", "Status", "Criteria met"]
    assert rows[1][:3] == ["C-closed", "Closed", "2"]


def test_central_staff_see_every_council_with_its_name(client, carol, families, other_council):
    FamilyFactory(council=other_council, reference="Z-theirs")
    client.force_login(carol)
    rows = _csv(client.get("/families/", {"_export": "csv"}))
    assert rows[0][:2] == ["Reference", "Council"]
    assert {row[1] for row in rows[1:]} == {"Birmingham", "Manchester"}


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/families/", params)
        if params.get("_export"):
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_rows(client, alice, council, django_assert_max_num_queries):
    worker = UserFactory(council=council, first_name="Kay", last_name="Worker")
    FamilyFactory.create_batch(30, council=council, key_worker=worker)
    client.force_login(alice)
    params = {"sort": "-identified_on", "status": "attached", "page": 2}
    few, few_csv = _queries(client, **params), _queries(client, _export="csv")
    FamilyFactory.create_batch(60, council=council, key_worker=UserFactory(council=council))
    assert _queries(client, **params) == few
    assert _queries(client, _export="csv") == few_csv
    with django_assert_max_num_queries(10):
        response = client.get("/families/", params)
    assert "Kay Worker" in response.content.decode()
    assert len(_csv(client.get("/families/", {"_export": "csv"}))) == 91


def test_only_officers_filter_by_key_worker(client, alice, carol, families):
    client.force_login(alice)
    assert 'name="key_worker"' in client.get("/families/").content.decode()
    client.force_login(carol)
    page = client.get("/families/").content.decode()
    assert 'name="key_worker"' not in page and 'name="status"' in page


SORTS = [
    "reference",
    "-attached_on",
    "attached_on",
    "-closed_on",
    "closed_on",
    "criteria_count",
    "-criteria_count",
    "identified_on",
    "-identified_on",
    "key_worker",
    "-key_worker",
]


@pytest.mark.parametrize("sort", SORTS)
def test_every_page_shows_the_next_rows_in_the_lists_order(client, alice, council, sort):
    """Pages are cut by the rows' keys first (councils.lists.KeysFirstPaginator): together, in order, they are the
    whole sorted list, as its export gives it, with ties on the sorted date (broken by reference) and families not
    yet attached or closed."""
    workers = [UserFactory(council=council, last_name=name) for name in ("Adams", "Brown")]
    for i in range(60):
        FamilyFactory(
            council=council,
            reference=f"F-{(i * 37) % 60:03d}",
            attached_on=None if i % 7 == 0 else date(2012, 6, 1 + i % 5),
            closed_on=date(2013, 1, 1 + i % 3) if i % 4 == 0 and i % 7 else None,
            key_worker=workers[i % 2] if i % 3 else None,
            work=i % 2 == 0,
        )
    client.force_login(alice)
    shown = []
    for page in (1, 2, 3):
        html = client.get("/families/", {"sort": sort, "page": page}).content.decode()
        shown += [ref for ref in sorted({f"F-{n:03d}" for n in range(60)}, key=html.find) if ref in html]
    assert shown == references(client, sort=sort)


@pytest.mark.parametrize("descending", [False, True])
def test_families_tied_on_the_sorted_column_are_in_reference_order(client, alice, council, descending):
    """Ties keep one order (the reference, then the council), the same on every request and page: sorted by
    criteria met, most families tie."""
    for i in range(30):
        FamilyFactory(
            council=council,
            reference=f"T-{(i * 7) % 30:02d}",
            identified_on=date(2012, 5, 1),
            work=i % 3 != 0,
            local_discretion="" if i % 2 else "Domestic violence",
        )
    client.force_login(alice)
    sort = "-criteria_count" if descending else "criteria_count"
    listed = references(client, sort=sort)
    met = dict(Family.objects.with_criteria_count().filter(council=council).values_list("reference", "criteria_count"))
    expected = sorted(met, key=lambda ref: (met[ref], ref), reverse=descending)
    assert len(set(met.values())) > 1 and listed == expected
