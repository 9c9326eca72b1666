"""Middleware of the service: one JSON log line per request, and the second factor before any page."""

import logging
import time
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, empty

from councils.twofactor import has_authenticator, two_factor_required

request_log = logging.getLogger("programme.requests")

# URL arguments that are secrets (invitation and password-reset links): never written to the logs.
SECRET_URL_ARGUMENTS = {"token", "uidb64"}


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, only if the request already loaded the user (no extra query for the log)."""
    user = getattr(request, "user", None)
    while isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            return None
        user = user._wrapped
    return user.pk if user is not None and user.is_authenticated else None


def _logged_path(request: HttpRequest) -> str:
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name, value in match.kwargs.items():
            if name in SECRET_URL_ARGUMENTS and value:
                path = path.replace(str(value), "[redacted]")
    return path


class RequestLogMiddleware:
    """One line per request: method, path (no query string), status, duration, user id. Never names."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        request_log.info(
            "request",
            extra={
                "fields": {
                    "method": request.method,
                    "path": _logged_path(request),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user_id": _user_id(request),
                }
            },
        )
        return response


class TwoFactorMiddleware:
    """Sends a signed-in user who must give a second factor, and has not yet, to set it up or to enter a code.

    Public views (`@login_not_required`) and the two-factor pages themselves (`@two_factor_exempt`) stay open.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not getattr(view_func, "login_required", True) or getattr(view_func, "two_factor_exempt", False):
            return None  # decided before touching request.user: public pages load no session
        user = request.user
        if not user.is_authenticated:
            return None
        if user.is_verified() or not two_factor_required(user):
            return None
        where = "accounts:two_factor_verify" if has_authenticator(user) else "accounts:two_factor_setup"
        return redirect(f"{reverse(where)}?{urlencode({'next': request.get_full_path()})}")
