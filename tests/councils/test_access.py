"""The vocabulary of who may act (councils/models.py, "What this person may do"), the one refusal and the one
way a view shows it (councils/access.py), and the account actions refusing whoever may not act."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from councils import actions
from councils.access import Refused, permit, require, show_refusal
from councils.forms import GovukForm
from councils.models import User
from families.actions import add_family

CAPABILITIES = [
    "works_for_council",
    "prepares_claims",
    "signs_off",
    "invites_people",
    "works_centrally",
    "reviews_claims",
    "administers",
    "sees_personal_details",
]

# Who may do what, one row per person of the cast: alice officer, amir approver, carol central, dan admin.
EXPECTED = {
    "alice": {"works_for_council", "prepares_claims", "sees_personal_details"},
    "amir": {"works_for_council", "signs_off", "invites_people", "sees_personal_details"},
    "carol": {"works_centrally", "reviews_claims"},
    "dan": {"works_centrally", "administers", "invites_people", "sees_personal_details"},
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_person_has_exactly_their_capabilities(request, who):
    user = request.getfixturevalue(who)
    assert {word for word in CAPABILITIES if getattr(user, word)} == EXPECTED[who]


def test_admins_see_what_central_staff_see_but_do_not_move_money(dan):
    assert dan.works_centrally and not dan.reviews_claims


def test_a_superuser_administers_whatever_their_role(carol):
    carol.is_superuser = True
    assert carol.administers and carol.works_centrally and carol.invites_people


def test_a_refusal_is_a_permission_denied_with_the_users_words():
    with pytest.raises(PermissionDenied, match="Only central staff can do this"):
        permit(False, "Only central staff can do this.")
    with pytest.raises(Refused, match="Say why") as refused:
        require(False, "Say why the line is removed.")
    assert not refused.value.hides
    permit(True, "never said")
    require(True, "never said")


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_refusal_of_who_acts_answers_404(alice):
    with pytest.raises(Refused) as refused:
        permit(False, "Only central staff can do this.")
    with pytest.raises(Http404):
        show_refusal(_request(alice), refused.value, GovukForm())


def test_a_refusal_of_the_state_of_things_goes_on_the_form_or_the_page(alice):
    with pytest.raises(Refused) as refused:
        require(False, "This claim has already been submitted.")
    form = GovukForm(data={})
    assert form.is_valid()
    show_refusal(_request(alice), refused.value, form)
    assert form.non_field_errors() == ["This claim has already been submitted."]
    request = _request(alice)
    show_refusal(request, refused.value)
    assert [str(m) for m in get_messages(request)] == ["This claim has already been submitted."]


def _invite(by, role, council, username="nadia"):
    return actions.invite_user(
        by,
        first_name="Nadia",
        last_name="Khan",
        email=f"{username}@example.gov.uk",
        username=username,
        role=role,
        council=council,
        link_for=lambda token: f"https://example.invalid/{token}/",
    )


@pytest.mark.parametrize("who", ["alice", "carol", "bob"])
def test_only_admins_and_approvers_invite(request, who, council):
    with pytest.raises(Refused, match="invite"):
        _invite(request.getfixturevalue(who), User.Role.OFFICER, council)
    assert not User.objects.filter(username="nadia").exists()


def test_an_approver_invites_only_their_own_councils_officers(amir, council, other_council):
    with pytest.raises(Refused):
        _invite(amir, User.Role.OFFICER, other_council)
    with pytest.raises(Refused):
        _invite(amir, User.Role.APPROVER, council)
    assert _invite(amir, User.Role.OFFICER, council).council == council


def test_an_admin_invites_anyone(dan):
    assert _invite(dan, User.Role.CENTRAL, None).role == User.Role.CENTRAL


def test_account_actions_refuse_whoever_may_not_manage_the_account(amir, alice, bob, carol):
    for action in (actions.deactivate_user, actions.reactivate_user):
        with pytest.raises(Refused):
            action(amir, bob)  # another council's officer
        with pytest.raises(Refused):
            action(alice, alice)  # officers manage nobody
    with pytest.raises(Refused):
        actions.resend_invitation(carol, alice, lambda token: token)
    bob.refresh_from_db()
    assert bob.is_active


def test_nobody_deactivates_their_own_account_even_outside_the_page(dan):
    with pytest.raises(Refused, match="your own account"):
        actions.deactivate_user(dan, dan)
    dan.refresh_from_db()
    assert dan.is_active


def test_only_admins_end_a_lockout(amir, dan):
    with pytest.raises(Refused, match="Only admins"):
        actions.unlock(amir, username="alice")
    assert actions.unlock(dan, username="alice", request=_request(dan)) == 0


def test_central_staff_cannot_add_a_family_even_outside_the_page(carol):
    with pytest.raises(Refused, match="officers and approvers change its families"):
        add_family(carol, {})
