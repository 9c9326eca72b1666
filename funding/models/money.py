"""The programme's other money, entered by admins from published sources: grants and their payments, the
departments' contributions to the budget, and the programme's whole budget. Amounts are whole pounds."""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from councils.models import Council


class Grant(models.Model):
    class Scheme(models.TextChoices):
        SECOND_PHASE_SUPPLEMENT = (
            "second_phase_supplement",
            "Second-phase supplement to the early intervention grant",
        )
        DISSEMINATION_HUB = "dissemination_hub", "Dissemination hub"

    scheme = models.CharField(max_length=30, choices=Scheme.choices)
    recipient = models.CharField(max_length=200)
    financial_year = models.CharField(max_length=7)
    amount = models.PositiveIntegerField("amount (£)")
    note = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "scheme"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "recipient", "financial_year"], name="grant_once_per_scheme_recipient_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.financial_year}: £{self.amount:,}"


class BudgetContribution(models.Model):
    """A department's contribution to the Troubled Families budget in a financial year.

    The split between departments is not in the published data: an admin enters each row from the source."""

    department = models.CharField(max_length=200)
    financial_year = models.CharField(max_length=7)
    amount = models.PositiveIntegerField("amount (£)")
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "department"]
        constraints = [
            models.UniqueConstraint(fields=["department", "financial_year"], name="budget_contribution_once"),
            models.CheckConstraint(
                condition=Q(financial_year__regex=r"^[0-9]{4}/[0-9]{2}$"), name="budget_contribution_year_format"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.department} {self.financial_year}: £{self.amount:,}"


class ProgrammeBudget(models.Model):
    """The programme's whole budget (Troubled Families: £448m over three years, 2012/13 to 2014/15)."""

    name = models.CharField(max_length=200, unique=True)
    total = models.PositiveBigIntegerField("total (£)")
    first_year = models.CharField(max_length=7)
    last_year = models.CharField(max_length=7)
    source = models.CharField(max_length=300, blank=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.name}: £{self.total:,}"


class GrantPayment(models.Model):
    """A payment of a grant to a recipient (a dissemination hub, a second-phase area), entered by an admin."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="payments")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    recipient = models.CharField(max_length=200, help_text="The body paid, when it is not a council.", blank=True)
    paid_on = models.DateField()
    amount = models.PositiveIntegerField("amount (£)")

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "paid_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(council__isnull=False) | ~Q(recipient=""), name="grant_payment_names_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_name}: £{self.amount:,} on {self.paid_on}"

    @property
    def recipient_name(self) -> str:
        return self.council.name if self.council_id else self.recipient
