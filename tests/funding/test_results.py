"""The payment-by-results rules of CASE_FILE.md, walked at each boundary."""

import datetime as dt

import pytest

from families.models import Family
from funding.models import ClaimLine, PaymentSchedule, PaymentType
from funding.results import decide_council, load_council_records, months_before, results_of_family
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
ATT = PaymentType.ATTACHMENT
CAE = PaymentType.CRIME_ASB_EDUCATION
CE = PaymentType.CONTINUOUS_EMPLOYMENT
PTW = PaymentType.PROGRESS_TO_WORK


@pytest.fixture(autouse=True)
def _schedules(schedules):
    return schedules


def decide(family, as_of):
    """The family's decisions on a date, by payment type."""
    results = decide_council(load_council_records(family.council), as_of)
    result = next(r for r in results if r.family.pk == family.pk)
    return {d.payment_type: d for d in result.decisions}


def proposed(family, as_of):
    return {t: d.amount for t, d in decide(family, as_of).items() if d.is_proposed}


def asb_family(council, baseline=5, recent=1, attached=None, **kwargs):
    attached = attached or D(2012, 6, 1)
    family = FamilyFactory(
        council=council,
        attached_on=attached,
        education=False,
        work=True,
        local_discretion="domestic violence",
        **kwargs,
    )
    adult = PersonFactory(family=family)
    for i in range(baseline):
        IncidentFactory(person=adult, kind="asb", occurred_on=D(2012, 1, 10) + dt.timedelta(days=i))
    for i in range(recent):
        IncidentFactory(person=adult, kind="asb", occurred_on=D(2013, 1, 10) + dt.timedelta(days=i))
    return family


# --- calendar months ---


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2013, 3, 31), D(2012, 9, 30)),
        (D(2012, 8, 31), D(2012, 2, 29)),
        (D(2013, 8, 31), D(2013, 2, 28)),
        (D(2012, 6, 1), D(2011, 12, 1)),
        (D(2013, 1, 15), D(2012, 7, 15)),
    ],
)
def test_months_before_is_calendar_arithmetic(day, expected):
    assert months_before(day, 6) == expected


# --- who gets nothing ---


def test_fewer_than_three_criteria_gets_no_line(council):
    family = FamilyFactory(council=council, crime_asb=True, education=True, work=False, local_discretion="")
    decisions = decide(family, D(2013, 3, 31))
    assert not any(d.is_proposed for d in decisions.values())
    assert "2 of the 4 criteria" in decisions[ATT].reason


def test_local_discretion_counts_as_the_third_criterion(council):
    family = FamilyFactory(council=council, crime_asb=True, education=False, work=True, local_discretion="DV")
    assert proposed(family, D(2013, 3, 31)) == {ATT: 3200}


def test_not_attached_by_the_date_gets_no_line(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    ReferralFactory(person=PersonFactory(family=family), referred_on=D(2012, 6, 1))
    assert proposed(family, D(2012, 5, 31)) == {}
    assert "Not attached until 1 June 2012" in decide(family, D(2012, 5, 31))[ATT].reason
    assert proposed(family, D(2012, 6, 1)) == {ATT: 3200, PTW: 100}


def test_a_family_never_attached_gets_no_line(council):
    family = FamilyFactory(council=council, attached_on=None)
    assert proposed(family, D(2014, 3, 31)) == {}


# --- schedules ---


@pytest.mark.parametrize(
    ("attached", "fee", "year"),
    [
        (D(2012, 4, 1), 3200, "2012/13"),
        (D(2013, 3, 31), 3200, "2012/13"),
        (D(2013, 4, 1), 2400, "2013/14"),
        (D(2014, 3, 31), 2400, "2013/14"),
        (D(2014, 4, 1), 1600, "2014/15"),
        (D(2015, 3, 31), 1600, "2014/15"),
    ],
)
def test_the_schedule_is_the_year_of_attachment(council, attached, fee, year):
    family = FamilyFactory(council=council, identified_on=attached, attached_on=attached)
    decision = decide(family, D(2015, 5, 31))[ATT]
    assert (decision.amount, decision.financial_year, decision.is_proposed) == (fee, year, True)


def test_no_schedule_covering_attachment_means_nothing_claimable(council):
    family = FamilyFactory(council=council, identified_on=D(2015, 4, 1), attached_on=D(2015, 4, 1))
    decisions = decide(family, D(2015, 6, 1))
    assert not any(d.is_proposed for d in decisions.values())
    assert "No payment schedule covers attachment on 1 April 2015" in decisions[ATT].reason
    family2 = FamilyFactory(council=council, identified_on=D(2012, 3, 1), attached_on=D(2012, 3, 31))
    assert proposed(family2, D(2013, 3, 31)) == {}


# --- ASB and offending ---


def test_asb_down_by_sixty_percent_is_met(council):
    family = asb_family(council, baseline=5, recent=2)
    decision = decide(family, D(2013, 3, 31))[CAE]
    assert decision.is_proposed and decision.amount == 700
    assert decision.reason == "ASB down 60% (5 → 2)"


def test_asb_down_less_than_sixty_percent_is_not_yet(council):
    family = asb_family(council, baseline=5, recent=3)
    decision = decide(family, D(2013, 3, 31))[CAE]
    assert not decision.met
    assert "ASB down 40% (5 → 3), needs down 60%" in decision.reason


def test_asb_baseline_window_edges(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1), education=False, local_discretion="DV")
    adult = PersonFactory(family=family)
    # Outside the baseline: the day before it starts and the day of attachment.
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2011, 11, 30))
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2012, 6, 1))
    assert "no part applies" in decide(family, D(2013, 3, 31))[CAE].reason
    # Inside: the first and the last day.
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2011, 12, 1))
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2012, 5, 31))
    assert decide(family, D(2013, 3, 31))[CAE].reason == "ASB down 100% (2 → 0)"


def test_asb_recent_window_edges(council):
    family = asb_family(council, baseline=2, recent=0)
    adult = family.people.first()
    # As of 31 March 2013 the recent six months run from 1 October 2012.
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2012, 9, 30))
    assert decide(family, D(2013, 3, 31))[CAE].reason == "ASB down 100% (2 → 0)"
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2012, 10, 1))
    assert decide(family, D(2013, 3, 31))[CAE].reason == "Not yet: ASB down 50% (2 → 1), needs down 60%"
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2013, 4, 1))
    assert decide(family, D(2013, 3, 31))[CAE].reason == "Not yet: ASB down 50% (2 → 1), needs down 60%"


def test_the_recent_six_months_must_start_on_or_after_attachment(council):
    family = asb_family(council, baseline=2, recent=0, attached=D(2012, 6, 1))
    before = decide(family, D(2012, 11, 30))[CAE]
    assert not before.met
    assert "1 December 2012" in before.reason
    assert decide(family, D(2012, 12, 1))[CAE].is_proposed


def test_offending_down_by_a_third_is_met_and_counts_under_eighteens_only(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1), education=False, local_discretion="DV")
    child = ChildFactory(family=family, date_of_birth=D(1995, 3, 1))  # 18 on 1 March 2013
    adult = PersonFactory(family=family)
    for day in (D(2012, 1, 5), D(2012, 2, 5), D(2012, 3, 5)):
        IncidentFactory(person=child, kind="offence", occurred_on=day)
    IncidentFactory(person=adult, kind="offence", occurred_on=D(2012, 4, 5))  # an adult's: not counted
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 1, 5))
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 2, 28))  # the day before 18
    decision = decide(family, D(2013, 3, 31))[CAE]
    assert decision.reason == "Offending down 33% (3 → 2)"
    assert decision.is_proposed
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 3, 1))  # 18 on the day: not counted
    assert decide(family, D(2013, 3, 31))[CAE].reason == "Offending down 33% (3 → 2)"
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 2, 27))
    assert not decide(family, D(2013, 3, 31))[CAE].met


def test_offending_boundary_is_sixty_seven_percent(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1), education=False, local_discretion="DV")
    child = ChildFactory(family=family, date_of_birth=D(2000, 1, 1))
    for i in range(100):
        IncidentFactory(person=child, kind="offence", occurred_on=D(2012, 1, 1) + dt.timedelta(days=i))
    for i in range(67):
        IncidentFactory(person=child, kind="offence", occurred_on=D(2012, 12, 1) + dt.timedelta(days=i))
    assert decide(family, D(2013, 3, 31))[CAE].met
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 3, 30))
    assert not decide(family, D(2013, 3, 31))[CAE].met


def test_asb_and_offending_both_apply(council):
    family = asb_family(council, baseline=5, recent=1)
    child = ChildFactory(family=family, date_of_birth=D(2000, 1, 1))
    for day in (D(2012, 1, 5), D(2012, 2, 5), D(2012, 3, 5)):
        IncidentFactory(person=child, kind="offence", occurred_on=day)
    IncidentFactory(person=child, kind="offence", occurred_on=D(2013, 2, 5))
    assert decide(family, D(2013, 3, 31))[CAE].reason == "ASB down 80% (5 → 1); offending down 67% (3 → 1)"


def test_zero_baselines_mean_no_part_applies(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1), education=False, local_discretion="DV")
    adult = PersonFactory(family=family)
    IncidentFactory(person=adult, kind="asb", occurred_on=D(2013, 1, 1))
    decision = decide(family, D(2013, 3, 31))[CAE]
    assert not decision.met
    assert "no ASB or offending in the six months before attachment" in decision.reason


def test_crime_asb_not_met_at_identification_means_incidents_do_not_count(council):
    family = asb_family(council, baseline=5, recent=0, crime_asb=False)
    assert not decide(family, D(2013, 3, 31))[CAE].met


# --- education ---


def three_terms(child, absences=(5, 5, 5), exclusions=(0, 0, 0), start=None, permanent=False):
    start = start or D(2012, 9, 3)
    terms = [(start, D(2012, 12, 20)), (D(2013, 1, 7), D(2013, 3, 28)), (D(2013, 4, 15), D(2013, 7, 19))]
    for (begin, end), absence, excluded in zip(terms, absences, exclusions, strict=True):
        SchoolTermFactory(
            person=child,
            term_start=begin,
            term_end=end,
            unauthorised_absence_pct=absence,
            fixed_exclusions=excluded,
            permanently_excluded=permanent and end == terms[-1][1],
        )


def education_family(council, **kwargs):
    return FamilyFactory(
        council=council,
        attached_on=D(2012, 6, 1),
        crime_asb=False,
        education=True,
        work=True,
        local_discretion="mental health",
        **kwargs,
    )


def test_education_met_with_low_absence_and_few_exclusions(council):
    family = education_family(council)
    child = ChildFactory(family=family, reference="C1")
    three_terms(child, absences=(9, 8, 10), exclusions=(1, 1, 0))
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert decision.is_proposed
    assert decision.reason == "Education: C1 (mean absence 9.00%, 2 exclusions)"


@pytest.mark.parametrize(
    ("absences", "exclusions", "permanent", "met"),
    [
        ((14, 15, 15.99), (0, 0, 0), False, True),  # mean 14.997%
        ((15, 15, 15), (0, 0, 0), False, False),  # mean 15%: not below
        ((0, 0, 0), (1, 1, 0), False, True),
        ((0, 0, 0), (1, 1, 1), False, False),  # 3 exclusions
        ((0, 0, 0), (0, 0, 0), True, False),
    ],
)
def test_education_boundaries(council, absences, exclusions, permanent, met):
    family = education_family(council)
    three_terms(ChildFactory(family=family), absences=absences, exclusions=exclusions, permanent=permanent)
    assert decide(family, D(2013, 7, 19))[CAE].met is met


def test_the_third_term_counts_from_the_day_it_ends(council):
    family = education_family(council)
    three_terms(ChildFactory(family=family))
    assert not decide(family, D(2013, 7, 18))[CAE].met
    assert decide(family, D(2013, 7, 19))[CAE].met


def test_a_term_starting_before_attachment_is_not_counted(council):
    family = education_family(council, identified_on=D(2012, 5, 1))
    family.attached_on = D(2012, 9, 4)
    family.save()
    three_terms(ChildFactory(family=family, reference="C1"), start=D(2012, 9, 3))
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert not decision.met
    assert decision.reason == "Not yet: education: C1 (not yet: 2 of 3 consecutive terms since attachment)"
    family.attached_on = D(2012, 9, 3)
    family.save()
    assert decide(family, D(2013, 7, 19))[CAE].met


def test_neutral_children_do_not_count_but_one_failing_child_fails(council):
    family = education_family(council)
    good = ChildFactory(family=family, reference="C1")
    three_terms(good)
    neutral = ChildFactory(family=family, reference="C2")  # a term before attachment only
    SchoolTermFactory(person=neutral, term_start=D(2012, 4, 16), term_end=D(2012, 5, 25), unauthorised_absence_pct=90)
    ChildFactory(family=family, reference="C4")  # no school records at all: not worth a word
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert decision.met
    assert decision.reason == (
        "Education: C1 (mean absence 5.00%, 0 exclusions); neutral: C2 (no term since attachment)"
    )
    bad = ChildFactory(family=family, reference="C3")
    three_terms(bad, absences=(30, 30, 30))
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert not decision.met
    assert decision.reason == (
        "Not yet: education: C1 (mean absence 5.00%, 0 exclusions), "
        "C3 (mean absence 30.00%, 0 exclusions, needs absence below 15%); neutral: C2 (no term since attachment)"
    )


def test_every_part_that_applies_must_be_met(council):
    family = asb_family(council, baseline=5, recent=1)
    family.education = True
    family.save()
    three_terms(ChildFactory(family=family), absences=(30, 30, 30))
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert not decision.met
    assert decision.reason.startswith("Not yet: ASB down 100% (5 → 0); education:")


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
