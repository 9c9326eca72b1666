"""Quarterly progress returns: each live pilot reports, for every reporting quarter, a RAG rating with a narrative,
milestone updates and measure readings. A pilot's approver submits; central staff review and comment.

Reporting quarters are data (financial-year quarters with their due dates, edited in admin). Our reading: a
return is due by the last day of the month after its quarter ends. A return submitted after its due date is late;
one not submitted once the due date has passed is missing. Both are "late" on the national picture.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from programme.models import Pilot
from programme.models_plan import Milestone


class ReportingQuarterQuerySet(models.QuerySet):
    def due_by(self, on: date) -> "ReportingQuarterQuerySet":
        """Quarters whose return was due before `on` (due today is not yet late)."""
        return self.filter(due_on__lt=on)

    def last_end(self) -> date | None:
        return self.aggregate(end=models.Max("ends_on"))["end"]


class ReportingQuarter(models.Model):
    label = models.CharField(max_length=20, unique=True, help_text="For example 2012/13 Q1.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    due_on = models.DateField("return due by")

    objects = ReportingQuarterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="quarter_ends_after_start"),
            models.CheckConstraint(condition=Q(due_on__gte=F("ends_on")), name="quarter_due_after_end"),
        ]

    def __str__(self) -> str:
        return self.label

    def expects_return_from(self, pilot: Pilot) -> bool:
        """A live pilot returns for every quarter that ends after it started."""
        return pilot.started_on is not None and self.ends_on >= pilot.started_on


class ProgressReturnQuerySet(models.QuerySet):
    def latest_per_pilot(self) -> dict[int, "ProgressReturn"]:
        """Each pilot's latest return, by pilot id (one query; a pilot has at most a few dozen returns)."""
        latest: dict[int, ProgressReturn] = {}
        for progress_return in self.select_related("quarter").order_by("pilot_id", "-quarter__starts_on"):
            latest.setdefault(progress_return.pilot_id, progress_return)
        return latest


class ProgressReturn(models.Model):
    class Rag(models.TextChoices):
        RED = "red", "Red"
        AMBER = "amber", "Amber"
        GREEN = "green", "Green"

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="returns")
    quarter = models.ForeignKey(ReportingQuarter, on_delete=models.PROTECT, related_name="returns")
    rag = models.CharField("RAG rating", max_length=5, choices=Rag.choices)
    narrative = models.TextField(help_text="Progress against the plan this quarter, and what stands in the way.")
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProgressReturnQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["pilot", "-quarter__starts_on"]
        constraints = [models.UniqueConstraint(fields=["pilot", "quarter"], name="return_once_per_quarter")]

    def __str__(self) -> str:
        return f"{self.pilot.name}: {self.quarter}"

    @property
    def is_late(self) -> bool:
        return self.submitted_at.date() > self.quarter.due_on


class MilestoneUpdate(models.Model):
    progress_return = models.ForeignKey(ProgressReturn, on_delete=models.CASCADE, related_name="milestone_updates")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(max_length=15, choices=Milestone.Status.choices)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["milestone__due_on"]
        constraints = [
            models.UniqueConstraint(fields=["progress_return", "milestone"], name="milestone_update_once_per_return")
        ]

    def __str__(self) -> str:
        return f"{self.milestone}: {self.get_status_display()}"


class ReturnComment(models.Model):
    progress_return = models.ForeignKey(ProgressReturn, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author}"


class OutcomeSummary(models.Model):
    """The outcomes of families against their baseline, as at a date, worked out from every family's records by
    programme.actions.refresh_outcomes (nightly, or on demand from the national picture). Reading the records of
    120,000 families takes seconds; reading this summary takes milliseconds, so the national picture reads this."""

    as_of = models.DateField(unique=True)
    computed_at = models.DateTimeField()
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    seconds = models.FloatField("time taken (seconds)", default=0)

    class Meta:
        ordering = ["-computed_at"]
        verbose_name_plural = "outcome summaries"

    def __str__(self) -> str:
        return f"Outcomes as at {self.as_of}"


class OutcomeSummaryRow(models.Model):
    """One council's cohort: attached families, or identified families not attached (the naive comparison)."""

    summary = models.ForeignKey(OutcomeSummary, on_delete=models.CASCADE, related_name="rows")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    attached = models.BooleanField()
    cohort = models.PositiveSmallIntegerField(help_text="The first year of the financial year: 2012 for 2012/13.")
    families = models.PositiveIntegerField()
    adults = models.PositiveIntegerField()
    asb_before = models.PositiveIntegerField()
    asb_after = models.PositiveIntegerField()
    offences_before = models.PositiveIntegerField()
    offences_after = models.PositiveIntegerField()
    absence_before = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    absence_after = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    exclusions_before = models.PositiveIntegerField()
    exclusions_after = models.PositiveIntegerField()
    in_work_before = models.PositiveIntegerField()
    in_work_after = models.PositiveIntegerField()
    turned_around = models.PositiveIntegerField(
        "turned around by claims", default=0, help_text="Families with a not-rejected result claimed for them."
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["summary", "council", "attached", "cohort"], name="outcome_row_once"),
        ]

    def __str__(self) -> str:
        return f"{self.council_id} {self.cohort} {'attached' if self.attached else 'not attached'}"


class CouncilSummaryRow(models.Model):
    """A council's families turned around by claims (families with a not-rejected crime_asb_education or
    continuous_employment line), counted with the outcome summary: claims arrive in windows, not by the minute,
    and counting them across the programme's claim lines on every page view was the national picture's slowest
    query."""

    summary = models.ForeignKey(OutcomeSummary, on_delete=models.CASCADE, related_name="council_rows")
    council = models.ForeignKey("councils.Council", on_delete=models.CASCADE, related_name="+")
    turned_around = models.PositiveIntegerField("turned around by claims")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["summary", "council"], name="council_summary_row_once")]

    def __str__(self) -> str:
        return f"{self.council_id}: {self.turned_around}"
