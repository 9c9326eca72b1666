import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def roster(transactional_db):
    call_command("seed_programme", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_officer_signs_in_and_browses_councils_and_pilots(page, live_server, roster, check_a11y, sign_in):
    from councils.models import Council
    from tests.factories.councils import UserFactory

    UserFactory(username="alice", role="officer", council=Council.objects.get(gss_code="E08000025"))

    page.goto(f"{live_server.url}/councils/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    check_a11y(page)

    sign_in(page, "alice", "wrong password")
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)

    sign_in(page, "alice", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Birmingham")
    check_a11y(page)

    page.get_by_role("link", name="Councils", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Councils")
    check_a11y(page)

    page.get_by_label("Region").select_option("North East")
    page.get_by_label("Pilot membership").select_option("none")
    page.get_by_role("button", name="Apply filters").click()
    expect(page).to_have_url(re.compile(r"region=North\+East"))
    rows = page.locator("table.govuk-table tbody tr")
    expect(rows.first).to_be_visible()
    expect(page.get_by_role("link", name="Hartlepool")).to_be_visible()
    expect(page.get_by_role("link", name="Newcastle upon Tyne")).to_have_count(0)  # in a pilot
    check_a11y(page)

    page.get_by_role("link", name="Hartlepool").click()
    expect(page.get_by_text("242 (five sixths of the estimate)")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Pilots", exact=True).click()
    page.get_by_label("Strand").select_option("neighbourhood")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(10)
    check_a11y(page)

    page.get_by_role("link", name=re.compile("^Newcastle")).click()
    expect(page.get_by_text("Kenton Bar", exact=True)).to_be_visible()
    check_a11y(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_admin_edits_the_roster(page, live_server, roster, sign_in):
    from tests.factories.councils import UserFactory

    UserFactory(username="dan", role="admin", council=None, is_staff=True, is_superuser=True)
    sign_in(page, "dan", PASSWORD)
    page.goto(f"{live_server.url}/admin/programme/pilot/?q=Kent")
    page.get_by_role("link", name="Kent", exact=True).click()
    page.get_by_label("Whitehall champion").fill("Sir Whitehall Champion")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    page.goto(f"{live_server.url}/pilots/kent/")
    expect(page.get_by_text("Sir Whitehall Champion")).to_be_visible()
