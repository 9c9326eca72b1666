"""Demo money around the claims, for `seed_demo`: grant payments to named recipients and the departments'
contributions to the £448m. All made up for the demo and marked so: the published record gives neither the hubs'
names for every year nor the split of the budget between departments. Idempotent."""

from datetime import date

from councils.models import Council
from funding.models import BudgetContribution, Grant, GrantPayment

DEMO_SOURCE = "Demo figures: made up for the demonstration, not the published split"

# The £448m over three years, and each department's share of every year (per mille; they add up to 1,000).
YEARS = [("2012/13", 112_000_000), ("2013/14", 160_000_000), ("2014/15", 176_000_000)]
SHARES = [
    ("Department for Communities and Local Government", 600),
    ("Department for Education", 150),
    ("Department for Work and Pensions", 100),
    ("Home Office", 60),
    ("Ministry of Justice", 50),
    ("Department of Health", 40),
]

# Dissemination hubs and second-phase areas paid in the demo (GSS codes of councils in the roster).
HUB_COUNCILS = ["E08000025", "E09000019", "E06000050"]
SUPPLEMENT_COUNCILS = ["E06000050", "E08000021"]


def seed(stdout) -> None:
    for year, total in YEARS:
        given = 0
        for index, (department, share) in enumerate(SHARES):
            amount = total - given if index == len(SHARES) - 1 else total * share // 1000
            given += amount
            BudgetContribution.objects.get_or_create(
                department=department,
                financial_year=year,
                defaults={"amount": amount, "source": DEMO_SOURCE},
            )
    councils = {c.gss_code: c for c in Council.objects.filter(gss_code__in=HUB_COUNCILS + SUPPLEMENT_COUNCILS)}
    made = 0
    for grant in Grant.objects.all():
        codes = HUB_COUNCILS if grant.scheme == Grant.Scheme.DISSEMINATION_HUB else SUPPLEMENT_COUNCILS
        start = int(grant.financial_year[:4])
        for code in codes:
            if code in councils and not GrantPayment.objects.filter(grant=grant, council=councils[code]).exists():
                GrantPayment.objects.create(
                    grant=grant, council=councils[code], paid_on=date(start, 10, 1), amount=grant.amount
                )
                made += 1
    stdout.write(f"Funding demo: departments' contributions (demo figures) and {made} grant payments")
