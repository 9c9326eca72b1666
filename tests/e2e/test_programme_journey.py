"""A pilot approver updates the plan and submits a return; a central reviewer comments and moves an ask."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def birmingham_plan(transactional_db):
    from councils.models import Council
    from programme.models import Pilot
    from tests.factories.councils import UserFactory
    from tests.factories.programme import AskFactory, MeasureFactory, MilestoneFactory, PlanFactory

    call_command("seed_programme", stdout=open("/dev/null", "w"))  # noqa: SIM115
    council = Council.objects.get(gss_code="E08000025")
    UserFactory(username="amir", role="approver", council=council, first_name="Amir")
    UserFactory(username="carol", role="central", council=None, first_name="Carol")
    plan = PlanFactory(pilot=Pilot.objects.get(slug="birmingham"))
    AskFactory(plan=plan, request="Let key workers see benefit records", department="dwp")
    MilestoneFactory(plan=plan, title="Family teams recruited", due_on=dt.date(2011, 6, 30))
    MeasureFactory(plan=plan, name="Families with a key worker", baseline=0, target=450)
    return plan


def test_approver_updates_and_returns_then_central_reviews_and_moves_an_ask(
    page, live_server, birmingham_plan, check_a11y, sign_in
):
    sign_in(page, "amir", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Birmingham")
    check_a11y(page)

    page.get_by_role("link", name="Birmingham", exact=True).first.click()
    expect(page.get_by_role("heading", name="Community-budget plan")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Change the partnership").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The partnership")
    check_a11y(page)
    page.get_by_label("Partner agency").last.fill("")
    page.get_by_label("Role in the partnership").last.fill("Employment advisers")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Partner agency").last.fill("Jobcentre Plus")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("The partnership saved as a draft")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Jobcentre Plus")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Publish a new version").click()
    expect(page.get_by_text("Added: Jobcentre Plus")).to_be_visible()
    check_a11y(page)
    page.get_by_label("What changed in this version").fill("Jobcentre Plus joins")
    page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_text("Version 1 of the plan is published")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Submit a quarterly return").click()
    check_a11y(page)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a RAG rating")
    check_a11y(page)
    page.get_by_label("Quarter").select_option(label="2011/12 Q1")
    page.get_by_label("Amber").check()
    page.get_by_label("Narrative").fill("Teams recruited; shared records late.")
    page.get_by_label(re.compile("^Family teams recruited")).select_option("done")
    page.get_by_label(re.compile("^Families with a key worker")).fill("120")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Return for 2011/12 Q1")
    check_a11y(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    check_a11y(page)

    sign_in(page, "carol", PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("The pilot programme")
    check_a11y(page)
    page.get_by_role("link", name="National picture").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The national picture")
    check_a11y(page)
    page.goto(f"{live_server.url}/pilots/birmingham/asks/")
    check_a11y(page)
    page.get_by_role("link", name="Let key workers see benefit records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Let key workers see benefit records")
    check_a11y(page)
    page.get_by_label("Agreed").check()
    page.get_by_role("button", name="Move the ask").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was agreed")
    check_a11y(page)
    page.get_by_label("In discussion").check()
    page.get_by_label("Comment", exact=True).first.fill("Raised with DWP's data team")
    page.get_by_role("button", name="Move the ask").click()
    expect(page.get_by_text("The ask is now in discussion")).to_be_visible()
    expect(page.get_by_text("moved from raised to in discussion")).to_be_visible()
    check_a11y(page)

    page.goto(f"{live_server.url}/pilots/birmingham/returns/")
    check_a11y(page)
    page.get_by_role("link", name="2011/12 Q1").click()
    check_a11y(page)
    page.get_by_label("Comment").fill("Please set a date for the shared records.")
    page.get_by_role("button", name="Add review comment").click()
    expect(page.get_by_text("Your review comment is added")).to_be_visible()
    expect(page.get_by_text("Please set a date for the shared records.")).to_be_visible()
    check_a11y(page)
