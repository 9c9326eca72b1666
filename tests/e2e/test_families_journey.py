import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def alice(transactional_db):
    from tests.factories.councils import CouncilFactory, UserFactory

    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    return UserFactory(username="alice", role="officer", council=council, first_name="Alice", last_name="Officer")


def test_an_officer_adds_a_family_and_a_record_finds_it_and_loads_a_file(
    page, live_server, alice, check_a11y, sign_in, tmp_path
):
    from families.casefile import write_workbook
    from families.examples import example_sheets

    sign_in(page, "alice", PASSWORD)
    page.get_by_role("link", name="Families", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Birmingham's families")
    check_a11y(page)

    page.get_by_role("link", name="Add a family").click()
    page.get_by_role("button", name="Add family").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the case reference")
    check_a11y(page)

    page.get_by_label("Case reference").fill("BHM-E2E-1")
    page.locator("#id_identified_on_day").fill("1")
    page.locator("#id_identified_on_month").fill("5")
    page.locator("#id_identified_on_year").fill("2012")
    page.get_by_label("Crime or anti-social behaviour").check()
    page.get_by_label("Education").check()
    page.get_by_label("An adult on out-of-work benefits").check()
    page.get_by_label("Key worker (optional)").select_option(label="Alice Officer")
    page.locator("#id_attached_on_day").fill("4")
    page.locator("#id_attached_on_month").fill("6")
    page.locator("#id_attached_on_year").fill("2012")
    page.get_by_role("button", name="Add family").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Family BHM-E2E-1")
    expect(page.get_by_text("Meets 3 of the 4 criteria.")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Add a household member").click()
    page.get_by_label("Person reference").fill("1")
    page.get_by_label("Adult").check()
    page.locator("#id_date_of_birth_day").fill("2")
    page.locator("#id_date_of_birth_month").fill("3")
    page.locator("#id_date_of_birth_year").fill("1979")
    page.get_by_label("Name (optional)").fill("Jane Example")
    check_a11y(page)
    page.get_by_role("button", name="Add household member").click()
    expect(page.get_by_role("cell", name="2 March 1979")).to_be_visible()

    page.get_by_role("link", name="Add an offence or anti-social behaviour").click()
    page.get_by_label("Anti-social behaviour").check()
    page.locator("#id_occurred_on_day").fill("14")
    page.locator("#id_occurred_on_month").fill("2")
    page.locator("#id_occurred_on_year").fill("2012")
    check_a11y(page)
    page.get_by_role("button", name=re.compile("^Add offence")).click()
    expect(page.get_by_role("row", name=re.compile("14 February 2012 Anti-social behaviour"))).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Remove anti-social behaviour on 14 February 2012").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove this offence or anti-social behaviour?")
    check_a11y(page)
    page.get_by_role("link", name="Cancel").click()

    page.get_by_role("link", name="Families", exact=True).first.click()
    page.get_by_label("Case reference").fill("E2E")
    page.get_by_label("Status").select_option("attached")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("table.govuk-table tbody tr")).to_have_count(1)
    expect(page.get_by_role("link", name="BHM-E2E-1")).to_be_visible()
    check_a11y(page)

    page.get_by_role("link", name="Load cases from a file").click()
    check_a11y(page)
    bad = example_sheets()
    bad["families"][0]["identified_on"] = "someday"
    bad_path = tmp_path / "bad.xlsx"
    bad_path.write_bytes(write_workbook(bad))
    page.get_by_label("Case file").set_input_files(str(bad_path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("1 problem in bad.xlsx")
    expect(
        page.get_by_role("cell", name="'someday' is not a date: enter it as YYYY-MM-DD or DD/MM/YYYY")
    ).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="load it again").click()

    path = tmp_path / "cases.xlsx"
    path.write_bytes(write_workbook(example_sheets(key_worker=alice.email)))
    page.get_by_label("Case file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check and confirm cases.xlsx")
    check_a11y(page)
    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("cases.xlsx is loaded")
    expect(page.get_by_text("families: 2 created, 0 updated, 0 unchanged; records: 6")).to_be_visible()
    check_a11y(page)
    page.get_by_role("link", name="See your families").click()
    expect(page.get_by_role("link", name="BHM-2012-0001")).to_be_visible()
    check_a11y(page)
