"""For admins: the sign-in record, and the accounts and addresses locked out now (with an unlock button)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from councils import actions
from councils.filters import SignInEventFilter
from councils.lists import table_page
from councils.models import SignInEvent
from councils.tables import SignInEventTable


def _admins_only(request: HttpRequest) -> None:
    if not request.user.administers:
        raise PermissionDenied


def sign_in_list(request: HttpRequest) -> HttpResponse:
    _admins_only(request)
    return table_page(
        request,
        queryset=SignInEvent.objects.select_related("by"),
        table_class=SignInEventTable,
        filterset_class=SignInEventFilter,
        template_name="accounts/sign_in_list.html",
        export_name="sign-ins",
    )


def lockout_list(request: HttpRequest) -> HttpResponse:
    _admins_only(request)
    return render(request, "accounts/lockout_list.html", actions.current_lockouts())


@require_POST
def unlock(request: HttpRequest) -> HttpResponse:
    _admins_only(request)
    username, ip_address = request.POST.get("username", ""), request.POST.get("ip_address", "")
    if actions.unlock(request.user, username=username, ip_address=ip_address, request=request):
        messages.success(request, f"Unlocked {username or ip_address}: they can try to sign in again.")
    return redirect("accounts:lockouts")
