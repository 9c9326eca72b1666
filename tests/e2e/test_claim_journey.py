"""A claim from preparation to payment in Chromium: officer, approver, central reviewer. axe on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def cast(transactional_db):
    from councils.models import User
    from tests.factories.councils import CouncilFactory, UserFactory
    from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
    from tests.factories.funding import ClaimWindowFactory
    from tests.funding.conftest import load_schedules

    load_schedules()
    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    for i in range(2):
        family = FamilyFactory(council=council, reference=f"BHM-{i:03d}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family, name=f"Hidden Name {i}"), referred_on=dt.date(2012, 8, 1))
    UserFactory(username="alice", role=User.Role.OFFICER, council=council)
    UserFactory(username="amir", role=User.Role.APPROVER, council=council)
    carol = UserFactory(username="carol", role=User.Role.CENTRAL, council=None)
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=20), opened_by=carol)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_claim_goes_from_preparation_to_payment(page, live_server, cast, check_a11y, sign_in):
    # The officer prepares a draft for 31 March 2013 and removes one line.
    sign_in(page, "alice", PASSWORD)
    page.goto(f"{live_server.url}/claims/")
    check_a11y(page)
    page.get_by_role("link", name="Prepare a claim").click()
    check_a11y(page)
    page.get_by_role("button", name="Prepare the draft claim").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Prepare the draft claim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("results as of 31 March 2013")
    expect(page.get_by_text("Draft claim prepared with 4 lines")).to_be_visible()
    check_a11y(page)
    claim_url = page.url
    page.get_by_role("link", name=re.compile("Remove BHM-001 Progress to work")).click()
    check_a11y(page)
    page.get_by_label("Why is this line removed?").fill("Referral letter not yet on file")
    page.get_by_role("button", name="Remove the line").click()
    expect(page.get_by_text("Referral letter not yet on file").first).to_be_visible()
    page.goto(f"{live_server.url}/claims/families/{_family_pk('BHM-000')}/results/?on=2013-03-31")
    expect(page.get_by_text("Referred to Work Programme on 1 August 2012")).to_be_visible()
    check_a11y(page)
    sign_out(page)

    # The approver signs it off and submits it.
    sign_in(page, "amir", PASSWORD)
    page.goto(claim_url)
    check_a11y(page)
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_label("Signed off for internal audit by").fill("Head of Internal Audit")
    page.get_by_label("Signed off by the troubled families coordinator").fill("TF Coordinator")
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the declaration")
    check_a11y(page)
    page.get_by_label(re.compile("^I declare")).check()
    page.get_by_role("button", name="Submit the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Claim submitted")
    check_a11y(page)
    sign_out(page)

    # Central staff: the review queue, a spot check, accept, approve, pay.
    sign_in(page, "carol", PASSWORD)
    page.goto(f"{live_server.url}/claims/")
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    check_a11y(page)
    page.goto(claim_url)
    expect(page.get_by_text("Hidden Name")).to_have_count(0)
    page.get_by_role("button", name=re.compile("Draw the spot-check sample")).click()
    expect(page.get_by_text("Spot-check sample drawn").first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=re.compile("^Record the check")).click()
    check_a11y(page)
    page.get_by_label("Passed").check()
    page.get_by_label("Notes").fill("Attachment letter and referral seen")
    page.get_by_role("button", name="Record the check").click()
    page.get_by_role("button", name="Accept remaining lines").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Remaining lines accepted")
    page.get_by_role("button", name="Approve the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Claim approved")
    check_a11y(page)
    page.get_by_role("link", name="Record payment").click()
    check_a11y(page)
    page.get_by_label("Payment reference").fill("TF-PAY-0001")
    page.get_by_role("button", name="Record the payment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Payment recorded")
    expect(page.get_by_text("£6,500 on")).to_be_visible()
    timeline = page.locator(".app-timeline")
    for step in (
        "Prepared",
        "Line removed",
        "Submitted",
        "Spot-check sample drawn",
        "Spot check passed",
        "Approved",
        "Paid",
    ):
        expect(timeline.get_by_role("heading", name=step, exact=True)).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/statements/?council=E08000025")
    expect(page.locator("table").filter(has_text="Cash paid").first).to_contain_text("£6,500")
    check_a11y(page)


def _family_pk(reference: str) -> int:
    from families.models import Family

    return Family.objects.get(reference=reference).pk


def test_the_money_pages_read_well_for_each_role(page, live_server, cast, check_a11y, sign_in):
    from funding.models import Grant, ProgrammeBudget

    # Seeded by a migration; transactional tests empty the tables, so it is made again here.
    ProgrammeBudget.objects.get_or_create(
        name="Troubled Families 2012-15",
        defaults={"total": 448_000_000, "first_year": "2012/13", "last_year": "2014/15"},
    )
    Grant.objects.create(scheme="dissemination_hub", recipient="10 areas", financial_year="2012/13", amount=50000)
    sign_in(page, "alice", PASSWORD)
    page.goto(f"{live_server.url}/claims/progress/?on=2013-03-31")
    expect(page.locator("table")).to_contain_text("Families worked with (attached)")
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/statements/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Statement: Birmingham")
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/grants/")
    expect(page.get_by_text("No payment recorded yet.")).to_be_visible()
    check_a11y(page)
    sign_out(page)

    sign_in(page, "carol", PASSWORD)
    page.goto(f"{live_server.url}/claims/windows/")
    check_a11y(page)
    page.get_by_role("button", name="Save the window").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/progress/")
    page.get_by_label("Council").select_option("E08000025")
    page.get_by_label("Results as of").fill("2013-03-31")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table")).to_contain_text("Turned around")
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/budget/")
    expect(page.get_by_text("£448,000,000", exact=False).first).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/monitoring/")
    expect(page.get_by_role("link", name=re.compile("Download the extract"))).to_be_visible()
    check_a11y(page)
