"""The national picture's stored summaries: the outcomes of families against their baseline, and each council's
families turned around by claims, worked out together as at a date (programme.actions.refresh_outcomes, nightly
or on demand) so that the pages read a few rows instead of every family's records. The rules they hold are in
programme/national/outcomes.py; docs/decisions/0004-national-outcomes-summary.md says why they are stored.
"""

from django.conf import settings
from django.db import models


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
