"""A family's page places the family in its council's queue for the funded number with a count in the database
(funding.records.families_ahead), where a claim sorts the council's families (funding.results.attachment_refusals).
Both must say the same for every kind of family in the queue: a fee held, a fee rejected and held back or offered
again, no room under the cap, no schedule, not troubled, not attached yet, a tie broken by reference."""

import datetime as dt

import pytest
from django.utils import timezone

from families.models import Family
from funding.models import ClaimLine, PaymentType
from funding.records import families_ahead, load_council_records
from funding.results import could_be_paid_fee, decide_council, results_of_family
from tests.factories.families import FamilyFactory, PersonFactory
from tests.factories.funding import ClaimLineFactory

D = dt.date
ATT, CAE, CE = PaymentType.ATTACHMENT, PaymentType.CRIME_ASB_EDUCATION, PaymentType.CONTINUOUS_EMPLOYMENT
DATES = [D(2013, 3, 31), D(2014, 6, 30)]


def line(family, payment_type, amount, **fields):
    return ClaimLineFactory(
        claim__council=family.council, family=family, payment_type=payment_type, amount=amount, **fields
    )


def rejected(family, at):
    return line(family, ATT, 3200, status=ClaimLine.Status.REJECTED, status_reason="No evidence", decided_at=at)


@pytest.fixture
def queue(council, schedules):
    """Families of every kind, attached across the three schedules' years, several on one day."""

    def family(reference, attached_on, **fields):
        return FamilyFactory(council=council, reference=reference, attached_on=attached_on, **fields)

    for i in range(4):
        line(family(f"HELD-{i}", D(2012, 6, 1 + i)), ATT, 3200)  # the fee held
    family("TIE-B", D(2012, 7, 2))
    family("TIE-A", D(2012, 7, 2))
    family("TIE-C", D(2012, 7, 2))
    family("TWO-CRITERIA", D(2012, 7, 1), work=False)
    family("BEFORE-ANY-SCHEDULE", D(2012, 3, 20), identified_on=D(2012, 3, 1))
    rejected(family("REJECTED-HELD", D(2012, 8, 1)), timezone.now())
    changed = family("REJECTED-CHANGED", D(2012, 8, 2))
    rejected(changed, timezone.now() - dt.timedelta(days=2))
    PersonFactory(family=changed)  # the records change after the rejection: the fee is offered again
    late = family("LATE-RESULTS", D(2014, 5, 1))
    line(late, CAE, 2300, financial_year="2014/15")
    line(late, CE, 1700, financial_year="2014/15")  # the cap of 4,000 reached: no room for a fee
    line(family("SOME-RESULTS", D(2013, 5, 1)), CAE, 1500, financial_year="2013/14")
    for i in range(6):
        family(f"Q13-{i}", D(2013, 4, 10 + i))
    for i in range(3):
        family(f"Q14-{i}", D(2014, 4, 10 + i))
    family("NOT-YET", D(2014, 4, 1) + dt.timedelta(days=200))
    family("NOT-ATTACHED", None)
    return council


def with_estimate(council, estimate):
    council.troubled_families_estimate = estimate
    council.save()
    return council


def seen(result):
    return [(d.payment_type, d.met, d.amount, d.already_claimed, d.held_back, d.reason) for d in result.decisions]


@pytest.mark.parametrize("estimate", [None, 5, 12, 16, 40])  # funded: none, 4 (all held), 10, 13, 33
@pytest.mark.parametrize("as_of", DATES)
def test_the_families_ahead_are_those_the_rule_puts_before_the_family(queue, estimate, as_of):
    council = with_estimate(queue, estimate)
    data = load_council_records(council)

    def could_be_paid(family):
        record = data.records[family.pk]
        return could_be_paid_fee(family, record.claimed, record.rejected.get(ATT), as_of, data.schedules)

    in_order = sorted((f for f in data.families if could_be_paid(f)), key=lambda f: (f.attached_on, f.reference))
    held = {pk for pk, rejections in data.rejected.items() if ATT in rejections and rejections[ATT].holds}
    for family in Family.objects.filter(council=council, attached_on__lte=as_of).select_related("council"):
        ahead = families_ahead(family, as_of, data.schedules, held)
        expected = [f.pk for f in in_order if (f.attached_on, f.reference) < (family.attached_on, family.reference)]
        assert sorted(ahead.values_list("pk", flat=True)) == sorted(expected), family.reference


@pytest.mark.parametrize("estimate", [None, 5, 12, 16, 40])
@pytest.mark.parametrize("as_of", DATES)
def test_each_family_alone_is_judged_as_in_the_whole_council(queue, estimate, as_of):
    council = with_estimate(queue, estimate)
    whole = {r.family.pk: seen(r) for r in decide_council(load_council_records(council), as_of)}
    alone = {pk: seen(results_of_family(Family.objects.select_related("council").get(pk=pk), as_of)) for pk in whole}
    assert alone == whole


def test_the_queue_fills_the_funded_number_and_refuses_the_rest_in_order(queue):
    council = with_estimate(queue, 12)  # funded 10: four held, six places left
    refused = {
        family.reference
        for family in Family.objects.filter(council=council).select_related("council")
        if "funded number of 10 families is reached" in results_of_family(family, DATES[1]).decisions[0].reason
    }
    # The six places: TIE-A, TIE-B, TIE-C (the tie broken by reference), REJECTED-CHANGED, Q13-0, Q13-1.
    assert refused == {"Q13-2", "Q13-3", "Q13-4", "Q13-5", "SOME-RESULTS", "Q14-0", "Q14-1", "Q14-2"}


def test_a_familys_place_takes_the_same_queries_however_long_the_queue(
    queue, django_assert_num_queries, django_assert_max_num_queries
):
    council = with_estimate(queue, 40)  # places left: every family is counted
    last = Family.objects.select_related("council").get(reference="Q14-2")
    # Its people and their records (5), its lines and the fees rejected (1), the history when a rejection is
    # weighed (6), the schedules (1), the fees held and the families ahead (2).
    with django_assert_max_num_queries(15) as before:
        results_of_family(last, DATES[1])
    for i in range(30):
        FamilyFactory(council=council, reference=f"MORE-{i}", attached_on=D(2012, 9, 1))
        rejected(FamilyFactory(council=council, reference=f"MORE-REJECTED-{i}"), timezone.now())
    with django_assert_num_queries(len(before)):
        results_of_family(last, DATES[1])
