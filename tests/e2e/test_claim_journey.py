"""A claim from preparation to payment in Chromium, each user starting from the work queue on their home: officer,
approver, two central reviewers (who checks cannot approve; who approves cannot pay); the claim is returned to
the council once and submitted again. axe on every page."""

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
    carol = UserFactory(username="carol", role=User.Role.CENTRAL, council=None, first_name="Carol")
    UserFactory(username="sam", role=User.Role.CENTRAL, council=None, first_name="Sam")
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=20), opened_by=carol)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_a_claim_goes_from_preparation_to_payment(page, live_server, cast, check_a11y, sign_in):
    # The officer starts at home: her queue says which families have results to claim now.
    sign_in(page, "alice", PASSWORD)
    expect(page.locator("#work-queue")).to_contain_text("2 families have results you can claim now")
    expect(page.locator("#work-queue")).to_contain_text("4 payments worth £")
    check_a11y(page)
    page.get_by_role("link", name=re.compile("families have results you can claim now")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Families with results you can claim now")
    check_a11y(page)
    page.get_by_role("link", name="BHM-000").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("BHM-000")
    check_a11y(page)
    page.go_back()
    page.get_by_role("link", name="Prepare a draft claim").click()
    check_a11y(page)
    page.get_by_role("button", name="Prepare the draft claim").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Prepare the draft claim").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("results as of 31 March 2013")
    expect(page.get_by_text(re.compile("Draft claim prepared with 4 lines, £"))).to_be_visible()
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

    # The approver, from home, checks the claim in pounds before submitting it.
    sign_in(page, "amir", PASSWORD)
    expect(page.locator("#work-queue")).to_contain_text("1 claim waits for your sign-off")
    check_a11y(page)
    page.get_by_role("link", name="1 claim waits for your sign-off").click()
    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page).to_have_url(claim_url)
    check_a11y(page)
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_label("Signed off for internal audit by").fill("Head of Internal Audit")
    page.get_by_label("Signed off by the troubled families coordinator").fill("TF Coordinator")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Confirm the declaration")
    check_a11y(page)
    page.get_by_label(re.compile("^I declare")).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the claim before you submit it")
    expect(page.locator("#what-will-happen")).to_contain_text("£6,500")
    check_a11y(page)
    page.get_by_role("button", name="Confirm and submit the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted: 3 lines, £6,500")
    check_a11y(page)
    sign_out(page)

    # Central staff: carol reviews, samples and checks; she may not approve what she checked.
    sign_in(page, "carol", PASSWORD)
    expect(page.locator("#work-queue")).to_contain_text("1 claim waits for review")
    check_a11y(page)
    page.get_by_role("link", name="1 claim waits for review").click()
    expect(page.get_by_role("heading", name="Review queue")).to_be_visible()
    check_a11y(page)
    page.goto(claim_url)
    expect(page.get_by_text("Hidden Name")).to_have_count(0)
    # The sign-off is wrong: carol returns the claim to the council, saying why, after seeing what happens.
    page.get_by_role("link", name="Return to the council").click()
    expect(page.locator("#what-will-happen")).to_contain_text("3 lines, £6,500")
    page.get_by_role("button", name="Return the claim to the council").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason the claim is returned")
    check_a11y(page)
    page.get_by_label("Why is the claim returned to the council?").fill("Internal audit must sign off in person")
    page.get_by_role("button", name="Return the claim to the council").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("back in draft for the council to correct")
    check_a11y(page)
    sign_out(page)

    # The approver sees it returned on his home, reads why, and submits it again.
    sign_in(page, "amir", PASSWORD)
    page.get_by_role("link", name="1 claim was returned to you to correct").click()
    expect(page).to_have_url(claim_url)
    expect(page.locator("#claim-returned")).to_contain_text("Internal audit must sign off in person")
    check_a11y(page)
    page.get_by_role("link", name="Check and submit").click()
    page.get_by_label("Signed off for internal audit by").fill("Head of Internal Audit, in person")
    page.get_by_label("Signed off by the troubled families coordinator").fill("TF Coordinator")
    page.get_by_label(re.compile("^I declare")).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Confirm and submit the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("submitted: 3 lines, £6,500")
    sign_out(page)

    sign_in(page, "carol", PASSWORD)
    page.get_by_role("link", name="1 claim waits for review").click()
    page.goto(claim_url)
    page.get_by_role("button", name=re.compile("Draw the spot-check sample")).click()
    expect(page.get_by_text("Spot-check sample drawn").first).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name=re.compile("^Record the check")).click()
    check_a11y(page)
    page.get_by_label("Passed").check()
    page.get_by_label("Notes").fill("Attachment letter and referral seen")
    page.get_by_role("button", name="Record the check").click()
    page.get_by_role("link", name="Accept remaining lines").click()
    expect(page.locator("#what-will-happen")).to_contain_text("Accepted after this")
    expect(page.locator("#what-will-happen")).to_contain_text("£6,500")
    check_a11y(page)
    page.get_by_role("button", name="Accept these lines").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("lines accepted")
    page.get_by_role("link", name="Approve the claim").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("You recorded a spot check on this claim")
    expect(page.get_by_role("button", name="Approve the claim")).to_have_count(0)
    check_a11y(page)
    sign_out(page)

    # Sam approves, after seeing the payment it makes due.
    sign_in(page, "sam", PASSWORD)
    page.get_by_role("link", name="1 claim waits for review").click()
    page.goto(claim_url)
    page.get_by_role("link", name="Approve the claim").click()
    expect(page.locator("#what-will-happen")).to_contain_text("Payment due once approved")
    expect(page.locator("#what-will-happen")).to_contain_text("£6,500")
    check_a11y(page)
    page.get_by_role("button", name="Approve the claim").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("approved: 3 lines, £6,500")
    check_a11y(page)
    page.get_by_role("link", name="Record payment").click()
    expect(page.get_by_text("You approved this claim, so someone else")).to_be_visible()
    sign_out(page)

    # Carol records the payment, after checking the net amount.
    sign_in(page, "carol", PASSWORD)
    page.get_by_role("link", name="1 approved claim waits for payment").click()
    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    page.get_by_role("link", name="Record payment").click()
    check_a11y(page)
    page.get_by_label("Payment reference").fill("TF-PAY-0001")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the payment before you record it")
    expect(page.locator("#what-will-happen")).to_contain_text("Net payment to Birmingham")
    expect(page.locator("#what-will-happen")).to_contain_text("£6,500")
    check_a11y(page)
    page.get_by_role("button", name="Confirm and record the payment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Payment of £6,500 to Birmingham recorded")
    expect(page.get_by_text("£6,500 on")).to_be_visible()
    expect(page.locator("#claim-steps")).to_contain_text("Approved by Sam")
    expect(page.locator("#claim-steps")).to_contain_text("Payment recorded by Carol")
    timeline = page.locator(".app-timeline")
    for step in (
        "Prepared",
        "Line removed",
        "Submitted",
        "Returned to the council",
        "Spot-check sample drawn",
        "Spot check passed",
        "Approved",
        "Paid",
    ):
        expect(timeline.get_by_role("heading", name=step, exact=True).first).to_be_visible()
    expect(timeline.get_by_role("heading", name="Submitted", exact=True)).to_have_count(2)
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
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2013")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("table")).to_contain_text("Turned around")
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/budget/")
    expect(page.get_by_text("£448,000,000", exact=False).first).to_be_visible()
    check_a11y(page)
    page.goto(f"{live_server.url}/claims/monitoring/")
    expect(page.get_by_role("link", name=re.compile("Download the extract"))).to_be_visible()
    check_a11y(page)
