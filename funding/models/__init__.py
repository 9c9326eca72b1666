"""The funding app's models, one module per idea; every model is importable from here (`from funding.models
import Claim`), as Django and the rest of the code expect.

- schedules: payment schedules per financial year of attachment
- claims: claim windows, claims and their lines, spot checks, recoveries, the claim's timeline
- money: grants, budget contributions and the programme's budget
"""

from funding.models.claims import (
    TURNED_AROUND,
    Claim,
    ClaimableFigure,
    ClaimEvent,
    ClaimLine,
    ClaimLineQuerySet,
    ClaimQuerySet,
    ClaimWindow,
    ClaimWindowQuerySet,
    PaymentType,
    Recovery,
    SpotCheck,
    turned_around_params,
    turned_around_sql,
)
from funding.models.money import BudgetContribution, Grant, GrantPayment, ProgrammeBudget
from funding.models.schedules import PaymentSchedule, PaymentScheduleQuerySet

__all__ = [
    "TURNED_AROUND",
    "BudgetContribution",
    "Claim",
    "ClaimEvent",
    "ClaimLine",
    "ClaimLineQuerySet",
    "ClaimQuerySet",
    "ClaimWindow",
    "ClaimWindowQuerySet",
    "ClaimableFigure",
    "Grant",
    "GrantPayment",
    "PaymentSchedule",
    "PaymentScheduleQuerySet",
    "PaymentType",
    "ProgrammeBudget",
    "Recovery",
    "SpotCheck",
    "turned_around_params",
    "turned_around_sql",
]
