"""The family page judges the family's results as a claim would, its place in the funded number included, in the
same number of queries (or one fewer) however many families its council has before it in the queue."""

import datetime as dt

import pytest

from funding.models import PaymentType
from tests.factories.families import FamilyFactory, IncidentFactory, PersonFactory, SchoolTermFactory
from tests.factories.funding import ClaimLineFactory
from tests.funding.conftest import load_schedules

D = dt.date


@pytest.fixture
def late(council, db):
    load_schedules()
    council.troubled_families_estimate = 5  # funded 4
    council.save()
    family = FamilyFactory(council=council, reference="LATE", attached_on=D(2013, 6, 1))
    adult = PersonFactory(family=family)
    IncidentFactory(person=adult)
    SchoolTermFactory(person=PersonFactory(family=family, role="child", date_of_birth=D(2003, 1, 1)))
    return family


def more_families_before(council, how_many: int, start: int) -> None:
    for i in range(start, start + how_many):
        family = FamilyFactory(council=council, reference=f"EARLY-{i:03d}", attached_on=D(2012, 6, 1))
        if i % 2:
            ClaimLineFactory(claim__council=council, family=family, payment_type=PaymentType.ATTACHMENT)


@pytest.mark.parametrize("actor", ["alice", "carol"])
def test_the_page_takes_the_same_queries_however_long_the_queue(
    client, request, late, actor, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(actor))
    more_families_before(late.council, 2, 0)
    client.get(late.get_absolute_url())  # the session's first save
    # The session and the user (2), the family, its people and their records (6), its history (6), its results
    # (5: its lines, the schedules, the fees held, the families ahead), the user's council, the session's save (3).
    with django_assert_max_num_queries(22) as first:
        response = client.get(late.get_absolute_url())
    assert "funded number of 4 families is reached" not in response.content.decode()  # one place is left
    more_families_before(late.council, 40, 2)
    with django_assert_max_num_queries(len(first)):  # one fewer: with no place left, none is counted
        response = client.get(late.get_absolute_url())
    assert "Birmingham&#x27;s funded number of 4 families is reached" in response.content.decode()
