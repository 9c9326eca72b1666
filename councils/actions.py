"""Changes to accounts, each the only way it happens, each taking the acting user and running in one transaction.

- Users are deactivated, never deleted, so every record keeps the name of who did what.
- An invitation creates the account with no usable password and emails a one-time link that expires
  (settings.INVITATION_VALID_HOURS); sending a new one cancels the old links. The message is sent by the worker
  (councils/mail.py), queued in the invitation's own transaction.
- Whoever may do these things is decided in councils/access.py (`may_invite`, `may_manage`, both reading
  `User.objects.manageable_by(actor)`); each action refuses anyone else with councils.access.Refused.
"""

import secrets
from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone

from councils.access import may_invite, may_manage, permit, require
from councils.mail import send_email
from councils.models import Council, Invitation, SignInEvent, User

MANAGE_REFUSED = "Admins manage every account; an approver manages the officers of their own council."


class InvitationNotUsable(Exception):
    """The link was used, cancelled or has expired, or the account was deactivated."""


def _send_invitation(user: User, by: User, link_for) -> Invitation:
    Invitation.objects.filter(user=user).usable().update(revoked_at=timezone.now())
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        token_hash=Invitation.hash_token(token),
        invited_by=by,
        expires_at=timezone.now() + timedelta(hours=settings.INVITATION_VALID_HOURS),
    )
    context = {"user": user, "by": by, "link": link_for(token), "hours": settings.INVITATION_VALID_HOURS}
    send_email.enqueue(
        subject="You've been invited to the pilot programme service",
        body=render_to_string("accounts/invitation_email.txt", context),
        to=[user.email],
    )
    return invitation


@transaction.atomic
def invite_user(
    by: User,
    *,
    first_name: str,
    last_name: str,
    email: str,
    username: str,
    role: str,
    council: Council | None,
    link_for,
) -> User:
    """Create the account (no password yet) and email its holder a link to choose one.

    `link_for(token)` builds the absolute link (the view knows the site's address).
    """
    permit(may_invite(by, role, council), "Admins invite anyone; an approver invites officers of their own council.")
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        council=council,
        is_staff=role == User.Role.ADMIN,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user._change_reason = f"Invited by {by.get_username()}"
    user.save()
    _send_invitation(user, by, link_for)
    return user


@transaction.atomic
def resend_invitation(by: User, user: User, link_for) -> Invitation:
    permit(may_manage(by, user), MANAGE_REFUSED)
    return _send_invitation(user, by, link_for)


def invitation_for(token: str) -> Invitation | None:
    return Invitation.objects.select_related("user").filter(token_hash=Invitation.hash_token(token)).first()


@transaction.atomic
def accept_invitation(token: str, password: str) -> User:
    invitation = (
        Invitation.objects.select_for_update().filter(token_hash=Invitation.hash_token(token)).select_related("user")
    ).first()
    if invitation is None or not Invitation.objects.filter(pk=invitation.pk).usable().exists():
        raise InvitationNotUsable
    user = invitation.user
    if not user.is_active:
        raise InvitationNotUsable
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


@transaction.atomic
def deactivate_user(by: User, user: User) -> None:
    """The account can no longer sign in; its open sessions stop working at their next request."""
    permit(may_manage(by, user), MANAGE_REFUSED)
    require(user != by, "You cannot deactivate your own account.")
    user.is_active = False
    user._change_reason = f"Deactivated by {by.get_username()}"
    user.save(update_fields=["is_active"])
    Invitation.objects.filter(user=user).usable().update(revoked_at=timezone.now())


@transaction.atomic
def reactivate_user(by: User, user: User) -> None:
    permit(may_manage(by, user), MANAGE_REFUSED)
    user.is_active = True
    user._change_reason = f"Reactivated by {by.get_username()}"
    user.save(update_fields=["is_active"])


def current_lockouts() -> dict[str, list[dict]]:
    """Accounts and addresses locked out now: failures within the cool-off period at or past each one's limit."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    recent = AccessAttempt.objects.filter(attempt_time__gte=since)

    def locked(field: str, known, limit: int) -> list[dict]:
        rows = (
            recent.filter(known)
            .values(field)
            .annotate(failures=Sum("failures_since_start"), last_at=Max("attempt_time"))
            .filter(failures__gte=limit)
            .order_by("-last_at")
        )
        return [{"value": row[field], "failures": row["failures"], "last_at": row["last_at"]} for row in rows]

    return {
        "accounts": locked("username", Q(username__gt=""), settings.AXES_FAILURE_LIMIT),
        "addresses": locked("ip_address", Q(ip_address__isnull=False), settings.SIGN_IN_ADDRESS_FAILURE_LIMIT),
    }


@transaction.atomic
def unlock(by: User, *, username: str = "", ip_address: str = "", request=None) -> int:
    """End a lockout before it runs out: the recorded failures of that account, or of that address, are forgotten."""
    permit(by.administers, "Only admins end a lockout.")
    if username:
        count, _ = AccessAttempt.objects.filter(username=username).delete()
    elif ip_address:
        count, _ = AccessAttempt.objects.filter(ip_address=ip_address).delete()
    else:
        return 0
    SignInEvent.record(request, SignInEvent.Kind.UNLOCKED, username=username or f"address {ip_address}", by=by)
    return count
