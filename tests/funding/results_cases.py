"""What the results tests share: the payment types' short names and how a family's decisions are read."""

import datetime as dt

from funding.models import PaymentType
from funding.results import decide_council, load_council_records
from tests.factories.families import FamilyFactory, IncidentFactory, PersonFactory, SchoolTermFactory

D = dt.date
ATT = PaymentType.ATTACHMENT
CAE = PaymentType.CRIME_ASB_EDUCATION
CE = PaymentType.CONTINUOUS_EMPLOYMENT
PTW = PaymentType.PROGRESS_TO_WORK


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
