"""Two-factor sign-in: who must give a second factor, and the set-up, verify and recovery pages."""

import re

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from councils import twofactor
from councils.models import SignInEvent


@pytest.fixture
def required(settings):
    settings.REQUIRE_TWO_FACTOR = True


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=steps_ahead):06d}"


def set_up_authenticator(client, user) -> TOTPDevice:
    client.force_login(user)
    client.get("/accounts/two-factor/set-up/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/accounts/two-factor/set-up/", {"code": code_for(device), "next": "/"})
    assert response.status_code == 302
    device.refresh_from_db()
    return device


def test_central_staff_are_sent_to_set_up_before_any_page(client, carol, required):
    client.force_login(carol)
    response = client.get("/councils/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/set-up/?next=%2Fcouncils%2F"


def test_admins_are_sent_to_set_up_before_the_admin_site(client, dan, required):
    client.force_login(dan)
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/two-factor/set-up/")


def test_officers_reach_pages_with_a_password_alone(client, alice, required):
    client.force_login(alice)
    assert client.get("/councils/").status_code == 200


def test_a_council_that_requires_it_sends_its_officers_to_set_up(client, alice, council, required):
    council.require_two_factor = True
    council.save()
    client.force_login(alice)
    assert client.get("/councils/")["Location"].startswith("/accounts/two-factor/set-up/")


def test_nothing_is_required_when_the_setting_is_off(client, carol, settings):
    settings.REQUIRE_TWO_FACTOR = False
    client.force_login(carol)
    assert client.get("/councils/").status_code == 200


def test_set_up_shows_a_server_drawn_qr_code_and_the_key(client, carol, required):
    client.force_login(carol)
    response = client.get("/accounts/two-factor/set-up/")
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r'<svg [^>]*class="app-qr"', body)
    assert "style=" not in body  # the CSP forbids inline styles
    device = TOTPDevice.objects.get(user=carol, confirmed=False)
    assert twofactor.manual_key(device) in body


def test_set_up_with_a_wrong_code_says_so(client, carol, required):
    client.force_login(carol)
    client.get("/accounts/two-factor/set-up/")
    response = client.post("/accounts/two-factor/set-up/", {"code": "000000"})
    assert response.status_code == 200
    assert "The code is not correct" in response.content.decode()
    assert not twofactor.has_authenticator(carol)


def test_set_up_then_the_recovery_codes_are_shown_once(client, carol, required):
    device = set_up_authenticator(client, carol)
    assert device.confirmed
    response = client.get("/accounts/two-factor/recovery-codes/?next=/councils/")
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", response.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=carol).values_list("token", flat=True))
    assert client.get("/accounts/two-factor/recovery-codes/").status_code == 302  # never again
    assert client.get("/councils/").status_code == 200  # verified for this session
    assert SignInEvent.objects.filter(user=carol, kind="two_factor_set_up").exists()


def test_a_signed_in_user_with_an_authenticator_is_asked_for_a_code(client, carol, required):
    device = set_up_authenticator(client, carol)
    client.logout()
    client.force_login(carol)
    response = client.get("/councils/")
    assert response["Location"] == "/accounts/two-factor/verify/?next=%2Fcouncils%2F"

    wrong = client.post("/accounts/two-factor/verify/", {"code": "123456", "next": "/councils/"})
    assert "The code is not correct" in wrong.content.decode()
    assert SignInEvent.objects.filter(user=carol, kind="two_factor_failed").exists()

    device.throttle_reset()
    right = client.post("/accounts/two-factor/verify/", {"code": code_for(device, 1), "next": "/councils/"})
    assert right["Location"] == "/councils/"
    assert client.get("/councils/").status_code == 200


def test_the_same_code_is_not_accepted_twice(client, carol, required):
    device = set_up_authenticator(client, carol)
    used = code_for(device)  # accepted at set-up
    client.logout()
    client.force_login(carol)
    response = client.post("/accounts/two-factor/verify/", {"code": used, "next": "/"})
    assert response.status_code == 200
    assert client.get("/councils/").status_code == 302


def test_wrong_codes_slow_the_next_try(client, carol, required):
    device = set_up_authenticator(client, carol)
    client.logout()
    client.force_login(carol)
    client.post("/accounts/two-factor/verify/", {"code": "111111"})
    client.post("/accounts/two-factor/verify/", {"code": "222222"})
    response = client.post("/accounts/two-factor/verify/", {"code": code_for(device, 1)})
    assert "too many wrong codes" in response.content.decode()


def test_a_recovery_code_signs_in_once(client, carol, required):
    set_up_authenticator(client, carol)
    code = StaticToken.objects.filter(device__user=carol).first().token
    client.logout()
    client.force_login(carol)
    response = client.post("/accounts/two-factor/recovery/", {"code": code.upper(), "next": "/councils/"})
    assert response["Location"] == "/councils/"
    assert twofactor.recovery_codes_left(carol) == 9
    client.logout()
    client.force_login(carol)
    again = client.post("/accounts/two-factor/recovery/", {"code": code, "next": "/councils/"})
    assert again.status_code == 200
    assert "used already" in again.content.decode()


def test_a_password_alone_cannot_replace_the_authenticator(client, carol, required):
    set_up_authenticator(client, carol)
    client.logout()
    client.force_login(carol)
    response = client.get("/accounts/two-factor/set-up/")
    assert response["Location"].startswith("/accounts/two-factor/verify/")


def test_an_officer_may_turn_it_on_and_is_then_asked_for_a_code(client, alice, required):
    set_up_authenticator(client, alice)
    client.logout()
    client.force_login(alice)
    assert client.get("/councils/")["Location"].startswith("/accounts/two-factor/verify/")


def test_an_officer_may_turn_it_off_once_verified(client, alice, required):
    set_up_authenticator(client, alice)
    response = client.post("/accounts/two-factor/turn-off/")
    assert response.status_code == 302
    assert not twofactor.has_authenticator(alice)


def test_central_staff_cannot_turn_it_off(client, carol, required):
    set_up_authenticator(client, carol)
    client.post("/accounts/two-factor/turn-off/")
    assert twofactor.has_authenticator(carol)


def test_sign_out_stays_open_before_the_second_factor(client, carol, required):
    client.force_login(carol)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_verify_does_not_redirect_to_another_site(client, carol, required):
    device = set_up_authenticator(client, carol)
    client.logout()
    client.force_login(carol)
    response = client.post("/accounts/two-factor/verify/", {"code": code_for(device, 1), "next": "https://evil.test/"})
    assert response["Location"] == "/"


def test_an_admin_resets_a_lost_authenticator(client, carol, dan, required):
    set_up_authenticator(client, carol)
    dan_client = client.__class__()
    set_up_authenticator(dan_client, dan)
    response = dan_client.post(
        "/admin/councils/user/", {"action": "reset_two_factor", "_selected_action": [carol.pk]}, follow=True
    )
    assert "Two-factor sign-in reset for 1 account" in response.content.decode()
    assert not twofactor.has_authenticator(carol)
