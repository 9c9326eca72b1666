"""Accounts managed where the responsibility is: invitations, deactivation, reactivation, password reset."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from councils.models import Invitation, User
from tests.conftest import PASSWORD
from tests.factories.councils import UserFactory

NEW_PASSWORD = "a-new-long-passphrase-2012"


def invite(client, **extra):
    data = {"first_name": "Nadia", "last_name": "New", "email": "nadia@birmingham.gov.uk", "username": "nadia"}
    return client.post("/accounts/users/invite/", {**data, **extra})


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_an_approver_invites_an_officer_of_their_council(client, amir, council):
    client.force_login(amir)
    response = invite(client)
    nadia = User.objects.get(username="nadia")
    assert response["Location"] == f"/accounts/users/{nadia.pk}/"
    assert (nadia.role, nadia.council, nadia.has_usable_password()) == ("officer", council, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["nadia@birmingham.gov.uk"]
    assert "nadia" in mail.outbox[0].body
    assert "72 hours" in mail.outbox[0].body


def test_the_approver_cannot_choose_another_council_or_role(client, amir, council, other_council):
    client.force_login(amir)
    invite(client, role="admin", council=other_council.pk)
    nadia = User.objects.get(username="nadia")
    assert (nadia.role, nadia.council) == ("officer", council)


def test_the_invitee_sets_a_password_once_and_signs_in(client, amir):
    client.force_login(amir)
    invite(client)
    link = link_in(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "nadia" in page.content.decode()
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/login/"
    assert client.post("/accounts/login/", {"username": "nadia", "password": NEW_PASSWORD}).status_code == 302
    client.logout()
    reused = client.get(link)
    assert reused.status_code == 410
    assert "has been used already" in reused.content.decode()
    assert client.post(link, {"password1": "another-pass-2012x", "password2": "another-pass-2012x"}).status_code == 410


def test_an_expired_invitation_does_not_work(client, amir, settings):
    client.force_login(amir)
    invite(client)
    link = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    client.logout()
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert not User.objects.get(username="nadia").has_usable_password()


def test_an_invitation_lasts_72_hours(client, amir):
    client.force_login(amir)
    before = timezone.now()
    invite(client)
    invitation = Invitation.objects.get()
    assert before + timedelta(hours=72) <= invitation.expires_at <= timezone.now() + timedelta(hours=72)


def test_a_new_invitation_cancels_the_old_link(client, amir):
    client.force_login(amir)
    invite(client)
    nadia = User.objects.get(username="nadia")
    client.post(f"/accounts/users/{nadia.pk}/invitation/")
    old, new = link_in(mail.outbox[0]), link_in(mail.outbox[1])
    client.logout()
    assert client.get(old).status_code == 410
    assert client.get(new).status_code == 200


def test_an_unknown_link_is_not_found(client, db):
    assert client.get("/accounts/invitation/not-a-real-token/").status_code == 404


def test_only_a_hash_of_the_token_is_kept(client, amir):
    client.force_login(amir)
    invite(client)
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()


def test_the_invitation_form_says_what_is_wrong(client, amir, alice):
    client.force_login(amir)
    response = invite(client, username="alice", email="not-an-email")
    body = response.content.decode()
    assert "That username is taken" in body
    assert "Enter an email address in the correct format" in body
    assert "govuk-error-summary" in body


def test_the_invitee_password_follows_the_rules(client, amir):
    client.force_login(amir)
    invite(client)
    link = link_in(mail.outbox[0])
    client.logout()
    response = client.post(link, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "The password must be 12 characters or more" in response.content.decode()


def test_an_approver_lists_only_their_councils_officers(client, amir, alice, bob):
    client.force_login(amir)
    page = client.get("/accounts/users/").content.decode()
    assert f"/accounts/users/{alice.pk}/" in page
    assert f"/accounts/users/{bob.pk}/" not in page
    assert f"/accounts/users/{amir.pk}/" not in page


def test_an_approver_deactivates_and_reactivates_their_officer(client, amir, alice):
    client.force_login(amir)
    client.post(f"/accounts/users/{alice.pk}/deactivate/")
    alice.refresh_from_db()
    assert not alice.is_active
    assert User.objects.filter(pk=alice.pk).exists()  # never deleted
    assert "Deactivated by amir" in alice.history.first().history_change_reason
    client.logout()
    assert client.post("/accounts/login/", {"username": "alice", "password": PASSWORD}).status_code == 200
    client.force_login(amir)
    client.post(f"/accounts/users/{alice.pk}/reactivate/")
    alice.refresh_from_db()
    assert alice.is_active


@pytest.mark.parametrize("action", ["", "deactivate/", "reactivate/", "invitation/"])
def test_an_approver_cannot_manage_another_councils_users(client, amir, bob, action):
    client.force_login(amir)
    method = client.get if action == "" else client.post
    assert method(f"/accounts/users/{bob.pk}/{action}").status_code == 404
    bob.refresh_from_db()
    assert bob.is_active


def test_an_approver_of_another_council_cannot_manage_ours(client, alice, other_council):
    stranger = UserFactory(username="approver.manchester", role="approver", council=other_council)
    client.force_login(stranger)
    assert client.post(f"/accounts/users/{alice.pk}/deactivate/").status_code == 404
    alice.refresh_from_db()
    assert alice.is_active


def test_an_approver_cannot_manage_other_approvers_or_central_staff(client, amir, carol, council):
    other_approver = UserFactory(username="amira", role="approver", council=council)
    client.force_login(amir)
    assert client.post(f"/accounts/users/{other_approver.pk}/deactivate/").status_code == 404
    assert client.post(f"/accounts/users/{carol.pk}/deactivate/").status_code == 404


@pytest.mark.parametrize("who", ["alice", "carol"])
def test_officers_and_central_staff_manage_nobody(client, request, who, bob):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/users/invite/").status_code == 403
    assert client.post(f"/accounts/users/{bob.pk}/deactivate/").status_code == 404


def test_an_admin_manages_everyone(client, dan, bob, carol):
    client.force_login(dan)
    page = client.get("/accounts/users/").content.decode()
    assert "bob" in page and "carol" in page
    client.post(f"/accounts/users/{carol.pk}/deactivate/")
    carol.refresh_from_db()
    assert not carol.is_active


def test_an_admin_invites_central_staff(client, dan):
    client.force_login(dan)
    invite(client, role="central", username="cass", email="cass@communities.gov.uk")
    assert User.objects.get(username="cass").role == "central"


def test_an_admin_must_give_a_council_for_an_officer(client, dan):
    client.force_login(dan)
    response = invite(client, role="officer")
    assert "Choose the council an officer or approver belongs to" in response.content.decode()


def test_nobody_deactivates_themselves(client, dan):
    client.force_login(dan)
    client.post(f"/accounts/users/{dan.pk}/deactivate/")
    dan.refresh_from_db()
    assert dan.is_active


def test_a_deactivated_invitee_cannot_use_their_link(client, amir):
    client.force_login(amir)
    invite(client)
    nadia = User.objects.get(username="nadia")
    client.post(f"/accounts/users/{nadia.pk}/deactivate/")
    client.logout()
    assert client.get(link_in(mail.outbox[0])).status_code == 410


def test_the_user_list_has_a_bounded_query_count(client, dan, council, django_assert_max_num_queries):
    for i in range(30):
        UserFactory(username=f"officer{i}", council=council)
    client.force_login(dan)
    with django_assert_max_num_queries(10):
        assert client.get("/accounts/users/").status_code == 200


class TestPasswordReset:
    def test_it_emails_a_link_that_sets_a_new_password(self, client, alice):
        response = client.post("/accounts/password/reset/", {"email": alice.email})
        assert response["Location"] == "/accounts/password/reset/sent/"
        assert len(mail.outbox) == 1
        link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
        form = client.get(link, follow=True)
        assert "Choose a new password" in form.content.decode()
        done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        assert done["Location"] == "/accounts/password/reset/done/"
        assert client.post("/accounts/login/", {"username": "alice", "password": NEW_PASSWORD}).status_code == 302

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self, client, db):
        response = client.post("/accounts/password/reset/", {"email": "nobody@example.gov.uk"})
        assert response["Location"] == "/accounts/password/reset/sent/"
        assert mail.outbox == []

    def test_the_pages_are_open_to_anonymous_users(self, client, db):
        assert client.get("/accounts/password/reset/").status_code == 200
        assert client.get("/accounts/password/reset/sent/").status_code == 200
        assert client.get("/accounts/password/reset/done/").status_code == 200

    def test_a_used_link_no_longer_works(self, client, alice):
        client.post("/accounts/password/reset/", {"email": alice.email})
        link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
        form = client.get(link, follow=True)
        client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
        again = client.get(link, follow=True)
        assert "This link no longer works" in again.content.decode()
