"""Failed sign-ins lock out the account (at a low limit) and the address (at a much higher one); the address is
REMOTE_ADDR unless a trusted proxy sent the request; admins see the record and unlock; idle sessions end."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone

from councils.models import SignInEvent
from councils.signins import client_ip
from tests.conftest import PASSWORD

# The limits production runs with (read before any test changes them).
DEFAULT_LIMITS = (django_settings.AXES_FAILURE_LIMIT, django_settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)


@pytest.fixture(autouse=True)
def limit(settings):
    """Small limits keep most tests short; the tests of the limits themselves use production's."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = 6


@pytest.fixture
def production_limits(settings):
    settings.AXES_FAILURE_LIMIT, settings.SIGN_IN_ADDRESS_FAILURE_LIMIT = DEFAULT_LIMITS


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


def test_production_locks_an_account_after_5_failures_and_an_address_after_100():
    assert DEFAULT_LIMITS == (5, 100)


def test_an_officers_failures_do_not_lock_out_the_admin_at_the_same_address(client, alice, dan, production_limits):
    """A council's staff share one address: one officer's mistakes lock out that officer only."""
    for _ in range(5):
        sign_in(client, "alice", "wrong", "10.20.30.40")
    assert sign_in(client, "alice", PASSWORD, "10.20.30.40").status_code == 429
    assert sign_in(client, "dan", PASSWORD, "10.20.30.40").status_code == 302


def test_100_failures_from_one_address_across_many_accounts_lock_the_address(client, bob, production_limits):
    # 98 earlier failures, one per guessed username, as axes records them (posting them all would take seconds).
    AccessAttempt.objects.bulk_create(
        AccessAttempt(
            username=f"guess{n}", ip_address="10.9.9.9", user_agent="", http_accept="", path_info="/accounts/login/",
            get_data="", post_data="", failures_since_start=1,
        )
        for n in range(98)
    )  # fmt: skip
    sign_in(client, "guess98", "wrong", "10.9.9.9")
    assert sign_in(client, "bob", PASSWORD, "10.9.9.9").status_code == 302  # 99: not yet
    client.logout()
    sign_in(client, "guess99", "wrong", "10.9.9.9")
    response = sign_in(client, "bob", PASSWORD, "10.9.9.9")
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert sign_in(client, "bob", PASSWORD, "10.1.1.1").status_code == 302  # another address


def test_an_address_is_locked_out_after_its_own_limit_whatever_the_account(client, alice, amir, bob, dan):
    for name in ("alice", "amir", "nobody"):
        sign_in(client, name, "wrong", "10.9.9.9")
        sign_in(client, name, "wrong", "10.9.9.9")
    assert sign_in(client, "bob", PASSWORD, "10.9.9.9").status_code == 429
    assert sign_in(client, "bob", PASSWORD, "10.1.1.1").status_code == 302  # another address
    client.force_login(dan)
    page = client.get("/accounts/lockouts/").content.decode()
    assert "10.9.9.9" in page
    assert "No account is locked out." in page  # two failures each: below the account limit


def test_a_sign_in_does_not_clear_another_accounts_failures_from_the_same_address(client, alice, bob):
    """Before, a colleague's sign-in wiped every failure from the address, so guessing one account never stopped."""
    sign_in(client, "alice", "wrong", "10.3.3.3")
    sign_in(client, "alice", "wrong", "10.3.3.3")
    assert sign_in(client, "bob", PASSWORD, "10.3.3.3").status_code == 302
    client.logout()
    sign_in(client, "alice", "wrong", "10.3.3.3")
    assert sign_in(client, "alice", PASSWORD, "10.3.3.3").status_code == 429


def test_a_sign_in_clears_that_accounts_own_failures(client, alice):
    sign_in(client, "alice", "wrong")
    sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302
    client.logout()
    sign_in(client, "alice", "wrong")
    sign_in(client, "alice", "wrong")
    assert sign_in(client, "alice", PASSWORD).status_code == 302


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
    assert "No address is locked out." in page  # one account's failures: below the address limit
    response = client.post("/accounts/lockouts/unlock/", {"username": "alice"})
    assert response.status_code == 302
    assert SignInEvent.objects.filter(kind="unlocked", username="alice", by=dan).exists()
    client.logout()
    assert sign_in(client, "alice", PASSWORD, "10.0.0.8").status_code == 302


def test_an_admin_unlocks_an_address(client, alice, dan):
    for name in ("u", "v", "w", "x", "y", "z"):
        sign_in(client, name, "wrong", "10.0.0.9")
    assert sign_in(client, "alice", PASSWORD, "10.0.0.9").status_code == 429
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


def forwarded_sign_in(client, username: str, password: str, *, remote: str, forwarded: str):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_locked_out(client, alice, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(6):
        forwarded_sign_in(client, f"x{n}", "wrong", remote="127.0.0.1", forwarded="198.51.100.1, 10.5.5.5")
    assert SignInEvent.objects.filter(kind="failed", ip_address="10.5.5.5").count() == 6
    assert AccessAttempt.objects.filter(ip_address="10.5.5.5").count() == 6
    locked = forwarded_sign_in(client, "alice", PASSWORD, remote="127.0.0.1", forwarded="10.5.5.5")
    assert locked.status_code == 429
    ok = forwarded_sign_in(client, "alice", PASSWORD, remote="127.0.0.1", forwarded="10.6.6.6")
    assert ok.status_code == 302  # another client behind the same proxy


def test_a_forwarded_header_from_a_sender_that_is_not_a_trusted_proxy_changes_nothing(client, alice, settings):
    """gunicorn reachable directly: a client that invents X-Forwarded-For for each try is still one address."""
    settings.TRUSTED_PROXIES = ["10.0.0.254"]
    for n in range(6):
        forwarded_sign_in(client, f"x{n}", "wrong", remote="203.0.113.7", forwarded=f"10.1.1.{n}")
    assert set(SignInEvent.objects.filter(kind="failed").values_list("ip_address", flat=True)) == {"203.0.113.7"}
    spoofed = forwarded_sign_in(client, "alice", PASSWORD, remote="203.0.113.7", forwarded="10.1.1.200")
    assert spoofed.status_code == 429


class TestClientAddress:
    def address(self, remote: str, forwarded: str | None = None) -> str | None:
        headers = {"REMOTE_ADDR": remote}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        return client_ip(RequestFactory().get("/", **headers))

    def test_without_trusted_proxies_it_is_remote_addr_whatever_the_header(self, settings):
        settings.TRUSTED_PROXIES = []
        assert self.address("192.0.2.10", "198.51.100.1") == "192.0.2.10"

    def test_from_a_trusted_proxy_it_is_the_address_the_proxy_saw(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.1.0/24"]
        assert self.address("10.0.1.5", "6.6.6.6, 198.51.100.1") == "198.51.100.1"

    def test_through_two_trusted_proxies_it_skips_both(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.1.0/24", "172.16.0.9"]
        assert self.address("10.0.1.5", "6.6.6.6, 198.51.100.1, 172.16.0.9") == "198.51.100.1"

    def test_a_proxy_that_forwarded_nothing_is_the_client(self, settings):
        settings.TRUSTED_PROXIES = ["10.0.1.0/24"]
        assert self.address("10.0.1.5") == "10.0.1.5"
        assert self.address("10.0.1.5", "not-an-address") == "10.0.1.5"

    def test_ipv6_proxies_and_clients(self, settings):
        settings.TRUSTED_PROXIES = ["::1"]
        assert self.address("::1", "2001:db8::7") == "2001:db8::7"


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
