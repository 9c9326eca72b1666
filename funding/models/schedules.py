"""Payment schedules: per financial year of attachment, the attachment fee, the amount of each result and the cap.

Amounts are whole pounds. Schedules are edited in admin, never written into code. No single payment of a
schedule is more than its cap (a family's total never passes the cap), and once a claim past draft (or returned
to its council) has lines of a schedule's year, the schedule is fixed: the claims were worked out, signed off and
paid with it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from simple_history.models import HistoricalRecords

from councils.formats import pounds


class PaymentScheduleQuerySet(models.QuerySet):
    def with_is_used(self) -> "PaymentScheduleQuerySet":
        """Each schedule with `is_used_by_claims`: a claim past draft has lines of its year (one query). A claim
        returned to its council counts too: it was signed off and reviewed with these amounts."""
        from funding.models.claims import Claim, ClaimLine  # claims read schedules' years; not the other way

        used = ClaimLine.objects.filter(financial_year=OuterRef("financial_year")).exclude(
            claim__status=Claim.Status.DRAFT, claim__returned_at__isnull=True
        )
        return self.annotate(is_used_by_claims=Exists(used))


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

    PAYMENTS = ("attachment", "crime_asb_education", "continuous_employment", "progress_to_work")

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="schedule_ends_after_start"),
            models.CheckConstraint(
                condition=Q(financial_year__regex=r"^[0-9]{4}/[0-9]{2}$"),
                name="schedule_financial_year_format",
            ),
            models.CheckConstraint(
                condition=Q(attachment__lte=F("cap"))
                & Q(crime_asb_education__lte=F("cap"))
                & Q(continuous_employment__lte=F("cap"))
                & Q(progress_to_work__lte=F("cap")),
                name="schedule_payments_within_cap",
                violation_error_message="No payment can be more than the cap: a family is never paid more than it.",
            ),
        ]

    def __str__(self) -> str:
        return f"Payment schedule {self.financial_year}"

    def save(self, *args, **kwargs) -> None:
        self._refuse_change_once_used()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_used():
            raise ValidationError(f"Claims have been submitted with the {self.financial_year} schedule: it is kept.")
        return super().delete(*args, **kwargs)

    def is_used(self) -> bool:
        """Whether a claim past draft has lines of this schedule's year (as stored, whatever is being edited)."""
        if self.pk is None:
            return False
        return PaymentSchedule.objects.with_is_used().filter(pk=self.pk, is_used_by_claims=True).exists()

    def _changed_fields(self) -> list[str]:
        names = [field.attname for field in self._meta.concrete_fields if not field.primary_key]
        stored = PaymentSchedule.objects.filter(pk=self.pk).values(*names).first() if self.pk else None
        return [name for name in names if stored is not None and stored[name] != getattr(self, name)]

    def _refuse_change_once_used(self) -> None:
        if self._changed_fields() and self.is_used():
            raise ValidationError(
                f"Claims have been submitted with the {self.financial_year} schedule, so it cannot be changed: "
                "their amounts were worked out with it."
            )

    def clean(self) -> None:
        errors = {}
        if self.cap is not None:
            for name in self.PAYMENTS:
                amount = getattr(self, name)
                if amount is not None and amount > self.cap:
                    label = self._meta.get_field(name).verbose_name.removesuffix(" (£)")
                    errors[name] = (
                        f"The {label} ({pounds(amount)}) cannot be more than the cap ({pounds(self.cap)}): "
                        "a family is never paid more than the cap."
                    )
        if errors:
            raise ValidationError(errors)
        self._refuse_change_once_used()

    def amount_for(self, payment_type: str) -> int:
        return getattr(self, payment_type)
