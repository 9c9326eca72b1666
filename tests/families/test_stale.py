"""Family.objects.stale_on: open cases attached six months or more before a day with no record of any kind in the
six months to it (the officer's home page counts them; the families list filters them). Each kind's boundaries."""

from datetime import date

import pytest

from families.models import Family
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)

ON = date(2013, 6, 30)
SINCE = date(2012, 12, 30)  # six months before ON: the window is from the day after, to ON


def is_stale(family: Family) -> bool:
    return Family.objects.stale_on(ON).filter(pk=family.pk).exists()


@pytest.fixture
def family(council):
    return FamilyFactory(council=council, attached_on=date(2012, 6, 1))


def test_a_family_with_no_record_is_stale_but_not_once_closed_or_attached_since(council, family):
    assert is_stale(family)
    assert not is_stale(FamilyFactory(council=council, attached_on=date(2012, 12, 31)))
    assert not is_stale(FamilyFactory(council=council, attached_on=date(2012, 6, 1), closed_on=date(2013, 1, 1)))


@pytest.mark.parametrize(
    ("occurred_on", "stale"), [(SINCE, True), (date(2012, 12, 31), False), (ON, False), (date(2013, 7, 1), True)]
)
def test_an_incident_in_the_six_months(family, occurred_on, stale):
    IncidentFactory(person=PersonFactory(family=family), occurred_on=occurred_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("referred_on", "stale"), [(SINCE, True), (date(2012, 12, 31), False), (ON, False), (date(2013, 7, 1), True)]
)
def test_a_referral_in_the_six_months(family, referred_on, stale):
    ReferralFactory(person=PersonFactory(family=family), referred_on=referred_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("started_on", "ended_on", "stale"),
    [
        (date(2012, 12, 31), None, False),  # started in the six months
        (date(2012, 7, 1), date(2012, 12, 31), False),  # ended in them
        (date(2012, 7, 1), SINCE, True),  # ended the day before they start
        (date(2012, 7, 1), None, True),  # in work all along: nothing dated in them
    ],
)
def test_a_job_started_or_ended_in_the_six_months(family, started_on, ended_on, stale):
    EmploymentFactory(person=PersonFactory(family=family), started_on=started_on, ended_on=ended_on)
    assert is_stale(family) is stale


@pytest.mark.parametrize(
    ("term_start", "term_end", "stale"),
    [
        (date(2012, 9, 3), SINCE, True),  # ended the day before the six months
        (date(2012, 9, 3), date(2012, 12, 31), False),  # ended in them
        (date(2013, 4, 15), date(2013, 7, 19), False),  # in progress
        (date(2013, 7, 1), date(2013, 7, 19), True),  # not started yet
    ],
)
def test_a_term_ended_in_the_six_months_or_in_progress(family, term_start, term_end, stale):
    SchoolTermFactory(person=ChildFactory(family=family), term_start=term_start, term_end=term_end)
    assert is_stale(family) is stale
