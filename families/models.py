"""Troubled-family cases, their household members, and the dated records that results are judged on.

A family is a troubled family when it meets three of the four criteria at identification (crime/ASB,
education, work, and local discretion with its reason). Personal details (names, dates of birth) belong to
the owning council: central staff never see them.
"""

from datetime import date

from django.db import models
from django.db.models import Case, Exists, F, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.urls import reverse
from simple_history.models import HistoricalRecords

from councils.calendar import age_on, financial_year_bounds, months_before
from councils.models import Council, CouncilScopedQuerySet, User

TROUBLED_AT_LEAST = 3  # criteria of the four a troubled family meets (Family.troubled_by)


class History(HistoricalRecords):
    """simple-history's records, indexed only where they are read.

    Every history row costs an entry in each of its table's indexes, and a council's first import writes tens
    of thousands at once. simple-history indexes the history date, the acting user and every tracked foreign
    key; what reads the families' history is the family page (families/timeline.py) and the claim's
    "last changed" (funding/records.py), by the row's id, a person's family or a record's person. So the date
    and the user are not indexed, nor any key named in `no_db_index` (ordering by date happens after the
    lookup by id; users are deactivated, never deleted)."""

    def get_extra_fields(self, model, fields):
        extra = super().get_extra_fields(model, fields)
        extra["history_date"].db_index = False
        extra["history_user"].db_index = False
        return extra


class FamilyQuerySet(CouncilScopedQuerySet):
    """`Family.objects.visible_to(user)` is the one way to reach families: a council's own, or all for
    central staff and admins (who still never see personal details)."""

    def attached_by(self, on: date) -> "FamilyQuerySet":
        return self.filter(attached_on__isnull=False, attached_on__lte=on)

    def open(self) -> "FamilyQuerySet":
        return self.filter(closed_on__isnull=True)

    def with_status(self, status: str) -> "FamilyQuerySet":
        if status == Family.Status.CLOSED:
            return self.filter(closed_on__isnull=False)
        if status == Family.Status.ATTACHED:
            return self.filter(closed_on__isnull=True, attached_on__isnull=False)
        return self.filter(closed_on__isnull=True, attached_on__isnull=True)

    def with_criteria_count(self) -> "FamilyQuerySet":
        """Annotates `criteria_count`, the number of the four criteria met (for filters and sorting)."""
        met = [Case(When(**{name: True}, then=1), default=0) for name in ("crime_asb", "education", "work")]
        met.append(Case(When(local_discretion="", then=0), default=1))
        return self.annotate(criteria_count=met[0] + met[1] + met[2] + met[3])

    def troubled(self) -> "FamilyQuerySet":
        """Families meeting at least 3 of the 4 criteria (Family.troubled_by), annotated with `criteria_count`."""
        return self.with_criteria_count().filter(criteria_count__gte=TROUBLED_AT_LEAST)

    def not_troubled(self) -> "FamilyQuerySet":
        """Families meeting fewer than 3 of the 4 criteria, annotated with `criteria_count`."""
        return self.with_criteria_count().filter(criteria_count__lt=TROUBLED_AT_LEAST)

    def without_key_worker(self) -> "FamilyQuerySet":
        """Open cases nobody is named as key worker for."""
        return self.open().filter(key_worker__isnull=True)

    def stale_on(self, on: date) -> "FamilyQuerySet":
        """Open cases attached six months or more before `on` with no record dated in the six months to `on`
        (a term ended or in progress, an incident, a job started or ended, a referral: each kind's `recent_in`):
        their results cannot be judged.

        The stored `latest_record_on` settles most families without reading their records. None, or on or before
        `since`: every date is before the window, so nothing is in it. After `since` and by `on`: that date is in
        the window, and its record is recent (a term whose start is in it ends after it starts, so after `since`;
        whose end is in it started before). Only a family with a date after `on` (a term in progress, a record
        entered ahead) may or may not have one in the window, and is judged on its records, by `recent_in`."""
        from families.kinds import RECORD_KINDS  # the kinds list their models: they are imported after them

        since = months_before(on, 6)
        candidates = self.open().filter(attached_on__lte=since)
        judged = candidates.filter(latest_record_on__gt=on)
        for kind in RECORD_KINDS:
            recent = kind.model.objects.filter(kind.recent_in(since, on), person__family=OuterRef("pk"))
            judged = judged.filter(~Exists(recent))
        # The families judged on their records are a subquery of their own: PostgreSQL reads the records of those
        # few only (anti-joins), rather than weighing every family against the whole of each record table.
        return candidates.filter(
            Q(latest_record_on__isnull=True) | Q(latest_record_on__lte=since) | Q(pk__in=judged.values("pk"))
        )

    def refresh_latest_record_on(self) -> int:
        """Work out afresh, from their records, the `latest_record_on` of these families: one UPDATE. Called for the
        families changed by every change to records or people (the import, the record pages, the factories of the
        tests); not by a signal (docs/decisions/0012-stored-latest-record-date.md). Returns the families updated."""
        return self.update(latest_record_on=latest_record_date())

    def attached_in_financial_year(self, year: int) -> "FamilyQuerySet":
        """Attached between 1 April of `year` and 31 March of the next (the financial year `year/yy`)."""
        return self.filter(attached_on__range=financial_year_bounds(year))


# Stands in for "no date" inside latest_record_date: GREATEST skips NULLs on PostgreSQL, but not on SQLite.
_NO_DATE = Value(date.min)


def latest_record_date() -> NullIf:
    """The latest date on any record of the family (`OuterRef("pk")`) of every kind (each kind's `dates`: a term's
    start and end, a job's start and end...), or None when it has no record.

    Each person's records are read by the person's id, then the family's people by the family's id: lookups that
    use their index whatever the database knows of the tables' sizes. (Joining people to records in one subquery
    let PostgreSQL, on tables it had no statistics of yet, as in a first import, hash every record once a family.)"""
    from families.kinds import RECORD_KINDS

    of_person = []
    for kind in RECORD_KINDS:
        dates = [Coalesce(Max(name), _NO_DATE) for name in kind.dates]
        records = kind.model.objects.filter(person=OuterRef("pk")).order_by().values("person")
        latest = records.annotate(latest=Greatest(*dates) if len(dates) > 1 else dates[0]).values("latest")
        of_person.append(Coalesce(Subquery(latest, output_field=models.DateField()), _NO_DATE))
    people = Person.objects.filter(family=OuterRef("pk")).order_by().values("family")
    latest = people.annotate(latest=Max(Greatest(*of_person))).values("latest")
    return NullIf(Coalesce(Subquery(latest, output_field=models.DateField()), _NO_DATE), _NO_DATE)


class Family(models.Model):
    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        ATTACHED = "attached", "Attached"
        CLOSED = "closed", "Closed"

    # Indexed by the unique (council, reference) and the council's other indexes, which all start with it: an index
    # of the council alone would be one more for every family written and none the faster to read.
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="families", db_index=False)
    reference = models.CharField("case reference", max_length=40)
    identified_on = models.DateField()
    crime_asb = models.BooleanField("crime or anti-social behaviour", default=False)
    education = models.BooleanField(default=False)
    work = models.BooleanField("out-of-work benefits", default=False)
    local_discretion = models.CharField(
        "local factor",
        max_length=300,
        blank=True,
        help_text="The local factor of high cost or concern, in words. Leave blank if the criterion is not met.",
    )
    # What the council relied on for each criterion it marked (its own records, a partner's referral...):
    # the records the service holds cannot speak to every criterion (see families/evidence.py).
    identification_evidence = models.TextField(
        "evidence relied on at identification",
        blank=True,
        default="",
        db_default="",
        help_text="For each criterion met, the evidence the council relied on. No names or dates of birth: "
        "the department's reviewers read it.",
    )
    key_worker = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="key_worker_families"
    )
    attached_on = models.DateField("attached on", null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=300, blank=True)
    # Optimistic locking: every save bumps it; an edit based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    # The latest date on any of its people's records (latest_record_date), kept so that the officer's home counts
    # the stale cases without reading every family's records (stale_on). Stored afresh by
    # `refresh_latest_record_on` wherever records or people change; never in a form, nor in the history (it is
    # derived from the records, whose own history says what changed).
    latest_record_on = models.DateField(null=True, blank=True, editable=False)

    objects = FamilyQuerySet.as_manager()
    history = History(excluded_fields=["version", "latest_record_on"], no_db_index=["council", "key_worker"])

    class Meta:
        ordering = ["council", "reference"]
        verbose_name_plural = "families"
        constraints = [
            models.UniqueConstraint(fields=["council", "reference"], name="family_reference_unique_in_council"),
            models.CheckConstraint(
                condition=Q(attached_on__isnull=True) | Q(attached_on__gte=F("identified_on")),
                name="family_attached_after_identified",
                violation_error_message="A family is attached on or after the day it was identified.",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(attached_on__isnull=True, closed_on__gte=F("identified_on"))
                | Q(attached_on__isnull=False, closed_on__gte=F("attached_on")),
                name="family_closed_after_attached",
                violation_error_message="A case closes on or after the day work with the family started.",
            ),
        ]
        indexes = [
            # The list's count of a status (attached, still open) read from the index alone: a large council's
            # families lie across the table, and reading each row for its closing date was most of the count. On
            # PostgreSQL, migration 0008 builds it in the order of the list sorted by attachment, latest first
            # (FamilyTable.order_attached_on), holding the family's key too, so that the list's pages are cut
            # from the index; SQLite cannot say NULLS LAST in an index, so the model states the plain one.
            models.Index(fields=["council", "attached_on"], include=["closed_on"], name="family_council_attached"),
            models.Index(fields=["council", "identified_on"], name="family_council_identified"),
            models.Index(fields=["council", "key_worker"], name="family_council_key_worker"),
            # Central staff's list of every council's families, sorted by reference.
            models.Index(fields=["reference", "id"], name="family_reference"),
        ]

    def __str__(self) -> str:
        return self.reference

    def save(self, **kwargs) -> None:
        """Saving a family loaded earlier leaves its latest record date as stored: the date it was loaded with may
        be out of date since (only `refresh_latest_record_on` writes it)."""
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "latest_record_on"
            ]
        super().save(**kwargs)

    def get_absolute_url(self) -> str:
        return reverse("families:detail", args=[self.pk])

    @property
    def criteria_met(self) -> int:
        return self.count_criteria(self.crime_asb, self.education, self.work, self.local_discretion)

    @staticmethod
    def count_criteria(crime_asb: bool, education: bool, work: bool, local_discretion: str) -> int:
        """How many of the four criteria are met (the local factor by a reason given)."""
        return sum([bool(crime_asb), bool(education), bool(work), bool(local_discretion)])

    TROUBLED_RULE = f"a troubled family meets at least {TROUBLED_AT_LEAST}"  # as pages and reasons say it

    @staticmethod
    def troubled_by(criteria_met: int) -> bool:
        """A troubled family meets at least 3 of the 4 criteria (DOMAIN.md): the one place the number is."""
        return criteria_met >= TROUBLED_AT_LEAST

    @classmethod
    def summarise_criteria(cls, criteria_met: int) -> str:
        """How every page and reason says a family's criteria: "Meets 3 of the 4 criteria", and for a family that
        is not a troubled family why not: "Meets 2 of the 4 criteria: a troubled family meets at least 3"."""
        said = f"Meets {criteria_met} of the 4 criteria"
        return said if cls.troubled_by(criteria_met) else f"{said}: {cls.TROUBLED_RULE}"

    @property
    def is_troubled(self) -> bool:
        return self.troubled_by(self.criteria_met)

    @property
    def criteria_summary(self) -> str:
        return self.summarise_criteria(self.criteria_met)

    @property
    def status(self) -> str:
        if self.closed_on:
            return self.Status.CLOSED
        if self.attached_on:
            return self.Status.ATTACHED
        return self.Status.IDENTIFIED

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class Person(models.Model):
    class Role(models.TextChoices):
        ADULT = "adult", "Adult"
        CHILD = "child", "Child"

    # Indexed by the unique (family, reference), which starts with it.
    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="people", db_index=False)
    reference = models.CharField("person reference", max_length=40)
    role = models.CharField(max_length=5, choices=Role.choices)
    date_of_birth = models.DateField()
    name = models.CharField(max_length=200, blank=True)

    history = History()

    class Meta:
        ordering = ["family", "reference"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(fields=["family", "reference"], name="person_reference_unique_in_family"),
        ]

    def __str__(self) -> str:
        return self.reference

    def age_on(self, on: date) -> int:
        return age_on(self.date_of_birth, on)

    def age_band(self, on: date) -> str:
        """What central staff see instead of a date of birth."""
        return age_band(self.age_on(on))


AGE_BANDS = [(0, 4), (5, 10), (11, 15), (16, 17), (18, 24), (25, 34), (35, 49), (50, 64)]


def age_band(age: int) -> str:
    for low, high in AGE_BANDS:
        if low <= age <= high:
            return f"{low} to {high}"
    return "65 or over"


class SchoolTerm(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="school_terms")
    term_start = models.DateField()
    term_end = models.DateField()
    unauthorised_absence_pct = models.DecimalField("unauthorised absence (%)", max_digits=5, decimal_places=2)
    fixed_exclusions = models.PositiveSmallIntegerField(default=0)
    permanently_excluded = models.BooleanField(default=False)

    history = History()

    class Meta:
        ordering = ["person", "term_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gt=F("term_start")),
                name="school_term_ends_after_start",
                violation_error_message="A term ends after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(unauthorised_absence_pct__gte=0, unauthorised_absence_pct__lte=100),
                name="school_term_absence_percentage",
                violation_error_message="Unauthorised absence is a percentage from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"term {self.term_start} to {self.term_end}"


class Incident(models.Model):
    class Kind(models.TextChoices):
        OFFENCE = "offence", "Proven offence"
        ASB = "asb", "Anti-social behaviour"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    occurred_on = models.DateField()

    history = History()

    class Meta:
        ordering = ["person", "occurred_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class Employment(models.Model):
    class Benefit(models.TextChoices):
        JSA = "jsa", "Jobseeker's Allowance"
        ESA = "esa", "Employment and Support Allowance"
        IS = "is", "Income Support"
        OTHER = "other", "Other out-of-work benefit"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    benefit = models.CharField("benefit left", max_length=5, choices=Benefit.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = History()

    class Meta:
        ordering = ["person", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="employment_ends_after_start",
                violation_error_message="Employment ends on or after the day it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"work from {self.started_on} after {self.get_benefit_display()}"


class WorkProgrammeReferral(models.Model):
    class Provision(models.TextChoices):
        WORK_PROGRAMME = "work_programme", "Work Programme"
        ESF = "esf", "ESF provision for troubled families"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    provision = models.CharField(max_length=20, choices=Provision.choices)
    referred_on = models.DateField()

    history = History()

    class Meta:
        ordering = ["person", "referred_on"]

    def __str__(self) -> str:
        return f"{self.get_provision_display()} referral on {self.referred_on}"


class CaseUpload(models.Model):
    """A case file uploaded on the import page, kept in the database between checking it and confirming it
    (so that any web server and any worker can read it, and nothing stays on a server's disk).

    The worker checks it once (families/tasks.py) and keeps the verdict here: the problems, or what would change.
    Confirming saves it in the worker too; the row is then kept, without its content, to show what it did. An
    upload never saved is removed after a day by the nightly tidy-up (programme/tasks.py)."""

    class Status(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked"
        SAVING = "saving", "Saving"
        SAVED = "saved", "Saved"
        FAILED = "failed", "Failed"

    PROBLEMS_KEPT = 5000  # a page lists at most this many; the count is always whole

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="case_uploads")
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.CHECKING)
    rows_done = models.PositiveIntegerField(default=0)  # rows read so far by the task at work
    rows_total = models.PositiveIntegerField(null=True, blank=True)  # known once the file has been read
    unreadable = models.TextField(blank=True)  # why the file cannot be read at all
    problems = models.JSONField(default=list, blank=True)  # [sheet, row, column, message], the first PROBLEMS_KEPT
    problem_count = models.PositiveIntegerField(default=0)
    result = models.JSONField(null=True, blank=True)  # what would change (checked), or what changed (saved)
    checked_at = models.DateTimeField(null=True, blank=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    task_id = models.CharField(max_length=64, blank=True)  # the task at work on it, or the last one

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_working(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.SAVING)

    @property
    def may_be_saved(self) -> bool:
        return self.status == self.Status.CHECKED and not self.unreadable and not self.problem_count
