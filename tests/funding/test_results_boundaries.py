"""The rules CASE_FILE.md states for results, each walked on both sides of its boundary: employment weeks counted
inclusively, leaving school on 31 August, consecutive terms, progress to work only after the work criterion,
thresholds on exact values, and reasons that never round across them."""

import datetime as dt
from decimal import Decimal

import pytest

from families.models import Incident
from funding.models import ClaimLine, PaymentType
from funding.rules import last_31_august, percent_text, weeks_reached_on
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
from tests.funding.results_cases import asb_family, decide, education_family, proposed, three_terms

D = dt.date
ATT, CAE, CE, PTW = (
    PaymentType.ATTACHMENT,
    PaymentType.CRIME_ASB_EDUCATION,
    PaymentType.CONTINUOUS_EMPLOYMENT,
    PaymentType.PROGRESS_TO_WORK,
)


@pytest.fixture(autouse=True)
def _schedules(schedules):
    return schedules


# --- continuous employment: days counted inclusively ---


def test_weeks_are_reached_on_the_last_day_of_the_last_week():
    assert weeks_reached_on(D(2012, 6, 4), 13) == D(2012, 9, 2)  # Monday 4 June to Sunday 2 September 2012
    assert weeks_reached_on(D(2012, 6, 4), 26) == D(2012, 12, 2)
    assert weeks_reached_on(D(2015, 12, 1), 13) == D(2016, 2, 29)  # across 29 February


@pytest.mark.parametrize(
    ("benefit", "reached"),
    [("jsa", D(2012, 9, 2)), ("esa", D(2012, 12, 2)), ("is", D(2012, 12, 2)), ("other", D(2012, 12, 2))],
)
def test_thirteen_and_twenty_six_weeks_from_monday_4_june_2012(council, benefit, reached):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    EmploymentFactory(person=PersonFactory(family=family, reference="A1"), benefit=benefit, started_on=D(2012, 6, 4))
    day_before = decide(family, reached - dt.timedelta(days=1))[CE]
    assert not day_before.met
    assert f"weeks on {reached.day} {reached:%B %Y}" in day_before.reason
    assert decide(family, reached)[CE].is_proposed


def test_a_job_whose_last_day_is_the_thirteenth_weeks_last_day_counts(council):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1))
    adult = PersonFactory(family=family, reference="A1")
    job = EmploymentFactory(person=adult, benefit="jsa", started_on=D(2012, 6, 4), ended_on=D(2012, 9, 2))
    assert decide(family, D(2013, 3, 31))[CE].met
    job.ended_on = D(2012, 9, 1)
    job.save()
    decision = decide(family, D(2013, 3, 31))[CE]
    assert not decision.met
    assert "ended on 1 September 2012, before 13 weeks (2 September 2012)" in decision.reason


def test_thirteen_weeks_reached_on_29_february(council):
    family = FamilyFactory(council=council, identified_on=D(2015, 3, 1), attached_on=D(2015, 3, 1))
    EmploymentFactory(person=PersonFactory(family=family), benefit="jsa", started_on=D(2015, 12, 1))
    assert not decide(family, D(2016, 2, 28))[CE].met
    assert decide(family, D(2016, 2, 29))[CE].met


# --- of school age: 16 or older on the last 31 August ---


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2013, 8, 30), D(2012, 8, 31)),
        (D(2013, 8, 31), D(2013, 8, 31)),
        (D(2013, 9, 1), D(2013, 8, 31)),
        (D(2016, 2, 29), D(2015, 8, 31)),
        (D(2014, 1, 1), D(2013, 8, 31)),
    ],
)
def test_the_last_31_august(on, expected):
    assert last_31_august(on) == expected


@pytest.mark.parametrize(
    ("born", "on", "judged"),
    [
        (D(1997, 8, 31), D(2013, 8, 30), True),  # 15 on 31 August 2012
        (D(1997, 8, 31), D(2013, 8, 31), False),  # 16 on 31 August 2013: left school
        (D(1997, 9, 1), D(2013, 8, 31), True),  # 15 on 31 August 2013
        (D(1997, 9, 1), D(2014, 8, 30), True),
        (D(1997, 9, 1), D(2014, 8, 31), False),
    ],
)
def test_a_child_sixteen_on_the_last_31_august_has_left_school(council, born, on, judged):
    family = education_family(council)
    three_terms(ChildFactory(family=family, reference="C1", date_of_birth=born), absences=(30, 30, 30))
    decision = decide(family, on)[CAE]
    assert not decision.met  # high absence when judged; no part applies when the child has left school
    if judged:
        assert "C1 (mean absence 30.00%" in decision.reason
    else:
        assert "no part applies" in decision.reason


def test_a_child_born_on_29_february(council):
    family = FamilyFactory(
        council=council,
        identified_on=D(2014, 5, 1),
        attached_on=D(2014, 6, 2),
        crime_asb=False,
        local_discretion="mental health",
    )
    child = ChildFactory(family=family, reference="C1", date_of_birth=D(2000, 2, 29))  # 15 on 31 August 2015
    terms(child, [(D(2014, 9, 1), D(2014, 12, 19)), (D(2015, 1, 5), D(2015, 3, 27)), (D(2015, 4, 13), D(2015, 7, 17))])
    assert decide(family, D(2016, 2, 29))[CAE].met
    assert decide(family, D(2016, 8, 30))[CAE].met
    assert "no part applies" in decide(family, D(2016, 8, 31))[CAE].reason  # 16 on 31 August 2016


def test_a_school_leaver_is_named_as_neutral_beside_a_judged_child(council):
    family = education_family(council)
    three_terms(ChildFactory(family=family, reference="C1", date_of_birth=D(1996, 5, 1)), absences=(90, 90, 90))
    three_terms(ChildFactory(family=family, reference="C2"))
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert decision.met
    assert decision.reason == (
        "Education: C2 (mean absence 5.00%, 0 exclusions); neutral: C1 (left school: 16 or older on 31 August 2012)"
    )


def test_an_offence_the_day_before_and_on_an_18th_birthday_born_29_february(council):
    family = FamilyFactory(
        council=council, attached_on=D(2013, 9, 1), identified_on=D(2013, 8, 1), education=False, local_discretion="DV"
    )
    child = ChildFactory(family=family, date_of_birth=D(1996, 2, 29))  # 18 on 1 March 2014
    for day in (D(2013, 4, 1), D(2013, 5, 1), D(2013, 6, 1)):
        IncidentFactory(person=child, kind=Incident.Kind.OFFENCE, occurred_on=day)
    IncidentFactory(person=child, kind=Incident.Kind.OFFENCE, occurred_on=D(2014, 3, 1))  # 18: not counted
    on = D(2014, 8, 27)  # the recent six months run from 28 February 2014
    assert decide(family, on)[CAE].reason == "Offending down 100% (3 → 0)"
    IncidentFactory(person=child, kind=Incident.Kind.OFFENCE, occurred_on=D(2014, 2, 28))  # 17: counted
    assert decide(family, on)[CAE].reason == "Offending down 67% (3 → 1)"


# --- consecutive terms ---


def terms(child, spans, absence=5):
    for start, end in spans:
        SchoolTermFactory(person=child, term_start=start, term_end=end, unauthorised_absence_pct=absence)


AUTUMN = (D(2012, 9, 3), D(2012, 12, 20))
SUMMER = (D(2013, 4, 15), D(2013, 7, 19))


@pytest.mark.parametrize(
    ("spring_start", "consecutive"),
    [(D(2013, 2, 18), True), (D(2013, 2, 19), False)],  # 60 and 61 days after 20 December 2012
)
def test_a_term_starting_60_days_after_the_last_is_consecutive_61_is_not(council, spring_start, consecutive):
    family = education_family(council)
    terms(ChildFactory(family=family, reference="C1"), [AUTUMN, (spring_start, D(2013, 3, 28)), SUMMER])
    decision = decide(family, D(2013, 7, 31))[CAE]
    assert decision.met is consecutive
    if not consecutive:
        assert decision.reason == "Not yet: education: C1 (not yet: 2 of 3 consecutive terms since attachment)"


def test_a_run_of_two_is_not_yet_even_when_every_other_part_is_met(council):
    family = asb_family(council, baseline=5, recent=0)
    family.education = True
    family.save()
    child = ChildFactory(family=family, reference="C1")
    terms(child, [(D(2013, 1, 7), D(2013, 3, 28)), SUMMER])
    decision = decide(family, D(2013, 7, 31))[CAE]
    assert not decision.met
    assert decision.reason == (
        "Not yet: ASB down 100% (5 → 0); education: C1 (not yet: 2 of 3 consecutive terms since attachment)"
    )
    terms(child, [AUTUMN])  # the run is three
    assert decide(family, D(2013, 7, 31))[CAE].met


def test_only_the_run_ending_with_the_latest_term_counts(council):
    family = education_family(council)
    child = ChildFactory(family=family, reference="C1")
    three_terms(child)  # three good terms ending 19 July 2013
    terms(child, [(D(2014, 1, 6), D(2014, 3, 28))], absence=50)  # a missing autumn term, then one more
    assert decide(family, D(2013, 12, 31))[CAE].met
    decision = decide(family, D(2014, 3, 31))[CAE]
    assert not decision.met
    assert "C1 (not yet: 1 of 3 consecutive terms since attachment)" in decision.reason
    # The latest run grows to three, and is judged on its own terms (the earlier run no longer counts).
    terms(child, [(D(2014, 4, 22), D(2014, 7, 18)), (D(2014, 9, 1), D(2014, 12, 19))], absence=2)
    assert decide(family, D(2014, 12, 31))[CAE].reason == (
        "Not yet: education: C1 (mean absence 18.00%, 0 exclusions, needs absence below 15%)"
    )


def test_the_last_three_of_a_longer_run_are_judged(council):
    family = education_family(council)
    child = ChildFactory(family=family, reference="C1")
    three_terms(child, absences=(90, 5, 5))
    terms(child, [(D(2013, 9, 2), D(2013, 12, 20))], absence=5)
    assert decide(family, D(2013, 12, 20))[CAE].reason == "Education: C1 (mean absence 5.00%, 0 exclusions)"


# --- progress to work: for a family that met work ---


def test_progress_to_work_needs_the_work_criterion(council):
    family = FamilyFactory(council=council, work=False, local_discretion="domestic violence")
    ReferralFactory(person=PersonFactory(family=family), referred_on=D(2012, 8, 1))
    decision = decide(family, D(2013, 3, 31))[PTW]
    assert not decision.met
    assert "did not meet the work criterion" in decision.reason
    family.work = True
    family.save()
    assert decide(family, D(2013, 3, 31))[PTW].is_proposed


# --- thresholds on exact values, reasons that never round across them ---


@pytest.mark.parametrize(
    ("value", "threshold", "met", "at_least", "places", "shown"),
    [
        ("14.997", 15, True, False, 2, "14.99"),  # below 15: never written 15.00
        ("14.994", 15, True, False, 2, "14.99"),
        ("15", 15, False, False, 2, "15.00"),
        ("15.004", 15, False, False, 2, "15.00"),
        ("10.5", 15, True, False, 2, "10.50"),
        ("59.615", 60, False, True, 0, "59"),  # ASB down 59.6%: short of 60, never written 60
        ("60", 60, True, True, 0, "60"),
        ("32.941", 33, False, True, 0, "32"),  # offending down 32.9%: short of 33
        ("66.667", 33, True, True, 0, "67"),  # far from the threshold: rounded as usual
    ],
)
def test_percent_text_never_rounds_across_the_threshold(value, threshold, met, at_least, places, shown):
    assert percent_text(Decimal(value), threshold, met=met, at_least=at_least, places=places) == shown


@pytest.mark.parametrize(
    ("absences", "met", "shown"),
    [
        ((14, 15, 15.99), True, "14.99"),  # mean 14.99666...
        ((15, 15, 15), False, "15.00"),  # exactly 15: not below
        ((15, 15, 15.01), False, "15.00"),  # 15.0033: not below, and not written as below
        ((14.99, 14.99, 14.99), True, "14.99"),
    ],
)
def test_mean_absence_on_the_fifteen_percent_boundary(council, absences, met, shown):
    family = education_family(council)
    three_terms(ChildFactory(family=family, reference="C1"), absences=absences)
    decision = decide(family, D(2013, 7, 19))[CAE]
    assert decision.met is met
    assert f"C1 (mean absence {shown}%" in decision.reason


def bulk_incidents(person, kind, first, count):
    Incident.objects.bulk_create(
        Incident(person=person, kind=kind, occurred_on=first + dt.timedelta(days=i % 150)) for i in range(count)
    )


@pytest.mark.parametrize(
    ("baseline", "recent", "reason"),
    [
        (10, 4, "ASB down 60% (10 → 4)"),  # exactly 40%: met
        (10, 5, "Not yet: ASB down 50% (10 → 5), needs down 60%"),
        (52, 21, "Not yet: ASB down 59% (52 → 21), needs down 60%"),  # 40.4%: down 59.6%, not written 60%
    ],
)
def test_asb_on_the_forty_percent_boundary(council, baseline, recent, reason):
    family = asb_family(council, baseline=0, recent=0)
    adult = family.people.first()
    bulk_incidents(adult, Incident.Kind.ASB, D(2011, 12, 1), baseline)
    bulk_incidents(adult, Incident.Kind.ASB, D(2012, 10, 1), recent)
    assert decide(family, D(2013, 3, 31))[CAE].reason == reason


@pytest.mark.parametrize(
    ("baseline", "recent", "reason"),
    [
        (100, 67, "Offending down 33% (100 → 67)"),  # exactly 67%: met
        (100, 68, "Not yet: offending down 32% (100 → 68), needs down 33%"),
        (85, 57, "Not yet: offending down 32% (85 → 57), needs down 33%"),  # 67.06%: down 32.9%, not 33%
    ],
)
def test_offending_on_the_sixty_seven_percent_boundary(council, baseline, recent, reason):
    family = FamilyFactory(council=council, attached_on=D(2012, 6, 1), education=False, local_discretion="DV")
    child = ChildFactory(family=family, date_of_birth=D(2000, 1, 1))
    bulk_incidents(child, Incident.Kind.OFFENCE, D(2011, 12, 1), baseline)
    bulk_incidents(child, Incident.Kind.OFFENCE, D(2012, 10, 1), recent)
    assert decide(family, D(2013, 3, 31))[CAE].reason == reason


# --- the cap in each year ---


@pytest.mark.parametrize(
    ("attached", "fee", "year", "employment"),
    [
        (D(2012, 6, 1), 3200, "2012/13", 700),  # £800 reduced to £700
        (D(2013, 6, 3), 2400, "2013/14", 1500),  # £1,600 reduced to £1,500
        (D(2014, 6, 2), 1600, "2014/15", 2300),  # £2,400 reduced to £2,300
    ],
)
def test_the_cap_in_each_year(council, attached, fee, year, employment):
    family = FamilyFactory(council=council, identified_on=attached, attached_on=attached)
    claim = ClaimLineFactory(
        claim__council=council, family=family, payment_type=ATT, amount=fee, financial_year=year
    ).claim
    ClaimLineFactory(claim=claim, family=family, payment_type=PTW, amount=100, financial_year=year)
    EmploymentFactory(person=PersonFactory(family=family), benefit="jsa", started_on=attached)
    decision = decide(family, attached + dt.timedelta(days=200))[CE]
    assert (decision.amount, decision.financial_year) == (employment, year)
    assert decision.reason.endswith("under the cap of £4,000")
    assert fee + 100 + decision.amount == 4000
    ClaimLine.objects.filter(family=family, payment_type=PTW).delete()
    # Without the referral's £100 the whole result fits.
    assert proposed(family, attached + dt.timedelta(days=200))[CE] == employment + 100
