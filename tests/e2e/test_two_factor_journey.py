"""Two-factor sign-in in a real browser: set up with the key shown on the page, sign in with a code, use a
recovery code; and the lockout and account pages. axe checks every page."""

import re
from base64 import b32decode

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP, hotp
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def roster(transactional_db):
    call_command("seed_programme", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def two_factor_on(settings):
    settings.REQUIRE_TWO_FACTOR = True


def secret_of(key: str) -> bytes:
    """The secret behind the key the page printed (base32 in groups of four), as the authenticator app reads it."""
    secret = key.replace(" ", "")
    return b32decode(secret + "=" * (-len(secret) % 8))


def code_from_key(key: str) -> str:
    """What the authenticator app shows now for the key the page printed."""
    return f"{TOTP(secret_of(key)).token():06d}"


def code_for_the_next_unused_step(key: str, username: str) -> str:
    """What the app shows at the first time step after the one the last sign-in used (a code is accepted once only).

    The server accepts the step it counts as now (the clock plus the drift it learnt at the last sign-in) give or take
    one. The step chosen is within that window now and still is if the clock passes a step boundary before the
    server checks it, so the sign-in cannot fail by chance at the boundary."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    assert device.tolerance >= 1, "the server must allow a step either side"
    server_now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(device.last_t + 1, server_now)
    return f"{hotp(secret_of(key), step, digits=device.digits):06d}"


def test_central_staff_set_up_and_use_two_factor_sign_in(page, live_server, roster, two_factor_on, check_a11y, sign_in):
    from tests.factories.councils import UserFactory

    UserFactory(username="carol", role="central", council=None)

    sign_in(page, "carol", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator("svg.app-qr")).to_be_visible()
    check_a11y(page)

    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#manual-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)

    page.wait_for_timeout(1100)  # a wrong code makes the next try wait a second
    page.get_by_label("Code from your authenticator app").fill(code_from_key(key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    codes = page.locator("#recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    check_a11y(page)

    page.get_by_role("link", name="I've saved my codes: continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The pilot programme")
    check_a11y(page)

    page.get_by_role("link", name="Two-factor sign-in").click()
    expect(page.locator(".govuk-tag")).to_have_text("On")
    check_a11y(page)

    # Next sign-in: a code from the app, for a later time step than the one used to set up (a code is accepted once
    # only).
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "carol", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    check_a11y(page)
    page.get_by_label("Code from your authenticator app").fill(code_for_the_next_unused_step(key, "carol"))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The pilot programme")

    # Lost phone: a recovery code.
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "carol", PASSWORD)
    page.get_by_role("link", name=re.compile("use a recovery code")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Use a recovery code")
    check_a11y(page)
    page.get_by_label("Recovery code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("You have 9 left")).to_be_visible()
    check_a11y(page)


def test_a_locked_out_account_sees_what_to_do_and_an_admin_unlocks_it(
    page, context, live_server, roster, check_a11y, sign_in, settings
):
    from tests.factories.councils import UserFactory

    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="alice", role="central", council=None)
    UserFactory(username="dan", role="admin", council=None, is_staff=True, is_superuser=True)
    # The admin, in another browser at the same address, signs in first.
    admin_page = context.browser.new_context().new_page()
    sign_in(admin_page, "dan", PASSWORD)

    for _ in range(3):
        sign_in(page, "alice", "wrong password")
    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot sign in for now")
    check_a11y(page)

    page = admin_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Sign-ins", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in record")
    check_a11y(page)
    page.get_by_role("link", name="See who is locked out now").click()
    check_a11y(page)
    page.get_by_role("button", name="Unlock alice").click()
    expect(page.get_by_text("Unlocked alice")).to_be_visible()
    check_a11y(page)


def test_an_approver_invites_an_officer_who_sets_a_password(page, live_server, roster, check_a11y, sign_in):
    from django.core import mail

    from councils.models import Council
    from tests.factories.councils import UserFactory

    UserFactory(username="amir", role="approver", council=Council.objects.get(gss_code="E08000025"))
    sign_in(page, "amir", PASSWORD)
    page.get_by_role("link", name="Accounts", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accounts")
    check_a11y(page)
    page.get_by_role("link", name="Invite an officer").click()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)
    page.get_by_label("First name").fill("Nadia")
    page.get_by_label("Last name").fill("New")
    page.get_by_label("Email address").fill("nadia@birmingham.gov.uk")
    page.get_by_label("Username").fill("nadia")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("We've sent an invitation")).to_be_visible()
    check_a11y(page)

    link = re.search(r"http://\S+/accounts/invitation/\S+/", mail.outbox[-1].body).group(0)
    page.get_by_role("button", name="Sign out").click()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    check_a11y(page)
    page.get_by_label("Password", exact=True).fill("a-long-new-passphrase-2012")
    page.get_by_label("Confirm password").fill("a-long-new-passphrase-2012")
    page.get_by_role("button", name="Set password").click()
    expect(page.get_by_text("Your password is set")).to_be_visible()
    sign_in(page, "nadia", "a-long-new-passphrase-2012")
    expect(page.get_by_text("Signed in as")).to_be_visible()
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    check_a11y(page)
