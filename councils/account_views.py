"""Accounts managed where the responsibility is: approvers for their council's officers, admins for everyone.

Every user is looked up through councils.access.get_account (`User.objects.manageable_by(request.user)`): anyone
else's account is not found.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from councils import actions
from councils.access import Refused, get_account, show_refusal
from councils.account_forms import InviteForm, SetPasswordForm
from councils.filters import UserFilter
from councils.lists import table_page
from councils.models import User
from councils.tables import UserTable


def _manageable(request: HttpRequest):
    """For the list and invite pages: only admins and approvers manage accounts (403 for everyone else)."""
    if not request.user.invites_people:
        raise PermissionDenied
    return User.objects.manageable_by(request.user)


def _link_for(request: HttpRequest):
    return lambda token: request.build_absolute_uri(reverse("accounts:accept_invitation", args=[token]))


def user_list(request: HttpRequest) -> HttpResponse:
    users = _manageable(request).select_related("council").order_by("last_name", "first_name", "username")
    return table_page(
        request,
        queryset=users,
        table_class=UserTable,
        filterset_class=UserFilter,
        template_name="accounts/user_list.html",
        export_name="users",
    )


def invite(request: HttpRequest) -> HttpResponse:
    _manageable(request)
    form = InviteForm(request.POST or None, inviter=request.user)
    if form.is_valid():
        try:
            user = actions.invite_user(request.user, **form.cleaned_data, link_for=_link_for(request))
        except Refused as refused:
            show_refusal(request, refused, form)
        else:
            messages.success(request, f"We've sent an invitation to {user.email}.")
            return redirect("accounts:user", pk=user.pk)
    return render(request, "accounts/invite.html", {"form": form})


def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_account(request.user, pk)
    context = {
        "account": user,
        "invitation": user.invitations.first(),
        "history": user.history.select_related("history_user").order_by("-history_date")[:20],
    }
    return render(request, "accounts/user_detail.html", context)


@require_POST
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_account(request.user, pk)
    try:
        actions.deactivate_user(request.user, user)
    except Refused as refused:
        show_refusal(request, refused)
    else:
        messages.success(request, f"{user.get_full_name() or user.username} can no longer sign in.")
    return redirect("accounts:user", pk=user.pk)


@require_POST
def reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_account(request.user, pk)
    actions.reactivate_user(request.user, user)
    messages.success(request, f"{user.get_full_name() or user.username} can sign in again.")
    return redirect("accounts:user", pk=user.pk)


@require_POST
def resend_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_account(request.user, pk, is_active=True)
    actions.resend_invitation(request.user, user, _link_for(request))
    messages.success(request, f"We've sent a new invitation to {user.email}. Earlier links no longer work.")
    return redirect("accounts:user", pk=user.pk)


@login_not_required
@never_cache
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = actions.invitation_for(token)
    if invitation is None:
        raise Http404
    user = invitation.user
    if invitation.accepted_at or invitation.revoked_at or invitation.is_expired or not user.is_active:
        return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
    form = SetPasswordForm(request.POST or None, user=user)
    if form.is_valid():
        try:
            actions.accept_invitation(token, form.cleaned_data["password1"])
        except actions.InvitationNotUsable:
            return render(request, "accounts/invitation_unusable.html", {"invitation": invitation}, status=410)
        messages.success(request, "Your password is set. Sign in with your username and new password.")
        return redirect("login")
    return render(request, "accounts/accept_invitation.html", {"form": form, "account": user})


@login_not_required
def admin_login(request: HttpRequest) -> HttpResponse:
    """The admin site's sign-in address: everyone signs in on the service's own page (lockouts, second factor)."""
    if request.user.is_authenticated:
        if not request.user.is_staff:
            raise PermissionDenied
        candidate = request.GET.get("next", "")
        safe = url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()})
        return redirect(candidate if safe and candidate else "admin:index")
    return redirect(f"{reverse('login')}?{request.GET.urlencode()}" if request.GET else "login")
