"""What the database itself holds about claim lines, whatever code writes them."""

import pytest
from django.db import IntegrityError, transaction

from funding.models import ClaimLine, PaymentType
from tests.factories.families import FamilyFactory
from tests.factories.funding import ClaimFactory, ClaimLineFactory

pytestmark = pytest.mark.django_db(transaction=False)


def _commit_check():
    # The council guards are deferred foreign keys: they are checked when the transaction commits.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_payment_type_is_claimed_once_per_family(council):
    line = ClaimLineFactory(claim__council=council)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLineFactory(claim=line.claim, family=line.family, payment_type=PaymentType.ATTACHMENT)


def test_a_rejected_line_does_not_block_a_new_claim(council):
    line = ClaimLineFactory(claim__council=council, status=ClaimLine.Status.REJECTED, status_reason="No evidence")
    again = ClaimLineFactory(claim=line.claim, family=line.family, payment_type=PaymentType.ATTACHMENT)
    assert again.pk


def test_another_payment_type_for_the_same_family_is_fine(council):
    line = ClaimLineFactory(claim__council=council)
    other = ClaimLineFactory(claim=line.claim, family=line.family, payment_type=PaymentType.PROGRESS_TO_WORK)
    assert other.pk


def test_a_line_of_another_councils_family_is_refused(council, other_council):
    claim = ClaimFactory(council=council)
    stranger_family = FamilyFactory(council=other_council)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.create(
            claim=claim,
            council=council,
            family=stranger_family,
            payment_type=PaymentType.ATTACHMENT,
            amount=3200,
            financial_year="2012/13",
            reason="x",
        )
        _commit_check()


def test_a_line_cannot_claim_another_council_than_its_claim(council, other_council):
    claim = ClaimFactory(council=council)
    stranger_family = FamilyFactory(council=other_council)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.create(
            claim=claim,
            council=other_council,
            family=stranger_family,
            payment_type=PaymentType.ATTACHMENT,
            amount=3200,
            financial_year="2012/13",
            reason="x",
        )
        _commit_check()


def test_a_removed_line_needs_a_reason(council):
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLineFactory(claim__council=council, status=ClaimLine.Status.REMOVED, status_reason="")


def test_paid_and_not_rejected(council):
    from django.utils import timezone

    paid = ClaimLineFactory(claim__council=council, status=ClaimLine.Status.ACCEPTED, paid_at=timezone.now())
    ClaimLineFactory(claim__council=council, status=ClaimLine.Status.ACCEPTED)
    gone = ClaimLineFactory(
        claim__council=council, status=ClaimLine.Status.REJECTED, status_reason="x", paid_at=timezone.now()
    )
    assert list(ClaimLine.objects.paid()) == [paid]
    assert gone not in ClaimLine.objects.not_rejected()
    assert ClaimLine.objects.not_rejected().count() == 2
