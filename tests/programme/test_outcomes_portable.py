"""The outcomes against the baseline work on every database: the Python rules (used on SQLite, `make run`'s
default) give exactly the rows of PostgreSQL's one statement, on the demo's synthetic families."""

import datetime as dt
import random

import pytest
from django.utils import timezone

from families.casefile import write_zip
from families.demo import family_sheets
from families.imports import import_case_file
from programme.models import CouncilSummaryRow, OutcomeSummary, OutcomeSummaryRow
from programme.national import TURNED_AROUND, outcomes_portable
from programme.national.outcomes import store_outcomes
from tests.factories.funding import ClaimFactory, ClaimLineFactory

FIELDS = [f.name for f in OutcomeSummaryRow._meta.fields if f.name not in ("id", "summary")]


def _rows(summary: OutcomeSummary) -> list[tuple]:
    return sorted(
        OutcomeSummaryRow.objects.filter(summary=summary).values_list(
            *[f"{n}_id" if n == "council" else n for n in FIELDS]
        )
    )


@pytest.fixture
def demo_families(council, other_council):
    for place, prefix, count in ((council, "BHM", 60), (other_council, "MCR", 25)):
        sheets = family_sheets(random.Random(f"portable-{prefix}"), prefix, count, "")
        import_case_file(place, write_zip(sheets), filename="demo.zip", today=dt.date(2015, 3, 31))
    claim = ClaimFactory(council=council)
    for family in council.families.filter(attached_on__isnull=False).order_by("reference")[:12]:
        ClaimLineFactory(claim=claim, family=family, payment_type="crime_asb_education", amount=700)


@pytest.mark.parametrize("on", [dt.date(2013, 3, 31), dt.date(2014, 6, 30), dt.date(2015, 3, 31)])
def test_python_and_postgresql_agree_row_for_row(demo_families, on):
    by_sql = OutcomeSummary.objects.create(as_of=on, computed_at=timezone.now())
    store_outcomes(by_sql)  # PostgreSQL in the tests: the SQL statement
    by_python = OutcomeSummary.objects.create(as_of=on + dt.timedelta(days=1), computed_at=timezone.now())
    by_python.as_of = on
    outcomes_portable.store_outcomes(by_python, [str(t) for t in TURNED_AROUND])
    sql_rows, python_rows = _rows(by_sql), _rows(by_python)
    assert len(sql_rows) >= 4  # both councils, attached and not
    assert python_rows == sql_rows
    councils = lambda s: sorted(CouncilSummaryRow.objects.filter(summary=s).values_list("council_id", "turned_around"))  # noqa: E731
    assert councils(by_python) == councils(by_sql) != []
