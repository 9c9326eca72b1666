"""The payment-by-results rules of CASE_FILE.md, walked at each boundary."""

import datetime as dt

import pytest

from funding.results import months_before
from tests.factories.families import (
    ChildFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    ReferralFactory,
    SchoolTermFactory,
)
from tests.funding.results_cases import (
    ATT,
    CAE,
    PTW,
    D,
    asb_family,
    decide,
    education_family,
    proposed,
    three_terms,
)


@pytest.fixture(autouse=True)
def _schedules(schedules):
    return schedules


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
