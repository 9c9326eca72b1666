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

from programme.models.pilots import Pilot
from programme.models.plans import Milestone


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
