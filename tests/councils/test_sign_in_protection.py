"""Failed sign-ins lock out the account and the address; admins see the record and unlock; idle sessions end."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.utils import timezone

from councils.models import SignInEvent
from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def sign_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_a_right_password_signs_in_and_is_recorded(client, alice):
    response = sign_in(client, "alice", PASSWORD)
    assert response.status_code == 302
    assert SignInEvent.objects.filter(kind="signed_in", user=alice, ip_address="10.0.0.1").exists()


def test_a_wrong_password_is_refused_and_recorded(client, alice):
    response = sign_in(client, "alice", "wrong")
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
    assert SignInEvent.objects.filter(kind="failed", user=alice, username="alice").exists()


def test_sign_out_is_recorded(client, alice):
    sign_in(client, "alice", PASSWORD)
    client.post("/accounts/logout/")
    assert SignInEvent.objects.filter(kind="signed_out", user=alice).exists()


def test_an_account_is_locked_out_after_the_limit_even_with_the_right_password(client, alice):
    for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        sign_in(client, "alice", "wrong", address)
    response = sign_in(client, "alice", PASSWORD, "10.0.0.4")
    assert response.status_code == 429
    body = response.content.decode()
    assert "You cannot sign in for now" in body
    assert "Wait 30 minutes" in body
    assert "govuk-heading-l" in body
    assert "_auth_user_id" not in client.session
    assert SignInEvent.objects.filter(kind="locked_out", username="alice").exists()


def test_an_address_is_locked_out_after_the_limit_whatever_the_account(client, alice, amir, bob):
    for name in ("alice", "amir", "nobody"):
        sign_in(client, name, "wrong", "10.9.9.9")
    response = sign_in(client, "bob", PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert sign_in(client, "bob", PASSWORD, "10.1.1.1").status_code == 302  # another address


def test_failures_below_the_limit_do_not_lock_out(client, alice):
    sign_in(client, "alice", "wrong")
    sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_the_lockout_ends_after_the_cool_off(client, alice):
    for _ in range(3):
        sign_in(client, "alice", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))
    assert sign_in(client, "alice", PASSWORD).status_code == 302


def test_an_admin_sees_who_is_locked_out_and_unlocks_them(client, alice, dan):
    for _ in range(3):
        sign_in(client, "alice", "wrong", "10.0.0.7")
    client.force_login(dan)
    page = client.get("/accounts/lockouts/").content.decode()
    assert "alice" in page
    assert "10.0.0.7" in page
    response = client.post("/accounts/lockouts/unlock/", {"username": "alice"})
    assert response.status_code == 302
    assert SignInEvent.objects.filter(kind="unlocked", username="alice", by=dan).exists()
    client.logout()
    assert sign_in(client, "alice", PASSWORD, "10.0.0.8").status_code == 302


def test_an_admin_unlocks_an_address(client, alice, dan):
    for name in ("x", "y", "z"):
        sign_in(client, name, "wrong", "10.0.0.9")
    client.force_login(dan)
    client.post("/accounts/lockouts/unlock/", {"ip_address": "10.0.0.9"})
    client.logout()
    assert sign_in(client, "alice", PASSWORD, "10.0.0.9").status_code == 302


@pytest.mark.parametrize("who", ["alice", "amir", "carol"])
def test_only_admins_see_lockouts_and_unlock(client, request, who, db):
    for _ in range(3):
        sign_in(client, "zed", "wrong", "10.0.0.3")
    client.force_login(request.getfixturevalue(who))
    assert client.get("/accounts/lockouts/").status_code == 403
    assert client.get("/accounts/sign-ins/").status_code == 403
    assert client.post("/accounts/lockouts/unlock/", {"username": "zed"}).status_code == 403
    assert AccessAttempt.objects.filter(username="zed").exists()


def test_admins_read_the_sign_in_record_and_filter_it(client, alice, dan):
    sign_in(client, "alice", PASSWORD)
    sign_in(client, "alice", "wrong")
    client.force_login(dan)
    page = client.get("/accounts/sign-ins/?kind=failed").content.decode()
    assert "Wrong username or password" in page
    assert "Signed in</td>" not in page
    csv = b"".join(client.get("/accounts/sign-ins/?_export=csv").streaming_content).decode()
    assert "alice" in csv


def test_the_sign_in_record_has_a_bounded_query_count(client, dan, django_assert_max_num_queries):
    SignInEvent.objects.bulk_create([SignInEvent(kind="failed", username=f"u{i}") for i in range(60)])
    client.force_login(dan)
    with django_assert_max_num_queries(10):
        assert client.get("/accounts/sign-ins/").status_code == 200
    with django_assert_max_num_queries(10):
        b"".join(client.get("/accounts/sign-ins/?_export=csv").streaming_content)


def test_behind_a_proxy_the_forwarded_address_is_the_one_locked_out(client, alice, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        client.post(
            "/accounts/login/",
            {"username": "x", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 10.5.5.5",
        )
    assert SignInEvent.objects.filter(ip_address="10.5.5.5").count() >= 3
    ok = client.post(
        "/accounts/login/",
        {"username": "alice", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.6.6.6",
    )
    assert ok.status_code == 302


class TestIdleSessions:
    def test_each_request_keeps_the_session_alive(self, client, alice, settings):
        client.force_login(alice)
        session = Session.objects.get(session_key=client.session.session_key)
        Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() + timedelta(minutes=1))
        client.get("/councils/")
        renewed = Session.objects.get(pk=session.pk).expire_date
        assert renewed > timezone.now() + timedelta(minutes=29)

    def test_a_session_idle_for_30_minutes_ends(self, client, alice):
        client.force_login(alice)
        Session.objects.filter(session_key=client.session.session_key).update(
            expire_date=timezone.now() - timedelta(seconds=1)
        )
        response = client.get("/councils/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_the_idle_time_is_30_minutes_by_default(self, settings):
        assert settings.SESSION_COOKIE_AGE == 30 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST is True
        assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"

    def test_a_deactivated_users_session_stops_working(self, client, alice):
        client.force_login(alice)
        alice.is_active = False
        alice.save()
        assert client.get("/councils/").status_code == 302
