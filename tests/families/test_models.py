from datetime import date

import pytest

from families.models import Family, age_band
from tests.factories.families import FamilyFactory, PersonFactory


@pytest.mark.parametrize(
    ("age", "band"),
    [
        (0, "0 to 4"),
        (4, "0 to 4"),
        (5, "5 to 10"),
        (17, "16 to 17"),
        (18, "18 to 24"),
        (64, "50 to 64"),
        (65, "65 or over"),
    ],
)
def test_age_bands(age, band):
    assert age_band(age) == band


def test_age_is_taken_on_the_day(council):
    person = PersonFactory(family__council=council, date_of_birth=date(1994, 5, 2))
    assert person.age_on(date(2012, 5, 1)) == 17
    assert person.age_on(date(2012, 5, 2)) == 18
    assert person.age_band(date(2012, 5, 1)) == "16 to 17"


def test_status_follows_the_dates(council):
    FamilyFactory(council=council, reference="I", attached_on=None)
    FamilyFactory(council=council, reference="A")
    FamilyFactory(council=council, reference="C", closed_on=date(2013, 1, 1))
    assert [f.status for f in Family.objects.order_by("reference")] == ["attached", "closed", "identified"]
    for status, reference in [("identified", "I"), ("attached", "A"), ("closed", "C")]:
        assert list(Family.objects.with_status(status).values_list("reference", flat=True)) == [reference]


def test_attached_in_a_financial_year_runs_april_to_march(council):
    FamilyFactory(council=council, reference="before", identified_on=date(2012, 3, 1), attached_on=date(2012, 3, 31))
    FamilyFactory(council=council, reference="first", identified_on=date(2012, 3, 1), attached_on=date(2012, 4, 1))
    FamilyFactory(council=council, reference="last", identified_on=date(2012, 3, 1), attached_on=date(2013, 3, 31))
    found = Family.objects.attached_in_financial_year(2012).order_by("reference")
    assert list(found.values_list("reference", flat=True)) == ["first", "last"]
