"""Who may do what: the one refusal, the two ways an action refuses, and the one way a view shows a refusal.

The vocabulary is on the user (councils.models.User, "What this person may do"): `works_for_council`,
`prepares_claims`, `signs_off`, `works_centrally`, `reviews_claims`, `administers`, `invites_people`,
`sees_personal_details`. Each app has an access.py in the same shape:

- `get_x(user, ...)` fetches one object for this user and answers 404 for what the user may not see (another
  council's object is not found, never forbidden: DESIGN.md, access contract);
- `may_x(user, ...)` predicates say whether the user may take a step; pages ask them to show or hide a button.

Actions are the only place a rule is enforced. Each refuses with `Refused`, through one of two calls:

- `permit(may, message)` for who the user is (their capability or council): a view answers 404, as for anything
  else the user may not reach;
- `require(condition, message)` for the state of things (the claim is not in review, a reason is missing, the
  person who prepared a claim cannot submit it): a view shows the message, as a form error in the GOV.UK error
  summary or as an error banner after a button.

Views call the action and hand any refusal to `show_refusal`; they never repeat the rule. A refusal no view
catches is a PermissionDenied, which Django answers with 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from councils.models import Council, User


class Refused(PermissionDenied):
    """An action the rules do not allow; the message is written for the person who tried it.

    `hides` is true when the refusal is about who the person is: the page is not theirs, so views answer 404.
    """

    def __init__(self, message: str, *, hides: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.hides = hides

    def __str__(self) -> str:
        return self.message


def permit(may: bool, message: str) -> None:
    """Refuse unless this user may take this step at all (views answer 404)."""
    if not may:
        raise Refused(message, hides=True)


def require(condition: bool, message: str) -> None:
    """Refuse unless things are in the state the step needs (views show the message)."""
    if not condition:
        raise Refused(message)


def show_refusal(request: HttpRequest, refusal: Refused, form=None) -> None:
    """Show an action's refusal: 404 when the step is not this user's to take; otherwise the message, on the form
    (the page's error summary) when there is one, else as an error banner on the page the view redirects to."""
    if refusal.hides:
        raise Http404(refusal.message)
    if form is not None:
        form.add_error(None, refusal.message)
    else:
        messages.error(request, refusal.message)


# --- accounts -----------------------------------------------------------------------------------------------------
# Admins manage everyone; a council's approver manages the officers of their own council (which accounts exactly:
# UserQuerySet.manageable_by). Anyone else's account is not found (404).


def may_invite(by: User, role: str, council: Council | None) -> bool:
    """Admins invite anyone; an approver invites officers of their own council."""
    if not (by.is_authenticated and by.is_active and by.invites_people):
        return False
    return by.administers or (role == User.Role.OFFICER and council is not None and council.pk == by.council_id)


def may_manage(by: User, user: User) -> bool:
    """Deactivate, reactivate, or send a new invitation to this account."""
    return User.objects.manageable_by(by).filter(pk=user.pk).exists()


def get_account(by: User, pk: int, **filters) -> User:
    """One account, if `by` may manage it; otherwise not found (404), whoever is asking."""
    return get_object_or_404(User.objects.manageable_by(by).select_related("council"), pk=pk, **filters)
