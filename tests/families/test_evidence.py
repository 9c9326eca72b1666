"""Each identification criterion against the records held on the day of identification: the rule's boundaries
(pure, no database), then the loaders' query counts."""

import datetime as dt
from decimal import Decimal

import pytest

from families.evidence import (
    CANNOT_SAY,
    NOT_MET,
    NOT_SUPPORTED,
    SUPPORTED,
    EmploymentRow,
    IncidentRow,
    PersonRow,
    Records,
    TermRow,
    evidence_for,
    evidence_of,
    judge_evidence,
)
from families.models import Family
from tests.factories.families import (
    ChildFactory,
    EmploymentFactory,
    FamilyFactory,
    IncidentFactory,
    PersonFactory,
    SchoolTermFactory,
)

D = dt.date
IDENTIFIED = D(2012, 5, 1)
ADULT = PersonRow(1, 1, "1", "adult", D(1980, 1, 15))
CHILD = PersonRow(2, 1, "2", "child", D(1995, 5, 2))  # 17 on identification, 18 on 2 May 2013


def family(**flags) -> Family:
    values = {"crime_asb": True, "education": True, "work": True, "local_discretion": "", **flags}
    return Family(identified_on=IDENTIFIED, **values)


def finding(records: Records, criterion: str, **flags):
    evidence = judge_evidence(family(**flags), records)
    return next((f.state, f.reason) for f in evidence.findings if f.criterion == criterion)


def people(*rows, **records) -> Records:
    return Records(people=list(rows or (ADULT, CHILD)), **records)


# --- crime and anti-social behaviour ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("occurred_on", "state"),
    [
        (D(2011, 5, 1), NOT_SUPPORTED),  # the same day 12 months before: outside
        (D(2011, 5, 2), SUPPORTED),  # the first day of the 12 months
        (IDENTIFIED, SUPPORTED),  # the day of identification
        (D(2012, 5, 2), NOT_SUPPORTED),  # after identification
    ],
)
def test_asb_in_the_12_months_before_identification_supports_crime_asb(occurred_on, state):
    records = people(incidents=[IncidentRow(ADULT.pk, "asb", occurred_on)])
    assert finding(records, "crime_asb")[0] == state


def test_an_offence_counts_only_by_a_child_under_18_on_the_day():
    child_offence = people(incidents=[IncidentRow(CHILD.pk, "offence", D(2012, 5, 1))])
    assert finding(child_offence, "crime_asb") == (
        SUPPORTED,
        "1 proven offence by a child under 18 in the 12 months before identification (2 May 2011 to 1 May 2012)",
    )
    adult_offence = people(incidents=[IncidentRow(ADULT.pk, "offence", D(2012, 4, 1))])
    state, reason = finding(adult_offence, "crime_asb")
    assert state == NOT_SUPPORTED and "from 2 May 2011 to 1 May 2012" in reason


def test_the_12_months_before_29_february():
    records = people(incidents=[IncidentRow(ADULT.pk, "asb", D(2011, 3, 1))])
    evidence = judge_evidence(Family(identified_on=D(2012, 2, 29), crime_asb=True), records)
    assert evidence.findings[0].state == SUPPORTED  # 12 months before 29 February 2012 is 28 February 2011
    records = people(incidents=[IncidentRow(ADULT.pk, "asb", D(2011, 2, 28))])
    evidence = judge_evidence(Family(identified_on=D(2012, 2, 29), crime_asb=True), records)
    assert evidence.findings[0].state == NOT_SUPPORTED


def test_with_no_household_recorded_the_records_cannot_say():
    evidence = judge_evidence(family(local_discretion="Domestic violence"), Records())
    assert [f.state for f in evidence.findings] == [CANNOT_SAY] * 4
    assert not evidence.has_gaps


# --- education --------------------------------------------------------------------------------------------------


LAST_TERM_END = D(2012, 4, 27)


def terms(*values, child=CHILD, last_end=LAST_TERM_END, gap_days=14):
    """Terms of about 13 weeks each, the last ending on `last_end`; values are (absence %, fixed, permanent)."""
    rows, end = [], last_end
    for absence, fixed, permanent in reversed(values):
        start = end - dt.timedelta(days=90)
        rows.insert(0, TermRow(child.pk, start, end, Decimal(absence), fixed, permanent))
        end = start - dt.timedelta(days=gap_days)
    return rows


@pytest.mark.parametrize(
    ("values", "state", "shown"),
    [
        ((("15", 0, False),) * 3, SUPPORTED, "mean unauthorised absence 15.00%"),
        ((("14.99", 0, False), ("15", 0, False), ("15", 0, False)), NOT_SUPPORTED, "mean unauthorised absence 14.99%"),
        ((("0", 1, False), ("0", 1, False), ("0", 1, False)), SUPPORTED, "3 fixed-term exclusions"),
        ((("0", 1, False), ("0", 0, False), ("0", 1, False)), NOT_SUPPORTED, "2 fixed-term exclusions"),
        ((("0", 0, True),), SUPPORTED, "permanently excluded"),
        ((("40", 0, False), ("40", 0, False)), NOT_SUPPORTED, "(2 terms to 27 April 2012)"),  # absence needs 3
        ((("0", 3, False),), SUPPORTED, "3 fixed-term exclusions (1 term to 27 April 2012)"),
    ],
)
def test_a_childs_last_three_terms_before_identification(values, state, shown):
    result = finding(people(terms=terms(*values)), "education")
    assert result[0] == state and shown in result[1]


def test_a_mean_just_below_15_percent_never_prints_as_15():
    values = (("14.99", 0, False), ("14.99", 0, False), ("15.01", 0, False))  # mean 14.9966...
    state, reason = finding(people(terms=terms(*values)), "education")
    assert state == NOT_SUPPORTED and "14.99%" in reason and "15.00%" not in reason


def test_terms_after_identification_and_before_a_gap_do_not_count():
    after = [TermRow(CHILD.pk, D(2012, 4, 16), D(2012, 7, 20), Decimal(50), 0, False)]  # ends after identification
    assert finding(people(terms=after), "education")[0] == CANNOT_SAY
    # Two high-absence terms, a missing term (a gap of more than 60 days), then one low term: only the last counts.
    run = terms(("50", 0, False), ("50", 0, False), ("50", 0, False), last_end=D(2011, 7, 20))
    run.append(TermRow(CHILD.pk, D(2012, 1, 4), D(2012, 4, 27), Decimal(0), 0, False))
    assert finding(people(terms=run), "education")[0] == NOT_SUPPORTED


def test_with_no_school_terms_before_identification_the_records_cannot_say():
    state, reason = finding(people(), "education")
    assert state == CANNOT_SAY and "pupil referral unit" in reason


# --- work, local discretion, criteria not met --------------------------------------------------------------------


def test_work_after_identification_shows_the_adult_was_on_benefits():
    job = EmploymentRow(ADULT.pk, "jsa", IDENTIFIED, None)
    assert finding(people(employments=[job]), "work") == (
        SUPPORTED,
        "adult 1 left Jobseeker's Allowance for work on 1 May 2012, after identification",
    )


def test_every_adult_in_work_on_the_day_does_not_support_work():
    in_work = EmploymentRow(ADULT.pk, "esa", D(2012, 4, 30), D(2012, 5, 1))  # last day in work: identification day
    assert finding(people(employments=[in_work]), "work")[0] == NOT_SUPPORTED
    ended = EmploymentRow(ADULT.pk, "esa", D(2012, 1, 1), D(2012, 4, 30))  # ended the day before
    state, reason = finding(people(employments=[ended]), "work")
    assert state == CANNOT_SAY and reason.startswith("No record can speak to this")
    other_adult = PersonRow(3, 1, "3", "adult", D(1982, 1, 1))
    assert finding(people(ADULT, other_adult, employments=[in_work]), "work")[0] == CANNOT_SAY


def test_a_local_factor_is_the_councils_judgement_and_unmet_criteria_are_not_checked():
    records = people(incidents=[IncidentRow(ADULT.pk, "asb", D(2012, 1, 1))])
    evidence = judge_evidence(family(education=False, work=False, local_discretion="Domestic violence"), records)
    assert [f.state for f in evidence.findings] == [SUPPORTED, NOT_MET, NOT_MET, CANNOT_SAY]
    assert not evidence.has_gaps


# --- loading ----------------------------------------------------------------------------------------------------


def _family_with_records(council, reference: str) -> Family:
    made = FamilyFactory(council=council, reference=reference, identified_on=IDENTIFIED)
    adult = PersonFactory(family=made)
    child = ChildFactory(family=made, date_of_birth=D(2001, 1, 1))
    IncidentFactory(person=adult, occurred_on=D(2012, 1, 10))
    SchoolTermFactory(person=child, term_start=D(2012, 1, 4), term_end=D(2012, 4, 27), unauthorised_absence_pct=5)
    EmploymentFactory(person=adult, started_on=D(2012, 9, 3))
    return made


def test_one_familys_evidence_takes_four_queries(council, django_assert_num_queries):
    made = _family_with_records(council, "EV-1")
    with django_assert_num_queries(4):
        evidence = evidence_of(made)
    assert [f.state for f in evidence.findings] == [SUPPORTED, NOT_SUPPORTED, SUPPORTED, NOT_MET]
    assert evidence.has_gaps and [f.criterion for f in evidence.unsupported] == ["education"]


def test_many_families_evidence_takes_five_queries(council, django_assert_num_queries):
    made = [_family_with_records(council, f"EV-{i}") for i in range(12)]
    made[0].identification_evidence = "School's attendance officer's report, 20 April 2012"
    made[0].save()
    with django_assert_num_queries(5):
        evidence = evidence_for(f.pk for f in made)
    assert len(evidence) == 12 and all(e.has_gaps for e in evidence.values())
    assert evidence[made[0].pk].relied_on.startswith("School's attendance officer")
