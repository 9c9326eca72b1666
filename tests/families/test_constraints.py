import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from families.models import Family
from tests.factories.families import EmploymentFactory, FamilyFactory, SchoolTermFactory


def test_reference_is_unique_within_a_council_only(council, other_council):
    FamilyFactory(council=council, reference="A1")
    FamilyFactory(council=other_council, reference="A1")
    with pytest.raises(IntegrityError), transaction.atomic():
        FamilyFactory(council=council, reference="A1")


def test_attached_before_identified_is_refused(council):
    with pytest.raises(IntegrityError):
        FamilyFactory(council=council, identified_on=dt.date(2012, 5, 2), attached_on=dt.date(2012, 5, 1))


def test_closed_before_attached_is_refused(council):
    with pytest.raises(IntegrityError):
        FamilyFactory(council=council, attached_on=dt.date(2012, 6, 1), closed_on=dt.date(2012, 5, 31))


def test_absence_over_100_percent_is_refused(council):
    with pytest.raises(IntegrityError):
        SchoolTermFactory(person__family__council=council, unauthorised_absence_pct=100.5)


def test_employment_ending_before_it_starts_is_refused(council):
    with pytest.raises(IntegrityError):
        EmploymentFactory(person__family__council=council, started_on=dt.date(2013, 1, 2), ended_on=dt.date(2013, 1, 1))


@pytest.mark.parametrize(
    ("criteria", "met"),
    [({}, 3), ({"work": False}, 2), ({"work": False, "local_discretion": "domestic violence"}, 3)],
)
def test_criteria_met_counts_the_local_factor(council, criteria, met):
    assert FamilyFactory(council=council, **criteria).criteria_met == met


def test_visible_to_scopes_by_council(alice, bob, carol, dan, council, other_council):
    mine = FamilyFactory(council=council)
    theirs = FamilyFactory(council=other_council)
    assert list(Family.objects.visible_to(alice)) == [mine]
    assert list(Family.objects.visible_to(bob)) == [theirs]
    assert set(Family.objects.visible_to(carol)) == {mine, theirs}
    assert set(Family.objects.visible_to(dan)) == {mine, theirs}


def test_the_family_page_links_to_its_results(client, alice, council):
    family = FamilyFactory(council=council)
    client.force_login(alice)
    body = client.get(family.get_absolute_url()).content.decode()
    assert f"/claims/families/{family.pk}/results/" in body
