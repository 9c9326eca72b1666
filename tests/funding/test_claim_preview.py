"""`claim_preview GSS_CODE --on DATE`: the contract of DESIGN.md, run on case records in the database."""

import csv
import datetime as dt
import io
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from councils.formats import long_date
from funding.models import ClaimLine, PaymentType
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)
from tests.factories.funding import ClaimLineFactory

D = dt.date


@pytest.fixture
def case_file(council, schedules):
    """A small case file as a council would load it: families of several years and results."""
    # TF-001: attached 2012/13, ASB down and a JSA job: all but progress to work.
    one = FamilyFactory(council=council, reference="TF-001", identified_on=D(2012, 4, 2), attached_on=D(2012, 5, 1))
    mother = PersonFactory(family=one, reference="A1")
    for day in (D(2012, 1, 3), D(2012, 2, 3), D(2012, 3, 3), D(2012, 3, 20), D(2012, 4, 3)):
        IncidentFactory(person=mother, kind="asb", occurred_on=day)
    IncidentFactory(person=mother, kind="asb", occurred_on=D(2013, 1, 3))
    ReferralFactory(person=mother, referred_on=D(2012, 7, 1))
    EmploymentFactory(person=mother, benefit="jsa", started_on=D(2012, 10, 1))
    # TF-002: attached 2013/14, education met for one child, one neutral.
    two = FamilyFactory(
        council=council,
        reference="TF-002",
        identified_on=D(2013, 4, 2),
        attached_on=D(2013, 4, 15),
        crime_asb=False,
        local_discretion="domestic violence",
    )
    c1 = ChildFactory(family=two, reference="C1")
    ChildFactory(family=two, reference="C2")
    terms = (
        (D(2013, 4, 15), D(2013, 7, 19), 9, 1),
        (D(2013, 9, 2), D(2013, 12, 20), 8, 1),
        (D(2014, 1, 6), D(2014, 3, 28), 10, 0),
    )
    for start, end, absence, exclusions in terms:
        SchoolTermFactory(
            person=c1, term_start=start, term_end=end, unauthorised_absence_pct=absence, fixed_exclusions=exclusions
        )
    # TF-003: two criteria only: nothing.
    FamilyFactory(council=council, reference="TF-003", work=False, education=False, local_discretion="")
    # TF-004: identified, not yet attached.
    FamilyFactory(council=council, reference="TF-004", identified_on=D(2014, 1, 1), attached_on=None)
    # TF-005: attachment already claimed, a referral since.
    five = FamilyFactory(council=council, reference="TF-005", attached_on=D(2012, 6, 1))
    ClaimLineFactory(claim__council=council, family=five, payment_type=PaymentType.ATTACHMENT, amount=3200)
    ReferralFactory(person=PersonFactory(family=five), referred_on=D(2012, 9, 1))
    return council


def preview(gss_code="E08000025", on="2014-03-31"):
    out = io.StringIO()
    call_command("claim_preview", gss_code, "--on", on, stdout=out)
    return out.getvalue()


def test_it_prints_the_claimable_lines_as_csv(case_file):
    rows = list(csv.reader(io.StringIO(preview())))
    assert rows == [
        ["family_reference", "payment_type", "amount", "financial_year", "reason"],
        ["TF-001", "attachment", "3200", "2012/13", "Attached on 1 May 2012"],
        ["TF-001", "crime_asb_education", "700", "2012/13", "ASB down 100% (5 → 0)"],
        [
            "TF-001",
            "continuous_employment",
            "100",
            "2012/13",
            "A1 in work 13 weeks after JSA (from 1 October 2012); £100 of £800 under the cap of £4,000",
        ],
        ["TF-002", "attachment", "2400", "2013/14", "Attached on 15 April 2013"],
        ["TF-002", "crime_asb_education", "1500", "2013/14", "Education: C1 (mean absence 9.00%, 2 exclusions)"],
        ["TF-005", "progress_to_work", "100", "2012/13", "Referred to Work Programme on 1 September 2012"],
    ]


def test_an_earlier_date_gives_fewer_lines(case_file):
    rows = list(csv.DictReader(io.StringIO(preview(on="2012-10-31"))))
    assert [(r["family_reference"], r["payment_type"], r["amount"]) for r in rows] == [
        ("TF-001", "attachment", "3200"),
        ("TF-001", "crime_asb_education", "700"),
        ("TF-001", "progress_to_work", "100"),
        ("TF-005", "progress_to_work", "100"),
    ]


def test_claimed_lines_are_left_out_and_rejected_ones_wait_for_a_change_of_records(case_file):
    family = case_file.families.get(reference="TF-001")
    line = ClaimLineFactory(claim__council=case_file, family=family, payment_type=PaymentType.ATTACHMENT, amount=3200)
    assert ("TF-001", "attachment") not in {(r[0], r[1]) for r in csv.reader(io.StringIO(preview()))}
    rejected_at = timezone.now()
    ClaimLine.objects.filter(pk=line.pk).update(
        status=ClaimLine.Status.REJECTED, status_reason="No evidence", decided_at=rejected_at
    )
    # Rejected as invalid on unchanged records: not offered again.
    assert ("TF-001", "attachment") not in {(r[0], r[1]) for r in csv.reader(io.StringIO(preview()))}
    # A record added after the rejection: offered again, and the reason says why.
    ReferralFactory(person=family.people.get(reference="A1"), referred_on=D(2013, 2, 1))
    rows = {(r[0], r[1]): r for r in csv.reader(io.StringIO(preview()))}
    assert rows["TF-001", "attachment"][2] == "3200"
    assert rows["TF-001", "attachment"][4] == (
        f"Attached on 1 May 2012; offered again: rejected as invalid on {long_date(timezone.localdate(rejected_at))}, "
        "the family's records have changed since"
    )


def test_it_writes_nothing(case_file, django_assert_max_num_queries):
    before = ClaimLine.objects.count()
    with django_assert_max_num_queries(12) as queries:
        preview()
    assert ClaimLine.objects.count() == before
    assert not any(q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"} for q in queries.captured_queries)


def test_an_unknown_council_is_a_usage_error(case_file):
    with pytest.raises(CommandError, match="No council has the GSS code 'E99999999'") as error:
        preview(gss_code="E99999999")
    assert error.value.returncode == 2


@pytest.mark.parametrize("on", ["31/03/2014", "2014-02-30", "tomorrow", "20140331"])
def test_a_bad_date_is_a_usage_error(case_file, on):
    with pytest.raises(CommandError, match="YYYY-MM-DD") as error:
        preview(on=on)
    assert error.value.returncode == 2


def test_the_command_exits_non_zero_from_the_shell(db):
    result = subprocess.run(
        [sys.executable, "manage.py", "claim_preview", "E08000025", "--on", "not-a-date"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
