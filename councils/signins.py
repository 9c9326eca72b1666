"""The sign-in record: Django's and django-axes' sign-in signals written as SignInEvent rows for admins.

These receivers only write the record; they decide nothing. The client address is the one axes locks out:
REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT proxies, the address the nearest proxy saw (X-Forwarded-For,
counted from the right, so a client cannot choose its own address by sending the header itself).
"""

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


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
