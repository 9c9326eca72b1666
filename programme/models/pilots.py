"""The pilot roster: community-budget pilots of each phase and strand, and the councils in them.

First phase (from April 2011): 16 areas over 28 councils, all on families with multiple problems.
Second phase (announced 21 December 2011): 4 whole-place and 10 neighbourhood pilots.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.models import Council


class PilotQuerySet(models.QuerySet):
    def with_members(self) -> "PilotQuerySet":
        return self.prefetch_related(
            models.Prefetch("memberships", queryset=Membership.objects.select_related("council"))
        )

    def of_council(self, council: Council) -> "PilotQuerySet":
        return self.filter(councils=council)


class Pilot(models.Model):
    class Phase(models.TextChoices):
        FIRST = "first", "First phase (2011)"
        SECOND = "second", "Second phase (2012)"

    class Strand(models.TextChoices):
        FAMILIES = "families", "Families with multiple problems"
        WHOLE_PLACE = "whole_place", "Whole place"
        NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"

    class Status(models.TextChoices):
        ANNOUNCED = "announced", "Announced"
        LIVE = "live", "Live"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    phase = models.CharField(max_length=10, choices=Phase.choices)
    strand = models.CharField(max_length=20, choices=Strand.choices)
    councils = models.ManyToManyField(Council, through="Membership", related_name="pilots")
    lead_body = models.CharField(
        max_length=200, blank=True, help_text="A body other than the lead council that leads the pilot."
    )
    announced_on = models.DateField(null=True, blank=True)
    started_on = models.DateField(null=True, blank=True)
    whitehall_champion = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ANNOUNCED)

    objects = PilotQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["phase", "strand", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "phase", "strand"], name="pilot_unique_per_phase_strand"),
            models.CheckConstraint(
                condition=Q(phase="first", strand="families")
                | Q(phase="second", strand__in=["whole_place", "neighbourhood"]),
                name="pilot_strand_matches_phase",
                violation_error_message="First-phase pilots work with families; second-phase pilots are "
                "whole-place or neighbourhood pilots.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_strand_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("programme:pilot", args=[self.slug])

    def has_member(self, user) -> bool:
        """Whether the user works for one of the pilot's member councils (uses prefetched memberships)."""
        return bool(user.is_authenticated and user.works_for_council) and any(
            m.council_id == user.council_id for m in self.memberships.all()
        )

    @property
    def lead_council(self) -> Council | None:
        """The lead council; uses prefetched memberships when they are there."""
        for membership in self.memberships.all():
            if membership.is_lead:
                return membership.council
        return None


class Membership(models.Model):
    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="memberships")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="memberships")
    is_lead = models.BooleanField("lead council", default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_lead", "council__name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "council"], name="membership_once_per_pilot"),
            models.UniqueConstraint(fields=["pilot"], condition=Q(is_lead=True), name="membership_one_lead_per_pilot"),
        ]

    def __str__(self) -> str:
        return f"{self.council} in {self.pilot.name}"


class Locality(models.Model):
    """A neighbourhood or ward a neighbourhood-level pilot works in (Newcastle: Cowgate, Kenton Bar, Montagu)."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="localities")
    name = models.CharField(max_length=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "localities"
        constraints = [models.UniqueConstraint(fields=["pilot", "name"], name="locality_once_per_pilot")]

    def __str__(self) -> str:
        return self.name


class PoolingArea(models.Model):
    """An area working with departments on pooling and aligning budgets in 2011 (some are groupings)."""

    name = models.CharField(max_length=100, unique=True)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, null=True, blank=True, related_name="pooling_areas")
    note = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
