"""Claims and what they hold: claim windows, claims, their lines (one payment for one family each), spot checks,
recoveries, the claim's timeline, and the figure of what a council could claim now.

The payment types are a contract (DESIGN.md). The database holds the rules that must never break: a payment
type claimed at most once per family (rejected and removed lines aside), a line's family of the claim's council
(migration 0003), amounts not negative, and who did each step of a claim past draft.
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.calendar import financial_year_of
from councils.formats import long_date
from councils.models import Council, CouncilScopedQuerySet, User


class PaymentType(models.TextChoices):
    """The four payments of the Troubled Families programme (a contract: scripts and checks use these values).

    Listed in the order lines are proposed, which is also the order the cap reduces them in."""

    ATTACHMENT = "attachment", "Attachment fee"
    CRIME_ASB_EDUCATION = "crime_asb_education", "Crime, ASB and education"
    PROGRESS_TO_WORK = "progress_to_work", "Progress to work"
    CONTINUOUS_EMPLOYMENT = "continuous_employment", "Continuous employment"


# The results whose claim turns a family around (ClaimLineQuerySet.turned_around).
TURNED_AROUND = (PaymentType.CRIME_ASB_EDUCATION, PaymentType.CONTINUOUS_EMPLOYMENT)


def turned_around_sql(line: str, claim: str) -> str:
    """`ClaimLineQuerySet.turned_around` as a SQL condition on a claim line aliased `line` joined to its claim
    aliased `claim`, for hand-written statements. Its parameters are `turned_around_params(on)`."""
    return (
        f"{line}.status = ANY(%(ta_counting)s) AND {line}.payment_type = ANY(%(ta_types)s)"
        f" AND {claim}.results_on <= %(ta_on)s"
    )


def turned_around_params(on: date) -> dict:
    return {
        "ta_counting": [str(s) for s in ClaimLine.COUNTING],
        "ta_types": [str(t) for t in TURNED_AROUND],
        "ta_on": on,
    }


class ClaimWindowQuerySet(models.QuerySet):
    def open_on(self, day: date) -> "ClaimWindowQuerySet":
        return self.filter(opens_on__lte=day, closes_on__gte=day)

    def next_after(self, day: date) -> "ClaimWindow | None":
        return self.filter(opens_on__gt=day).order_by("opens_on").first()


class ClaimWindow(models.Model):
    """A period in which councils submit claims, opened and closed by central staff.

    A claim submitted outside every window waits, and joins the next window when it opens."""

    opens_on = models.DateField()
    closes_on = models.DateField()
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimWindowQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_on"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_on__gte=F("opens_on")), name="claim_window_closes_after_open"),
        ]

    def __str__(self) -> str:
        return f"Claim window {long_date(self.opens_on)} to {long_date(self.closes_on)}"


class ClaimQuerySet(CouncilScopedQuerySet):
    def awaiting_review(self, today: date) -> "ClaimQuerySet":
        """Submitted claims whose window has opened: central staff's review queue."""
        return self.filter(status=Claim.Status.SUBMITTED, window__opens_on__lte=today)

    def returned_to_council(self) -> "ClaimQuerySet":
        """Claims central staff returned that the council has not resubmitted yet: drafts again, to correct."""
        return self.filter(status=Claim.Status.DRAFT, returned_at__isnull=False)


class Claim(models.Model):
    """A council's claim for the payments its families have earned by a date.

    draft (prepared by an officer) -> submitted (signed off by an approver who did not prepare it)
    -> approved (by central staff, after reviewing each line and the spot checks) -> paid.
    Central staff may return a claim in review to the council (a draft again, `returned_*` saying the latest
    return); the council corrects it and submits it again (funding.actions.return_claim)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        PAID = "paid", "Paid"

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="claims")
    results_on = models.DateField("results as of", help_text="The date the families' results are judged on.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    window = models.ForeignKey(ClaimWindow, on_delete=models.PROTECT, null=True, blank=True, related_name="claims")

    prepared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    internal_audit_sign_off = models.CharField(
        "internal audit sign-off", max_length=200, blank=True, help_text="Who signed off for internal audit."
    )
    coordinator_sign_off = models.CharField("troubled families coordinator sign-off", max_length=200, blank=True)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    paid_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=60, blank=True)
    amount_paid = models.PositiveIntegerField("amount paid (£)", null=True, blank=True)
    amount_recovered = models.PositiveIntegerField("recovered from this payment (£)", default=0)
    # The latest return to the council, shown to it on the claim; earlier returns are in the timeline.
    returned_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.CharField("why it was returned", max_length=500, blank=True)

    # The spot-check sample is drawn from a recorded seed, so anyone can draw it again and get the same lines.
    sample_seed = models.BigIntegerField(null=True, blank=True)
    sample_rate = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    sample_weight = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    objects = ClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-results_on", "-pk"]
        constraints = [
            # The target of the composite foreign key that keeps a line's council equal to its claim's.
            models.UniqueConstraint(fields=["id", "council"], name="claim_id_council_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_by__isnull=False, submitted_at__isnull=False),
                name="claim_submitted_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "paid"]) | Q(approved_by__isnull=False),
                name="claim_approved_has_who",
            ),
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True) | (Q(returned_by__isnull=False) & ~Q(return_reason="")),
                name="claim_returned_has_who_and_why",
                violation_error_message="Say why the claim is returned to the council.",
            ),
            models.CheckConstraint(
                condition=~Q(status="paid") | Q(paid_by__isnull=False, paid_at__isnull=False),
                name="claim_paid_has_who_and_when",
            ),
        ]
        indexes = [models.Index(fields=["council", "status"], name="claim_council_status")]

    def __str__(self) -> str:
        return f"{self.council} claim for {long_date(self.results_on)}"

    def get_absolute_url(self) -> str:
        return reverse("funding:claim", args=[self.pk])

    @property
    def financial_year(self) -> str:
        return financial_year_of(self.results_on)

    @property
    def is_returned(self) -> bool:
        """Returned by central staff and not resubmitted yet: the council has it to correct."""
        return self.status == self.Status.DRAFT and self.returned_at is not None

    def is_waiting_for_window(self, today: date) -> bool:
        """Submitted outside a window: it waits until the next window opens (and is reviewed then)."""
        return self.status == self.Status.SUBMITTED and (self.window is None or self.window.opens_on > today)


class ClaimLineQuerySet(models.QuerySet):
    def not_rejected(self) -> "ClaimLineQuerySet":
        """Lines that count towards a family's payments: proposed or accepted (not rejected, not removed)."""
        return self.filter(status__in=ClaimLine.COUNTING)

    def paid(self) -> "ClaimLineQuerySet":
        """Lines whose money has been paid and not taken back (a line rejected after payment is a recovery)."""
        return self.filter(status=ClaimLine.Status.ACCEPTED, paid_at__isnull=False)

    def turned_around(self, on: date | None = None) -> "ClaimLineQuerySet":
        """The lines that say a family was turned around (DOMAIN.md): a not-rejected result claimed for crime,
        anti-social behaviour and education or for continuous employment (progress to work does not turn a family
        around), in a claim whose results were judged on or before `on` when given. Every page's "turned around"
        counts the families of these lines; `turned_around_sql` is the same rule for the outcomes statement."""
        lines = self.not_rejected().filter(payment_type__in=TURNED_AROUND)
        return lines.filter(claim__results_on__lte=on) if on else lines

    def turned_around_families(self, on: date | None = None) -> int:
        """How many families these lines turn around (one query)."""
        return self.turned_around(on).values("family_id").distinct().count()

    def bulk_create(self, objs, *args, **kwargs):
        lines = list(objs)
        for line in lines:
            line.copy_family_reference()
        return super().bulk_create(lines, *args, **kwargs)


class ClaimLine(models.Model):
    """One payment for one family in a claim. A payment type is claimed at most once per family."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        REMOVED = "removed", "Removed by the council"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    COUNTING = (Status.PROPOSED, Status.ACCEPTED)

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    # Denormalised from the claim and the family so the database can hold "a line's family belongs to the
    # claim's council" with two composite foreign keys (see migration 0003).
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="claim_lines")
    # The family's reference, copied so a claim's lines are read in reference order from their own index (the
    # claim's page) rather than through the families of the council. The database keeps it the family's: the
    # composite foreign key (family, council, reference) follows a change of reference (migration 0012).
    family_reference = models.CharField(max_length=40, editable=False)
    payment_type = models.CharField(max_length=25, choices=PaymentType.choices)
    amount = models.PositiveIntegerField("amount (£)")
    financial_year = models.CharField(max_length=7, help_text="The schedule's year: the year the family was attached.")
    reason = models.TextField(help_text="Why the rules give this payment.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.CharField(max_length=500, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    objects = ClaimLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "family_reference", "payment_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["family", "payment_type"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="claim_line_type_once_per_family",
                violation_error_message="This payment has already been claimed for this family.",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="claim_line_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "accepted"]) | ~Q(status_reason=""),
                name="claim_line_rejection_has_reason",
                violation_error_message="Say why the line is removed or rejected.",
            ),
        ]
        indexes = [
            models.Index(fields=["family", "status"], name="claim_line_family_status"),
            # A claim's figures (its lines and amount by status) read from the index alone: the claims list and
            # its review queue work out every claim they show, the claim's page its totals.
            models.Index(fields=["claim", "status"], include=["amount"], name="claim_line_claim_status"),
            # A claim's page: its lines in the order it shows them, a page cut from the index.
            models.Index(fields=["claim", "family_reference", "payment_type"], name="claim_line_claim_reference"),
            # A family's page places it in its council's queue for the funded number: the fees the council's
            # families hold, and those rejected, read from the index alone.
            models.Index(
                fields=["council", "payment_type", "status"], include=["family"], name="claim_line_council_type"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.family} {self.get_payment_type_display()} £{self.amount:,}"

    def save(self, *args, **kwargs) -> None:
        self.copy_family_reference()
        super().save(*args, **kwargs)

    def copy_family_reference(self) -> None:
        if not self.family_reference and self.family_id is not None:
            self.family_reference = self.family.reference


class SpotCheck(models.Model):
    """A line drawn for checking against the council's evidence. A failed check rejects the line."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not checked yet"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    line = models.OneToOneField(ClaimLine, on_delete=models.CASCADE, related_name="spot_check")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="spot_checks")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    notes = models.TextField(blank=True)
    # Drawn because the records held did not support a criterion the family was identified on (every such
    # line is checked); the others are the seeded random draw.
    for_evidence_gap = models.BooleanField("drawn for a gap in the identification evidence", default=False)
    drawn_at = models.DateTimeField(auto_now_add=True)
    checked_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["claim", "line"]

    def __str__(self) -> str:
        return f"Spot check of {self.line}"


class Recovery(models.Model):
    """Money taken back from a council: a line rejected after it was paid, deducted from the next payment."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="recoveries")
    line = models.OneToOneField(ClaimLine, on_delete=models.PROTECT, related_name="recovery")
    amount = models.PositiveIntegerField("amount (£)")
    raised_at = models.DateTimeField(auto_now_add=True)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recovered_in = models.ForeignKey(Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="recoveries")

    history = HistoricalRecords()

    class Meta:
        ordering = ["raised_at"]
        verbose_name_plural = "recoveries"

    def __str__(self) -> str:
        return f"Recovery of £{self.amount:,} for {self.line}"


class ClaimEvent(models.Model):
    """The claim's timeline: every transition, who made it and when."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=40)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} by {self.by} at {self.at}"


class ClaimableFigure(models.Model):
    """What a council could claim on a date and has not yet claimed, as worked out at `computed_at`.

    Judging every family takes most of a second for the largest council, too slow for each view of an officer's
    home: the home shows this figure, labelled with when it was worked out, and the officer can work it out
    again. Preparing or discarding a draft works it out again too. `lines` keeps what was counted, so the list
    the home links to shows exactly those families: [family id, reference, payment type, amount] each."""

    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="claimable_figure")
    results_on = models.DateField()
    lines = models.JSONField(default=list)
    computed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.council}: {len(self.lines)} lines claimable on {self.results_on}"

    @property
    def family_ids(self) -> list[int]:
        return sorted({line[0] for line in self.lines})

    @property
    def total(self) -> int:
        return sum(line[3] for line in self.lines)
