"""Councils (the local authorities) and the people who use the service.

A council's funded number of troubled families is five sixths of the department's estimate, rounded to the
nearest whole number (one sixth would have improved anyway): it is derived from the estimate, never stored.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords


class Council(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", "County council"
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN_DISTRICT = "metropolitan_district", "Metropolitan district"
        LONDON_BOROUGH = "london_borough", "London borough"

    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)
    official_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    region = models.CharField(max_length=50, db_index=True)
    former_gss_codes = models.CharField("former GSS codes", max_length=100, blank=True)
    troubled_families_estimate = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="The department's estimate of the council's troubled families. Leave blank if not known.",
    )
    estimate_source = models.CharField(max_length=300, blank=True)
    require_two_factor = models.BooleanField(
        "require two-factor sign-in",
        default=False,
        help_text="Require every user of this council to sign in with a second factor.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(gss_code__regex=r"^E[0-9]{8}$"), name="council_gss_code_format"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:detail", args=[self.gss_code])

    @property
    def funded_families(self) -> int | None:
        """Five sixths of the estimate, to the nearest whole family (Hartlepool: 290 estimated, 242 funded)."""
        if self.troubled_families_estimate is None:
            return None
        exact = Decimal(self.troubled_families_estimate) * 5 / 6
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class UserQuerySet(models.QuerySet):
    def of_council(self, council: Council) -> "UserQuerySet":
        return self.filter(council=council)


class CouncilUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    class Role(models.TextChoices):
        OFFICER = "officer", "Council officer"
        APPROVER = "approver", "Council approver"
        CENTRAL = "central", "Central staff"
        ADMIN = "admin", "Administrator"

    COUNCIL_ROLES = (Role.OFFICER, Role.APPROVER)

    role = models.CharField(max_length=10, choices=Role.choices, default=Role.OFFICER)
    council = models.ForeignKey(
        Council,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text="Required for officers and approvers; empty for central staff and admins.",
    )

    objects = CouncilUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=["officer", "approver"], council__isnull=False))
                | (Q(role__in=["central", "admin"], council__isnull=True)),
                name="user_council_matches_role",
                violation_error_message="Officers and approvers belong to a council; central staff and admins do not.",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_council_user(self) -> bool:
        return self.role in self.COUNCIL_ROLES

    @property
    def is_central(self) -> bool:
        return self.role == self.Role.CENTRAL

    @property
    def is_programme_admin(self) -> bool:
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def sees_personal_details(self) -> bool:
        """Names and dates of birth are shown to the owning council (and admins), never to central staff."""
        return self.role != self.Role.CENTRAL
