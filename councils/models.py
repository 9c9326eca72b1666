"""Councils (the local authorities) and the people who use the service.

A council's funded number of troubled families is five sixths of the department's estimate, rounded to the
nearest whole number (one sixth would have improved anyway): it is derived from the estimate, never stored.
"""

import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
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

    @classmethod
    def region_choices(cls) -> list[tuple[str, str]]:
        """The regions councils are in, as a filter's choices (read when a form is made: one query)."""
        return [(r, r) for r in cls.objects.order_by("region").values_list("region", flat=True).distinct()]

    @property
    def funded_families(self) -> int | None:
        """Five sixths of the estimate, to the nearest whole family (Hartlepool: 290 estimated, 242 funded)."""
        if self.troubled_families_estimate is None:
            return None
        exact = Decimal(self.troubled_families_estimate) * 5 / 6
        return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


class CouncilScopedQuerySet(models.QuerySet):
    """For anything that belongs to one council (families, claims): the one rule of who may see it."""

    def visible_to(self, user: "User"):
        """Officers and approvers see their own council's; central staff and admins see every council's."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.works_for_council:
            return self.filter(council_id=user.council_id)
        if user.works_centrally:
            return self
        return self.none()


class UserQuerySet(models.QuerySet):
    def of_council(self, council: Council) -> "UserQuerySet":
        return self.filter(council=council)

    def manageable_by(self, user) -> "UserQuerySet":
        """The accounts a user may invite, deactivate and reactivate: the one place that decides it.

        Admins manage everyone; a council's approver manages the officers of their own council; nobody else
        manages anyone. (Another council's user is then simply not found: 404.)
        """
        if not (user.is_authenticated and user.is_active):
            return self.none()
        if user.administers:
            return self.all()
        if user.invites_people:
            return self.filter(council_id=user.council_id, role=self.model.Role.OFFICER)
        return self.none()


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

    # --- What this person may do ---------------------------------------------------------------------------------
    # The service's one vocabulary of capabilities: every check of who may do what (querysets, each app's
    # access.py, actions, views, templates) reads one of these words, never the role itself. Only where the role is
    # the subject (the invite form choosing one, the demo cast, the two-factor policy) is a role compared.

    @property
    def works_for_council(self) -> bool:
        """An officer or approver: sees only their own council's families and claims, and changes them; drafts the
        plans of their council's pilots and raises their asks."""
        return self.role in self.COUNCIL_ROLES

    @property
    def prepares_claims(self) -> bool:
        """A council officer: prepares the council's claims and works out what it could claim now."""
        return self.role == self.Role.OFFICER

    @property
    def signs_off(self) -> bool:
        """A council approver: signs off and submits the council's claims (never one they prepared), publishes its
        pilots' plans and submits their quarterly returns."""
        return self.role == self.Role.APPROVER

    @property
    def works_centrally(self) -> bool:
        """Central staff or an admin: sees every council's families, claims and pilots (never a person's name or
        date of birth, for central staff), the national picture; reviews returns and moves asks along."""
        return self.role == self.Role.CENTRAL or self.administers

    @property
    def reviews_claims(self) -> bool:
        """Central staff, not admins: open claim windows, decide claim lines, spot-check, approve and pay claims."""
        return self.role == self.Role.CENTRAL

    @property
    def administers(self) -> bool:
        """An admin (or a superuser): every account, the sign-in record, the messages sent and the admin site."""
        return self.role == self.Role.ADMIN or self.is_superuser

    @property
    def invites_people(self) -> bool:
        """Admins invite anyone; an approver invites, deactivates and reactivates their own council's officers
        (which accounts exactly: UserQuerySet.manageable_by)."""
        return self.administers or (self.signs_off and self.council_id is not None)

    @property
    def sees_personal_details(self) -> bool:
        """Names and dates of birth are shown to the owning council (and admins), never to central staff."""
        return self.role != self.Role.CENTRAL


class SignInEvent(models.Model):
    """The sign-in record admins read: sign-ins, sign-outs, failures, lockouts, unlocks and second factors.

    `username` is what was typed (a failed sign-in may name no real account); `user` is set when known.
    """

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        SIGNED_OUT = "signed_out", "Signed out"
        FAILED = "failed", "Wrong username or password"
        LOCKED_OUT = "locked_out", "Locked out"
        UNLOCKED = "unlocked", "Unlocked by an admin"
        TWO_FACTOR_SET_UP = "two_factor_set_up", "Set up two-factor sign-in"
        TWO_FACTOR_FAILED = "two_factor_failed", "Wrong two-factor code"
        RECOVERY_CODE_USED = "recovery_code_used", "Used a recovery code"
        TWO_FACTOR_TURNED_OFF = "two_factor_turned_off", "Turned two-factor sign-in off"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, blank=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="sign_in_events")
    by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The admin who acted, for unlocks.",
    )
    ip_address = models.GenericIPAddressField("address", null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["username", "at"], name="signinevent_username_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.username}"

    @classmethod
    def record(cls, request, kind: str, *, user: User | None = None, username: str = "", by: User | None = None):
        from councils.signins import client_ip

        return cls.objects.create(
            kind=kind,
            user=user,
            username=(username or (user.get_username() if user else ""))[:150],
            by=by,
            ip_address=client_ip(request) if request is not None else None,
        )


class InvitationQuerySet(models.QuerySet):
    def usable(self) -> "InvitationQuerySet":
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """A one-time link to set a password: sent by whoever created the account, usable once until it expires.

    Only a hash of the token is kept, so the database alone cannot be used to accept an invitation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.user}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
