"""Sign-in protection and the sign-in record.

- Lockout (django-axes, database handler): an account is locked after AXES_FAILURE_LIMIT failures
  (SIGN_IN_FAILURE_LIMIT, 5) from any address; an address after SIGN_IN_ADDRESS_FAILURE_LIMIT failures (100) for
  any accounts. The two limits differ because a council's staff all sit behind one address: five typing mistakes
  by one officer must not lock out their colleagues, while a source trying many accounts is still stopped.
  A successful sign-in forgets that account's failures only, so that one user's sign-in cannot wipe the failures
  counted against another account from the same address.
- The client's address (`client_ip`): REMOTE_ADDR, unless the request came from one of TRUSTED_PROXIES; only then
  is X-Forwarded-For believed, read from the right past the trusted proxies. A client that reaches gunicorn
  directly cannot choose its address by sending the header itself.
- The receivers below only write the record (SignInEvent rows for admins); they decide nothing.
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def _address(value: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((value or "").strip())
    except ValueError:
        return None


def _is_trusted_proxy(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR") or None
    networks = [ipaddress.ip_network(value, strict=False) for value in settings.TRUSTED_PROXIES]
    hop = _address(remote)
    if not _is_trusted_proxy(hop, networks):
        return remote  # a direct client: its own X-Forwarded-For says nothing
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Each trusted proxy appended the address it saw; the first address from the right that is not a trusted
    # proxy is the client. Whatever lies to its left the client wrote itself.
    for value in reversed(forwarded):
        address = _address(value)
        if address is None:
            break  # not an address: the nearest trusted proxy's own address is all we know
        hop = address
        if not _is_trusted_proxy(address, networks):
            break
    return str(hop)


class SignInLockoutHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per account and a separate, higher limit per address.

    axes compares one number, get_failures(), with one limit, AXES_FAILURE_LIMIT (the account limit). So the
    number given is the account's own recent failures, or, once the address has reached its own limit, the
    account limit itself: the sign-in is then refused whatever the account.
    """

    def failure_counts(self, request: HttpRequest, credentials: dict | None = None) -> tuple[int, int]:
        """(failures of this account, failures from this address) within the cool-off period: one query."""
        username = get_client_username(request, credentials)
        recent = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request))
        counts = recent.aggregate(
            account=Sum("failures_since_start", filter=Q(username=username)),
            address=Sum("failures_since_start", filter=Q(ip_address=request.axes_ip_address)),
        )
        return counts["account"] or 0, counts["address"] or 0

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        by_account, by_address = self.failure_counts(request, credentials)
        if by_address >= settings.SIGN_IN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, settings.AXES_FAILURE_LIMIT)
        return by_account

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """After a successful sign-in: that account's failures are forgotten, the address's others are not."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


@receiver(user_logged_in, dispatch_uid="councils.signins.logged_in")
def record_sign_in(sender, request, user, **kwargs) -> None:
    from councils.models import SignInEvent

    SignInEvent.record(request, SignInEvent.Kind.SIGNED_IN, user=user)


@receiver(user_logged_out, dispatch_uid="councils.signins.logged_out")
def record_sign_out(sender, request, user, **kwargs) -> None:
    from councils.models import SignInEvent

    if user is not None:
        SignInEvent.record(request, SignInEvent.Kind.SIGNED_OUT, user=user)


@receiver(user_login_failed, dispatch_uid="councils.signins.login_failed")
def record_failure(sender, credentials, request=None, **kwargs) -> None:
    from councils.models import SignInEvent, User

    username = str(credentials.get("username", ""))[:150]
    user = User.objects.filter(username=username).first() if username else None
    SignInEvent.record(request, SignInEvent.Kind.FAILED, user=user, username=username)


@receiver(user_locked_out, dispatch_uid="councils.signins.locked_out")
def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    from councils.models import SignInEvent, User

    username = str(username or "")[:150]
    user = User.objects.filter(username=username).first() if username else None
    SignInEvent.record(request, SignInEvent.Kind.LOCKED_OUT, user=user, username=username)


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """The page a locked-out sign-in gets (axes calls this): what happened and what to do, in GOV.UK words."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)
