"""Two-factor sign-in: who must give a second factor, and the devices that give it.

The rules (one setting, REQUIRE_TWO_FACTOR, turns all of them off; it is on unless DEBUG is on):
- central staff and admins must set up an authenticator app before they reach any page;
- every user of a council whose `require_two_factor` is set must too (an admin sets it per council);
- officers and approvers may turn it on for themselves, and are then asked for a code at every sign-in.

A user has at most one authenticator (a django-otp TOTPDevice named "authenticator") and one set of recovery
codes (a StaticDevice named "recovery"), each code usable once.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils.models import User

AUTHENTICATOR = "authenticator"
RECOVERY = "recovery"
RECOVERY_CODE_COUNT = 10


def two_factor_exempt(view):
    """Mark a view that a signed-in user may reach before giving a second factor (set-up, verify, sign out)."""
    view.two_factor_exempt = True
    return view


def authenticator_of(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).first()


def has_authenticator(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=True).exists()


def is_required_by_role(user: User) -> bool:
    """Required whatever the user chooses: of everyone who works centrally (they see every council's records) and of
    staff accounts (the admin site), or by their council."""
    if user.works_centrally or user.is_staff:
        return True
    return bool(user.council_id and user.council.require_two_factor)


def two_factor_required(user: User) -> bool:
    """Must this signed-in user give a second factor before reaching a page?"""
    if not settings.REQUIRE_TWO_FACTOR:
        return False
    return is_required_by_role(user) or has_authenticator(user)


def pending_authenticator(user: User) -> TOTPDevice:
    """The not-yet-confirmed authenticator the set-up page shows (the same key until it is confirmed)."""
    device = TOTPDevice.objects.filter(user=user, name=AUTHENTICATOR, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR, confirmed=False)
    return device


def manual_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The set-up QR code as inline SVG, drawn on the server (attributes only: the CSP forbids inline styles)."""
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, dark="#0b0c0c", light="#ffffff", svgclass="app-qr", lineclass=None, omitsize=True)
    return svg.replace("<svg ", '<svg role="img" aria-label="QR code to scan with your authenticator app" ', 1)


@transaction.atomic
def confirm_authenticator(device: TOTPDevice) -> list[str]:
    """Confirm the user's new authenticator, replace any old one, and give them fresh recovery codes."""
    TOTPDevice.objects.filter(user=device.user, name=AUTHENTICATOR).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with new ones; the old ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY).count()


@transaction.atomic
def turn_off(user: User) -> None:
    """Remove the user's authenticator and recovery codes (an admin does this when a phone is lost)."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def verify_authenticator_code(user: User, code: str) -> TOTPDevice | None:
    device = authenticator_of(user)
    if device is not None and device.verify_token(code.replace(" ", "")):
        return device
    return None


def verify_recovery_code(user: User, code: str) -> StaticDevice | None:
    device = StaticDevice.objects.filter(user=user, name=RECOVERY, confirmed=True).first()
    if device is not None and device.verify_token(code.replace(" ", "").replace("-", "").lower()):
        return device
    return None


def seconds_until_next_try(device) -> int:
    """How long a device throttled by wrong codes makes the user wait (0 when they may try now)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data:
        return 0
    locked_until = data.get("locked_until")
    if locked_until is None:
        return 0
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
