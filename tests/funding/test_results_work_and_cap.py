"""The payment-by-results rules of CASE_FILE.md for work, the cap and the funded number, walked at each boundary."""

import datetime as dt

import pytest

from families.models import Family
from funding.models import ClaimLine, PaymentSchedule
from funding.results import decide_council, load_council_records, results_of_family
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
)
from tests.factories.funding import ClaimLineFactory
from tests.funding.results_cases import (
    ATT,
    CAE,
    CE,
    PTW,
    D,
    asb_family,
    decide,
    proposed,
    three_terms,
)


@pytest.fixture(autouse=True)
def _schedules(schedules):
    return schedules


# --- work ---


def test_continuous_employment_after_jsa_takes_thirteen_weeks(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    EmploymentFactory(person=PersonFactory(family=family), benefit="jsa", started_on=D(2012, 9, 3))
    before = decide(family, D(2012, 12, 1))[CE]
    assert not before.met and "13 weeks on 2 December 2012" in before.reason  # 91 days, the first one counted
    assert decide(family, D(2012, 12, 2))[CE].is_proposed


def test_continuous_employment_after_other_benefits_takes_twenty_six_weeks(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    EmploymentFactory(person=PersonFactory(family=family), benefit="esa", started_on=D(2012, 9, 3))
    assert not decide(family, D(2013, 3, 2))[CE].met
    assert decide(family, D(2013, 3, 3))[CE].met  # 182 days from Monday 3 September 2012: Sunday 3 March 2013


def test_employment_weeks_come_from_the_schedule(council):
    PaymentSchedule.objects.filter(financial_year="2012/13").update(employment_weeks_jsa=26)
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    EmploymentFactory(person=PersonFactory(family=family), benefit="jsa", started_on=D(2012, 9, 3))
    assert not decide(family, D(2012, 12, 2))[CE].met
    assert decide(family, D(2013, 3, 3))[CE].met


def test_employment_that_ended_before_the_weeks_does_not_count(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 9, 3), ended_on=D(2012, 12, 1))
    decision = decide(family, D(2013, 3, 31))[CE]
    assert not decision.met
    assert "ended on 1 December 2012, before 13 weeks (2 December 2012)" in decision.reason
    # The last day in work is the day the weeks are reached: it counts.
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2013, 1, 7), ended_on=D(2013, 4, 7))
    assert decide(family, D(2013, 4, 30))[CE].met


def test_employment_must_start_on_or_after_attachment(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 5, 31))
    assert not decide(family, D(2013, 3, 31))[CE].met
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 6, 1))
    assert decide(family, D(2013, 3, 31))[CE].met


def test_progress_to_work_window(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    ReferralFactory(person=adult, referred_on=D(2012, 5, 31))
    ReferralFactory(person=adult, referred_on=D(2012, 8, 2))
    assert not decide(family, D(2012, 8, 1))[PTW].met
    assert decide(family, D(2012, 8, 2))[PTW].is_proposed


def test_progress_to_work_is_replaced_by_continuous_employment(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    ReferralFactory(person=adult, referred_on=D(2012, 8, 1))
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 9, 3))
    assert proposed(family, D(2012, 12, 1)) == {ATT: 3200, PTW: 100}
    assert proposed(family, D(2012, 12, 2)) == {ATT: 3200, CE: 800}
    assert "paid instead" in decide(family, D(2012, 12, 2))[PTW].reason


def test_progress_to_work_not_proposed_once_continuous_employment_is_claimed(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    ClaimLineFactory(claim__council=council, family=family, payment_type=CE, amount=800)
    ReferralFactory(person=PersonFactory(family=family), referred_on=D(2012, 8, 1))
    assert PTW not in proposed(family, D(2013, 3, 31))


# --- the cap ---


def test_the_cap_reduces_continuous_employment_after_crime_asb_education(council):
    family = asb_family(council, baseline=5, recent=0)
    EmploymentFactory(person=family.people.first(), benefit="jsa", started_on=D(2012, 9, 3))
    decisions = decide(family, D(2013, 3, 31))
    assert {t: d.amount for t, d in decisions.items() if d.is_proposed} == {ATT: 3200, CAE: 700, CE: 100}
    assert "£100 of £800 under the cap of £4,000" in decisions[CE].reason


def test_continuous_employment_after_progress_to_work_pays_seven_hundred(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    claim_line = ClaimLineFactory(claim__council=council, family=family, payment_type=ATT, amount=3200)
    ClaimLineFactory(claim=claim_line.claim, family=family, payment_type=PTW, amount=100)
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 9, 3))
    assert proposed(family, D(2013, 3, 31)) == {CE: 700}


def test_a_line_reduced_to_zero_is_not_proposed(council):
    family = asb_family(council, baseline=5, recent=0)
    claim = ClaimLineFactory(claim__council=council, family=family, payment_type=ATT, amount=3200).claim
    ClaimLineFactory(claim=claim, family=family, payment_type=CAE, amount=700)
    ClaimLineFactory(claim=claim, family=family, payment_type=PTW, amount=100)
    EmploymentFactory(person=family.people.first(), benefit="jsa", started_on=D(2012, 9, 3))
    decisions = decide(family, D(2013, 3, 31))
    assert proposed(family, D(2013, 3, 31)) == {}
    assert "nothing left under the cap of £4,000" in decisions[CE].reason


def test_rejected_lines_do_not_count_towards_the_cap(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family)
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 9, 3))
    ClaimLineFactory(
        claim__council=council,
        family=family,
        payment_type=ATT,
        amount=3200,
        status=ClaimLine.Status.REJECTED,
        status_reason="No evidence of attachment",
    )
    ClaimLineFactory(claim__council=council, family=family, payment_type=CAE, amount=700)
    # £700 counts; the rejected £3,200 does not, so continuous employment is paid in full.
    assert proposed(family, D(2013, 3, 31)) == {CE: 800}


def test_the_cap_in_the_last_schedule_year(council):
    family = asb_family(council, baseline=5, recent=0, attached=D(2014, 4, 1), identified_on=D(2014, 3, 1))
    adult = family.people.first()
    for i in range(5):
        IncidentFactory(person=adult, kind="asb", occurred_on=D(2014, 1, 10) + dt.timedelta(days=i))
    EmploymentFactory(person=adult, benefit="jsa", started_on=D(2014, 5, 1))
    assert proposed(family, D(2015, 3, 31)) == {ATT: 1600, CAE: 2300, CE: 100}


# --- the funded number ---


@pytest.mark.parametrize(("estimate", "funded"), [(6, 5), (3, 3), (2, 2), (1, 1), (290, 242)])
def test_funded_number_is_five_sixths_rounded_half_up(council, estimate, funded):
    council.troubled_families_estimate = estimate
    council.save()
    for i in range(funded + 1):
        FamilyFactory(council=council, reference=f"F{i:03d}", attached_on=D(2012, 6, 1))
    results = decide_council(load_council_records(council), D(2013, 3, 31))
    paid = [r.family.reference for r in results if any(d.payment_type == ATT for d in r.proposed)]
    assert len(paid) == funded
    assert paid == [f"F{i:03d}" for i in range(funded)]  # ties broken by reference


def test_earliest_attached_first_and_earlier_claims_use_the_places(council):
    council.troubled_families_estimate = 3  # funded 3 (2.5 rounded half up)
    council.save()
    late = FamilyFactory(council=council, reference="A-LATE", attached_on=D(2012, 9, 1))
    early = [FamilyFactory(council=council, reference=f"Z{i}", attached_on=D(2012, 6, i + 1)) for i in range(3)]
    assert ATT not in proposed(late, D(2013, 3, 31))
    assert "funded number of 3 families is reached" in decide(late, D(2013, 3, 31))[ATT].reason
    assert all(ATT in proposed(f, D(2013, 3, 31)) for f in early)
    ClaimLineFactory(claim__council=council, family=late, payment_type=ATT, amount=3200)
    assert ATT not in proposed(early[2], D(2013, 3, 31))
    assert ATT in proposed(early[1], D(2013, 3, 31))


def test_one_family_alone_is_judged_exactly_as_in_the_whole_council(council):
    """The family page loads one family (and the queue for the funded number), a claim the whole council."""
    council.troubled_families_estimate = 4  # funded 3
    council.save()
    for i in range(5):
        FamilyFactory(council=council, reference=f"Q{i}", attached_on=D(2012, 6, 5 - i))
    ClaimLineFactory(claim__council=council, family=Family.objects.get(reference="Q4"), payment_type=ATT, amount=3200)
    FamilyFactory(council=council, reference="A-NOT-YET", attached_on=None)
    FamilyFactory(council=council, reference="A-TWO", attached_on=D(2012, 5, 1), work=False, local_discretion="")
    FamilyFactory(council=council, reference="A-LATER", attached_on=D(2013, 6, 1))
    as_of = D(2013, 3, 31)

    def seen(result):
        return [(d.payment_type, d.met, d.amount, d.already_claimed, d.reason) for d in result.decisions]

    whole = {r.family.pk: seen(r) for r in decide_council(load_council_records(council), as_of)}
    alone = {pk: seen(results_of_family(Family.objects.get(pk=pk), as_of)) for pk in whole}
    assert alone == whole
    refused = [r for r in whole.values() if "funded number of 3 families is reached" in r[0][4]]
    assert len(refused) == 2  # Q4's claim and the two earliest attached take the three places


def test_no_estimate_means_no_attachment_line_with_a_reason(council):
    council.troubled_families_estimate = None
    council.save()
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    ReferralFactory(person=PersonFactory(family=family), referred_on=D(2012, 8, 1))
    decisions = decide(family, D(2013, 3, 31))
    assert not decisions[ATT].is_proposed
    assert "no troubled families estimate" in decisions[ATT].reason
    assert decisions[PTW].is_proposed


def test_loading_takes_the_same_queries_for_more_families(council, django_assert_max_num_queries):
    for _ in range(30):
        family = asb_family(council)
        ReferralFactory(person=family.people.first(), referred_on=D(2012, 8, 1))
        three_terms(ChildFactory(family=family))
    with django_assert_max_num_queries(9):
        decide_council(load_council_records(council), D(2013, 7, 31))


def test_a_family_with_no_room_under_the_cap_takes_no_funded_place(council):
    council.troubled_families_estimate = 1  # funded 1
    council.save()
    full = FamilyFactory(council=council, reference="A-FULL", attached_on=D(2012, 6, 1))
    claim = ClaimLineFactory(
        claim__council=council,
        family=full,
        payment_type=ATT,
        amount=3200,
        status=ClaimLine.Status.REJECTED,
        status_reason="Wrong date",
    ).claim
    ClaimLineFactory(claim=claim, family=full, payment_type=CAE, amount=4000)  # a bad line, but it counts
    other = FamilyFactory(council=council, reference="B-NEXT", attached_on=D(2012, 6, 1))
    assert proposed(full, D(2013, 3, 31)) == {}
    assert proposed(other, D(2013, 3, 31)) == {ATT: 3200}
