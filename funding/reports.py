"""Figures computed from the cases and the claims: the quarterly progress return, the programme budget, and the
family monitoring extract (the statement of a council's money is funding/statements.py). Each runs a fixed number
of queries.
"""

import hashlib
import hmac
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from councils.calendar import (
    financial_year_label,
    financial_year_of,
    last_quarter_end,  # noqa: F401 (tests/funding reads it from here)
)
from councils.collector import cycle_collector_paused
from councils.models import Council
from families.evidence import CRITERIA, evidence_for
from families.models import Family, Person
from funding.models import (
    BudgetContribution,
    ClaimLine,
    PaymentType,
    ProgrammeBudget,
)
from funding.results import decide_council, load_council_records

# --- the quarterly progress return ------------------------------------------------------------------------------


@dataclass
class ReturnRow:
    measure: str
    count: int
    of_estimate: Decimal | None


@cycle_collector_paused()
def progress_return(council: Council, as_of: date) -> list[ReturnRow]:
    """The council's progress on a date, from its own cases: identified, attached, each result, turned around."""
    results = decide_council(load_council_records(council), as_of)
    achieved: dict[str, int] = defaultdict(int)
    for result in results:
        for payment_type in {d.payment_type for d in result.decisions if d.achieved or d.already_claimed}:
            achieved[payment_type] += 1
    # Turned around is what was claimed (funding.models.ClaimLineQuerySet.turned_around), as on every page; the
    # rows above count results achieved, claimed or not yet.
    turned_around = ClaimLine.objects.filter(council=council).turned_around_families(as_of)
    families = [r.family for r in results]
    rows = [
        ("Families identified", sum(1 for f in families if f.identified_on <= as_of)),
        ("Families worked with (attached)", sum(1 for f in families if f.attached_on and f.attached_on <= as_of)),
        ("Crime, anti-social behaviour and education result", achieved[PaymentType.CRIME_ASB_EDUCATION]),
        ("Continuous employment", achieved[PaymentType.CONTINUOUS_EMPLOYMENT]),
        ("Progress to work", achieved[PaymentType.PROGRESS_TO_WORK]),
        ("Turned around", turned_around),
    ]
    estimate = council.troubled_families_estimate
    return [ReturnRow(measure, count, _percent(count, estimate) if estimate else None) for measure, count in rows]


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the programme budget ---------------------------------------------------------------------------------------


@dataclass
class BudgetYear:
    financial_year: str
    contributions: list[BudgetContribution]
    attachment_paid: int
    results_paid: int

    @property
    def contributed(self) -> int:
        return sum(c.amount for c in self.contributions)

    @property
    def paid(self) -> int:
        return self.attachment_paid + self.results_paid


def budget_years(budget: ProgrammeBudget | None) -> list[BudgetYear]:
    """Each year of the budget: what departments contributed (entered by an admin) against what was paid, by the
    financial year of payment; lines rejected after payment count as paid here and recovered in the statements."""
    contributions: dict[str, list[BudgetContribution]] = defaultdict(list)
    for contribution in BudgetContribution.objects.all():
        contributions[contribution.financial_year].append(contribution)
    paid: dict[tuple[str, bool], int] = defaultdict(int)
    lines = (
        ClaimLine.objects.filter(paid_at__isnull=False)
        .values_list("paid_at__date", "payment_type")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for paid_on, payment_type, total in lines:
        paid[(financial_year_of(paid_on), payment_type == PaymentType.ATTACHMENT)] += total
    years = set(contributions) | {year for year, _ in paid}
    if budget:
        start, end = int(budget.first_year[:4]), int(budget.last_year[:4])
        years |= {financial_year_label(y) for y in range(start, end + 1)}
    return [
        BudgetYear(year, contributions.get(year, []), paid[(year, True)], paid[(year, False)]) for year in sorted(years)
    ]


# --- the family monitoring extract -------------------------------------------------------------------------------

MONITORING_SHARE = Decimal("0.10")
MONITORING_HEADER = [
    "pseudonymous_reference",
    "council_gss_code",
    "attached_financial_year",
    "crime_asb",
    "education",
    "work",
    "local_discretion",
    "adults",
    "children",
    "attachment_claimed",
    "crime_asb_education_claimed",
    "continuous_employment_claimed",
    "progress_to_work_claimed",
    # What the records held say of each criterion on the day of identification (families/evidence.py):
    # supported, not_supported, cannot_say, or not_met (the family was not identified on it).
    "crime_asb_evidence",
    "education_evidence",
    "work_evidence",
    "local_discretion_evidence",
]


def pseudonym(family_id: int) -> str:
    """A stable reference for a family that cannot be turned back into it without the service's secret."""
    key = getattr(settings, "FAMILY_MONITORING_KEY", "") or settings.SECRET_KEY
    message = f"family-monitoring:{family_id}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()[:20]


def monitoring_extract() -> list[list]:
    """At least 10% of each financial year's attached families (rounded up), chosen by their pseudonym so the
    same families are chosen every time. No name, date of birth or case reference."""
    families = list(
        Family.objects.filter(attached_on__isnull=False)
        .select_related("council")
        .only("id", "attached_on", "crime_asb", "education", "work", "local_discretion", "council__gss_code")
        .annotate(
            adults=Count("people", filter=Q(people__role=Person.Role.ADULT)),
            children=Count("people", filter=Q(people__role=Person.Role.CHILD)),
        )
    )
    by_year: dict[str, list[tuple[str, Family]]] = defaultdict(list)
    for family in families:
        by_year[financial_year_of(family.attached_on)].append((pseudonym(family.pk), family))
    chosen: list[tuple[str, str, Family]] = []
    for year, cohort in sorted(by_year.items()):
        size = math.ceil(len(cohort) * MONITORING_SHARE)
        chosen += [(year, name, family) for name, family in sorted(cohort, key=lambda pair: pair[0])[:size]]
    claimed: dict[int, set[str]] = defaultdict(set)
    ids = [family.pk for _, _, family in chosen]
    for family_id, payment_type in (
        ClaimLine.objects.not_rejected().filter(family_id__in=ids).values_list("family_id", "payment_type")
    ):
        claimed[family_id].add(payment_type)
    evidence = evidence_for(ids)
    rows = [MONITORING_HEADER]
    for year, name, family in sorted(chosen, key=lambda item: (item[0], item[1])):
        types = claimed[family.pk]
        states = [evidence[family.pk].state_of(criterion) for criterion, _ in CRITERIA]
        rows.append(
            [
                name,
                family.council.gss_code,
                year,
                _yes(family.crime_asb),
                _yes(family.education),
                _yes(family.work),
                _yes(bool(family.local_discretion)),
                family.adults,
                family.children,
                *(
                    _yes(t in types)
                    for t in (
                        PaymentType.ATTACHMENT,
                        PaymentType.CRIME_ASB_EDUCATION,
                        PaymentType.CONTINUOUS_EMPLOYMENT,
                        PaymentType.PROGRESS_TO_WORK,
                    )
                ),
                *states,
            ]
        )
    return rows


def _yes(value: bool) -> str:
    return "yes" if value else "no"
