"""The two-factor pages: set up an authenticator, enter a code, use a recovery code, manage it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from councils import twofactor
from councils.account_forms import CodeForm, RecoveryCodeForm
from councils.formats import count
from councils.models import SignInEvent
from councils.twofactor import two_factor_exempt

CODES_TO_SHOW = "recovery_codes_to_show"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _too_many_codes(wait: int) -> str:
    return f"You've entered too many wrong codes. Wait {count(wait, 'second')}, then try again"


@two_factor_exempt
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.has_authenticator(user) and not user.is_verified():
        # Replacing an authenticator needs the old one (or a recovery code) first: a password alone is not enough.
        return redirect(f"{reverse('accounts:two_factor_verify')}?next={reverse('accounts:two_factor_setup')}")
    device = twofactor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        wait = twofactor.seconds_until_next_try(device)
        if wait:
            form.add_error("code", _too_many_codes(wait))
        elif device.verify_token(form.cleaned_data["code"]):
            codes = twofactor.confirm_authenticator(device)
            otp_login(request, device)
            SignInEvent.record(request, SignInEvent.Kind.TWO_FACTOR_SET_UP, user=user)
            request.session[CODES_TO_SHOW] = codes
            return redirect(f"{reverse('accounts:recovery_codes')}?next={_next_url(request)}")
        else:
            form.add_error("code", "The code is not correct: check the time on your phone and enter the newest code")
    context = {
        "form": form,
        "qr_svg": twofactor.qr_svg(device),
        "manual_key": twofactor.manual_key(device),
        "next": _next_url(request),
        "required": twofactor.is_required_by_role(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@two_factor_exempt
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = twofactor.authenticator_of(user)
    if device is None:
        return redirect(f"{reverse('accounts:two_factor_setup')}?next={_next_url(request)}")
    if user.is_verified():
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        wait = twofactor.seconds_until_next_try(device)
        if wait:
            form.add_error("code", _too_many_codes(wait))
        elif twofactor.verify_authenticator_code(user, form.cleaned_data["code"]):
            otp_login(request, device)
            return redirect(_next_url(request))
        else:
            SignInEvent.record(request, SignInEvent.Kind.TWO_FACTOR_FAILED, user=user)
            form.add_error("code", "The code is not correct: enter the newest code from your authenticator app")
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@two_factor_exempt
def recovery(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    form = RecoveryCodeForm(request.POST or None)
    if form.is_valid():
        device = twofactor.verify_recovery_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            SignInEvent.record(request, SignInEvent.Kind.RECOVERY_CODE_USED, user=user)
            left = twofactor.recovery_codes_left(user)
            messages.warning(
                request,
                f"You signed in with a recovery code. You have {left} left. "
                "If you've lost your phone, set up your authenticator again from 'Two-factor sign-in'.",
            )
            return redirect(_next_url(request))
        SignInEvent.record(request, SignInEvent.Kind.TWO_FACTOR_FAILED, user=user)
        form.add_error("code", "That recovery code is not correct, or it has been used already")
    return render(request, "accounts/two_factor_recovery.html", {"form": form, "next": _next_url(request)})


@two_factor_exempt
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows new recovery codes once: they leave the session as the page is drawn."""
    codes = request.session.pop(CODES_TO_SHOW, None)
    if not codes:
        return redirect("accounts:two_factor")
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def manage(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "has_authenticator": twofactor.has_authenticator(user),
        "required": twofactor.is_required_by_role(user),
        "codes_left": twofactor.recovery_codes_left(user),
    }
    return render(request, "accounts/two_factor.html", context)


@require_POST
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        messages.error(request, "Enter a code from your authenticator app before you make new recovery codes.")
        return redirect("accounts:two_factor")
    request.session[CODES_TO_SHOW] = twofactor.new_recovery_codes(request.user)
    return redirect("accounts:recovery_codes")


@require_POST
def turn_off(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.is_required_by_role(user):
        messages.error(request, "Two-factor sign-in is required for your account: you cannot turn it off.")
    elif twofactor.has_authenticator(user) and not user.is_verified():
        messages.error(request, "Enter a code from your authenticator app before you turn two-factor sign-in off.")
    else:
        twofactor.turn_off(user)
        SignInEvent.record(request, SignInEvent.Kind.TWO_FACTOR_TURNED_OFF, user=user)
        messages.success(request, "Two-factor sign-in is off.")
    return redirect("accounts:two_factor")
