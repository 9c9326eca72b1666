"""Each role's home in Chromium: the work queue, its links landing on the list of what it counted, and a claim of
25 lines that reads in one screenful or two (not a 6,000 px page). axe on every page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

# Every other line has as long a reason as the rules write (the demo's longest, 163 characters; the mean is 39).
REASON = (
    "ASB down 100% (2 → 0); offending down 100% (3 → 0); education: C1 mean absence 5%, 0 exclusions, "
    "C2 mean absence 9%, 0 exclusions, C3 mean absence 6%, 0 exclusions"
)


@pytest.fixture
def cast(transactional_db, settings):
    from councils.models import User
    from funding.models import Claim
    from tests.factories.councils import CouncilFactory, UserFactory
    from tests.factories.families import FamilyFactory
    from tests.factories.funding import ClaimFactory, ClaimLineFactory, ClaimWindowFactory
    from tests.factories.programme import AskFactory, MembershipFactory, PilotFactory, PlanFactory
    from tests.funding.conftest import load_schedules

    settings.PROGRAMME_DATE = dt.date(2013, 6, 30)
    load_schedules()
    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    alice = UserFactory(username="alice", role=User.Role.OFFICER, council=council)
    amir = UserFactory(username="amir", role=User.Role.APPROVER, council=council)
    carol = UserFactory(username="carol", role=User.Role.CENTRAL, council=None)
    UserFactory(username="dan", role=User.Role.ADMIN, council=None, is_staff=True, is_superuser=True)
    window = ClaimWindowFactory(opens_on=dt.date(2013, 6, 1), closes_on=dt.date(2013, 7, 31), opened_by=carol)
    claim = ClaimFactory(council=council, prepared_by=alice)
    for i in range(25):
        family = FamilyFactory(council=council, reference=f"BHM-{i:03d}", key_worker=alice if i else None)
        ClaimLineFactory(claim=claim, family=family, reason=REASON if i % 2 else "Attached on 1 June 2012.")
    claim.status, claim.submitted_by = Claim.Status.SUBMITTED, amir
    claim.submitted_at, claim.window = dt.datetime(2013, 6, 2, tzinfo=dt.UTC), window
    claim.save()
    pilot = PilotFactory(name="Birmingham", slug="birmingham", started_on=dt.date(2011, 4, 1))
    MembershipFactory(pilot=pilot, council=council, is_lead=True)
    AskFactory(plan=PlanFactory(pilot=pilot), request="Let key workers see benefit records", status="raised")
    return claim


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()


def test_each_home_shows_its_queue_and_links_to_what_it_counted(page, live_server, cast, check_a11y, sign_in):
    sign_in(page, "alice", PASSWORD)
    queue = page.locator("#work-queue")
    expect(queue).to_contain_text("1 open case has no key worker")
    expect(page.get_by_text("late or missing return")).to_have_count(0)
    check_a11y(page)
    page.get_by_role("link", name="1 open case has no key worker").click()
    expect(page.locator("table")).to_contain_text("BHM-000")
    expect(page.locator("table")).not_to_contain_text("BHM-001")
    check_a11y(page)
    sign_out(page)

    sign_in(page, "carol", PASSWORD)
    expect(queue).to_contain_text("1 claim waits for review")
    expect(queue).to_contain_text("1 ask of Whitehall is raised and not answered")
    check_a11y(page)
    page.get_by_role("link", name="1 ask of Whitehall is raised and not answered").click()
    expect(page.locator("table")).to_contain_text("Let key workers see benefit records")
    check_a11y(page)
    page.goto(live_server.url)
    page.get_by_role("link", name="1 claim waits for review").click()
    page.get_by_role("link", name=re.compile(r"^#\d+$")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claim #")
    # The lines table has the page's width: 25 lines with their reasons in a page of modest height.
    page.set_viewport_size({"width": 1280, "height": 900})
    height = page.evaluate("document.documentElement.scrollHeight")
    rows = page.evaluate("Array.from(document.querySelectorAll('.app-claim-lines tbody tr')).map(r => r.offsetHeight)")
    assert height < 4000, f"{height} {rows}"
    expect(page.get_by_role("link", name="BHM-000", exact=True)).to_have_attribute(
        "href", re.compile(r"^/families/\d+/$")
    )  # the family's page (no personal details)
    check_a11y(page)
    sign_out(page)

    sign_in(page, "dan", PASSWORD)
    expect(queue).to_contain_text("0 accounts are locked out")
    check_a11y(page)
