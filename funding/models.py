"""The programme's money as data: payment schedules per financial year of attachment, and grants.

Amounts are whole pounds. Schedules are edited in admin, never written into code.
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


def financial_year_of(day: date) -> str:
    """The financial year (April to March) containing a day, written as `2012/13`."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


class PaymentScheduleQuerySet(models.QuerySet):
    def covering(self, day: date) -> "PaymentSchedule | None":
        return self.filter(starts_on__lte=day, ends_on__gte=day).first()


class PaymentSchedule(models.Model):
    financial_year = models.CharField(max_length=7, unique=True, help_text="For example 2012/13.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    attachment = models.PositiveIntegerField("attachment fee (£)")
    crime_asb_education = models.PositiveIntegerField("crime, ASB and education result (£)")
    continuous_employment = models.PositiveIntegerField("continuous employment result (£)")
    progress_to_work = models.PositiveIntegerField("progress to work result (£)")
    cap = models.PositiveIntegerField("most paid for one family (£)")
    employment_weeks_jsa = models.PositiveSmallIntegerField("weeks in work after Jobseeker's Allowance")
    employment_weeks_other = models.PositiveSmallIntegerField("weeks in work after other benefits")

    objects = PaymentScheduleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="schedule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(financial_year__regex=r"^[0-9]{4}/[0-9]{2}$"),
                name="schedule_financial_year_format",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment schedule {self.financial_year}"

    def amount_for(self, payment_type: str) -> int:
        return getattr(self, payment_type)


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
