"""A pilot's community-budget plan, in the six parts every proposal had (DCLG update note, March 2011):

1. the partnership: partner agencies and their roles (`Plan.partnership`, `Partner`);
2. the resources in the budget: partner contributions, pooled or aligned, per financial year (`Contribution`);
3. the barriers and flexibilities asked of Whitehall (`Ask`, moved along by central staff, with `AskComment`);
4. the outcomes and success measures, with readings over time (`OutcomeTheme`, `Project`, `Measure`,
   `MeasureReading`); whole-place plans group their work into outcome themes and projects;
5. the approach to families with multiple problems (`Plan.approach_to_families`);
6. the set-up plan: milestones with due dates, owner and status (`Milestone`; overdue when not done by the due date).

The rows are the live draft that member councils edit. Publishing (programme.actions.publish_plan) freezes the
whole plan into a `PlanVersion` snapshot, so every published version stays readable and comparable.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from simple_history.models import HistoricalRecords

from programme.models.pilots import Pilot

FINANCIAL_YEAR_FORMAT = Q(financial_year__regex=r"^[0-9]{4}/[0-9]{2}$")


class PlanQuerySet(models.QuerySet):
    def for_pilot(self, pilot: Pilot) -> "Plan":
        plan, _ = self.get_or_create(pilot=pilot)
        return plan


class Plan(models.Model):
    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="plan")
    partnership = models.TextField("who the partnership is", blank=True)
    approach_to_families = models.TextField("approach to families with multiple problems", blank=True)
    steering_body = models.CharField(
        "ward committee or resident body",
        max_length=200,
        blank=True,
        help_text="Neighbourhood pilots: the body of residents or councillors that steers the budget.",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Plan of {self.pilot.name}"

    def latest_version(self) -> "PlanVersion | None":
        return self.versions.order_by("-number").first()


class Partner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="partners")
    agency = models.CharField("partner agency", max_length=200)
    role = models.CharField("role in the partnership", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="partner_once_per_plan")]

    def __str__(self) -> str:
        return self.agency


class ContributionQuerySet(models.QuerySet):
    def totals(self) -> dict:
        """Total, pooled and aligned sums in whole pounds."""
        sums = self.aggregate(
            total=Sum("amount", default=0),
            pooled=Sum("amount", filter=Q(kind=Contribution.Kind.POOLED), default=0),
            aligned=Sum("amount", filter=Q(kind=Contribution.Kind.ALIGNED), default=0),
        )
        return sums

    def by_year(self) -> list[dict]:
        return list(self.values("financial_year").annotate(total=Sum("amount")).order_by("financial_year"))


class Contribution(models.Model):
    class Kind(models.TextChoices):
        POOLED = "pooled", "Pooled"
        ALIGNED = "aligned", "Aligned"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="contributions")
    agency = models.CharField("partner agency", max_length=200)
    kind = models.CharField("pooled or aligned", max_length=10, choices=Kind.choices)
    financial_year = models.CharField(max_length=7, help_text="For example 2012/13.")
    # Whole-place budgets run to billions (Cheshire West: £3bn-£4bn), past a 32-bit integer.
    amount = models.PositiveBigIntegerField("amount (£)")

    objects = ContributionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["financial_year", "agency"]
        constraints = [
            models.CheckConstraint(condition=FINANCIAL_YEAR_FORMAT, name="contribution_financial_year_format"),
            models.UniqueConstraint(
                fields=["plan", "agency", "kind", "financial_year"], name="contribution_once_per_agency_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.financial_year}: £{self.amount:,} {self.get_kind_display().lower()}"


class Department(models.TextChoices):
    DCLG = "dclg", "Communities and Local Government"
    DFE = "dfe", "Education"
    DWP = "dwp", "Work and Pensions"
    DH = "dh", "Health"
    HOME_OFFICE = "home_office", "Home Office"
    MOJ = "moj", "Justice"
    TREASURY = "treasury", "HM Treasury"
    CABINET_OFFICE = "cabinet_office", "Cabinet Office"
    BIS = "bis", "Business, Innovation and Skills"
    OTHER = "other", "Other"


class AskQuerySet(models.QuerySet):
    def open(self) -> "AskQuerySet":
        return self.filter(status__in=[Ask.Status.RAISED, Ask.Status.IN_DISCUSSION])

    def of_pilots(self, pilots) -> "AskQuerySet":
        return self.filter(plan__pilot__in=pilots)


class Ask(models.Model):
    """A barrier a pilot asks Whitehall to lift: raised, then in discussion, then agreed or declined."""

    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        IN_DISCUSSION = "in_discussion", "In discussion"
        AGREED = "agreed", "Agreed"
        DECLINED = "declined", "Declined"

    CLOSED = (Status.AGREED, Status.DECLINED)

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="asks")
    department = models.CharField(max_length=20, choices=Department.choices)
    request = models.TextField("what is asked", help_text="The rule, system or practice the area asks to change.")
    reason = models.TextField("why it is asked", blank=True)
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.RAISED)
    raised_on = models.DateField()
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_on = models.DateField(null=True, blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)

    objects = AskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["raised_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["agreed", "declined"], resolved_on__isnull=False)
                | Q(status__in=["raised", "in_discussion"], resolved_on__isnull=True),
                name="ask_resolved_when_closed",
                violation_error_message="An agreed or declined ask has a resolution date; an open one has none.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_department_display()}: {self.request[:60]}"


class AskComment(models.Model):
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    status_from = models.CharField(max_length=15, choices=Ask.Status.choices, blank=True)
    status_to = models.CharField(max_length=15, choices=Ask.Status.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.created_at:%d %b %Y}"


class OutcomeTheme(models.Model):
    """Whole-place plans group their work into outcome themes (Cheshire West: five, one of them "best start in
    life"), each holding projects."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="theme_once_per_plan")]

    def __str__(self) -> str:
        return self.name


class Project(models.Model):
    theme = models.ForeignKey(OutcomeTheme, on_delete=models.CASCADE, related_name="projects")
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["theme", "name"], name="project_once_per_theme")]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """A success measure: where it started (baseline), where the plan means it to be (target) and by when."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    theme = models.ForeignKey(OutcomeTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures")
    name = models.CharField("measure", max_length=200)
    unit = models.CharField(max_length=50, help_text="For example: families, %, incidents a month.")
    baseline = models.DecimalField(max_digits=12, decimal_places=2)
    target = models.DecimalField(max_digits=12, decimal_places=2)
    target_on = models.DateField("target date")

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "name"], name="measure_once_per_plan")]

    def __str__(self) -> str:
        return self.name


class MeasureReading(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="readings")
    read_on = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)
    progress_return = models.ForeignKey(
        "programme.ProgressReturn", on_delete=models.SET_NULL, null=True, blank=True, related_name="readings"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "read_on"]
        constraints = [models.UniqueConstraint(fields=["measure", "read_on"], name="reading_once_per_day")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.read_on}"


class MilestoneQuerySet(models.QuerySet):
    def overdue(self, on: date) -> "MilestoneQuerySet":
        """Not done, and the due date has passed (due today is not yet overdue)."""
        return self.exclude(status=Milestone.Status.DONE).filter(due_on__lt=on)


class Milestone(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    owner = models.CharField(max_length=200, help_text="Who answers for it: a person, post or partner agency.")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=15, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField(null=True, blank=True)

    objects = MilestoneQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "title"], name="milestone_once_per_plan"),
            models.CheckConstraint(
                condition=Q(status="done") | Q(completed_on__isnull=True),
                name="milestone_completed_only_when_done",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, on: date) -> bool:
        return self.status != self.Status.DONE and self.due_on < on


class PlanVersion(models.Model):
    """A published version of a plan: the whole plan frozen as it was when an approver published it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.CharField("what changed", max_length=300, blank=True)
    snapshot = models.JSONField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique")]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.plan}"
