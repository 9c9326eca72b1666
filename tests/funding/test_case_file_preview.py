"""claim_preview on a council's case file (tests/funding/case_file, in the CASE_FILE.md layout), compared line
by line with the lines the rules give, worked out by hand in tests/funding/case_file/expected-DATE.csv.

BHM-0001 has ASB and under-18 offending down and a JSA job (the cap leaves £100 of continuous employment);
BHM-0002 has a child with three terms and a child with a single term (so education is "not yet" for the family:
a run shorter than three consecutive terms is not yet judged), and a job that ended before 26 weeks; BHM-0003 is
attached in 2013/14 with ASB down only 50% and absence too high; BHM-0005 meets two criteria; BHM-0006 is not
attached; BHM-0007 has a job after JSA, paid instead of progress to work; BHM-0004 and BHM-0008 come later."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from families.models import Employment, Family, Incident, Person, SchoolTerm, WorkProgrammeReferral

CASE_FILE = Path(__file__).parent / "case_file"
YES = {"yes", "y", "true", "1"}


def _rows(name: str) -> list[dict]:
    with (CASE_FILE / name).open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _day(value: str) -> date | None:
    return date.fromisoformat(value) if value else None


def load_case_file(council) -> None:
    """A plain loader for this test's well-formed file (the import itself is tested with the families work)."""
    families = {}
    for row in _rows("families.csv"):
        families[row["reference"]] = Family.objects.create(
            council=council,
            reference=row["reference"],
            identified_on=_day(row["identified_on"]),
            crime_asb=row["crime_asb"].lower() in YES,
            education=row["education"].lower() in YES,
            work=row["work"].lower() in YES,
            local_discretion=row["local_discretion"],
            attached_on=_day(row["attached_on"]),
            closed_on=_day(row["closed_on"]),
        )
    people = {}
    for row in _rows("people.csv"):
        people[(row["family_reference"], row["person_reference"])] = Person.objects.create(
            family=families[row["family_reference"]],
            reference=row["person_reference"],
            role=row["role"],
            date_of_birth=_day(row["date_of_birth"]),
            name=row["name"],
        )

    def person(row):
        return people[(row["family_reference"], row["person_reference"])]

    for row in _rows("school_terms.csv"):
        SchoolTerm.objects.create(
            person=person(row),
            term_start=_day(row["term_start"]),
            term_end=_day(row["term_end"]),
            unauthorised_absence_pct=row["unauthorised_absence_pct"],
            fixed_exclusions=int(row["fixed_exclusions"]),
            permanently_excluded=row["permanently_excluded"].lower() in YES,
        )
    for row in _rows("incidents.csv"):
        Incident.objects.create(person=person(row), kind=row["kind"], occurred_on=_day(row["occurred_on"]))
    for row in _rows("employment.csv"):
        Employment.objects.create(
            person=person(row),
            benefit=row["benefit"],
            started_on=_day(row["started_on"]),
            ended_on=_day(row["ended_on"]),
        )
    for row in _rows("work_programme.csv"):
        WorkProgrammeReferral.objects.create(
            person=person(row), provision=row["provision"], referred_on=_day(row["referred_on"])
        )


@pytest.fixture
def birmingham(council, schedules):
    load_case_file(council)
    return council


def preview(on: str) -> list[list[str]]:
    out = io.StringIO()
    call_command("claim_preview", "E08000025", "--on", on, stdout=out)
    return list(csv.reader(io.StringIO(out.getvalue())))


@pytest.mark.parametrize("on", ["2013-03-31", "2014-03-31"])
def test_the_preview_gives_exactly_the_lines_of_the_rules(birmingham, on):
    with (CASE_FILE / f"expected-{on}.csv").open(encoding="utf-8") as handle:
        expected = list(csv.reader(handle))
    assert preview(on) == expected


def test_the_last_schedule_year(birmingham):
    # BHM-0004, attached 1 May 2014: ASB 1 -> 1 is not down; work after other benefits reaches 26 weeks on
    # 1 December 2014 and pays the whole £2,400 on top of the £1,600 fee.
    rows = [row for row in preview("2015-03-31") if row[0] == "BHM-0004"]
    assert rows == [
        ["BHM-0004", "attachment", "1600", "2014/15", "Attached on 1 May 2014"],
        [
            "BHM-0004",
            "continuous_employment",
            "2400",
            "2014/15",
            "A1 in work 26 weeks after other out-of-work benefits (from 2 June 2014)",
        ],
    ]


def test_nothing_for_two_criteria_unattached_or_later_families(birmingham):
    references = {row[0] for row in preview("2015-03-31")[1:]}
    assert not references & {"BHM-0005", "BHM-0006"}
    assert "BHM-0008" not in {row[0] for row in preview("2015-04-30")[1:]}
