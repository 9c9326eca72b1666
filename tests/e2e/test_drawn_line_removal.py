"""A council officer correcting a returned claim is warned, on the line's page, before removing a line drawn for a
spot check; removing it fails the check. At a desktop's width and a phone's, with axe."""

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.e2e

WARNING = "This line was drawn for a spot check. If you remove it, the check is recorded as failed"


@pytest.fixture
def returned(transactional_db):
    from councils.models import User
    from funding import actions
    from tests.factories.councils import CouncilFactory, UserFactory
    from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
    from tests.factories.funding import ClaimWindowFactory
    from tests.funding.conftest import load_schedules, submit

    load_schedules()
    council = CouncilFactory(gss_code="E08000025", name="Birmingham", troubled_families_estimate=4180)
    for i in range(2):
        family = FamilyFactory(council=council, reference=f"BHM-{i:03d}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2012, 8, 1))
    alice = UserFactory(username="alice", role=User.Role.OFFICER, council=council)
    amir = UserFactory(username="amir", role=User.Role.APPROVER, council=council)
    carol = UserFactory(username="carol", role=User.Role.CENTRAL, council=None)
    today = timezone.localdate()
    ClaimWindowFactory(opens_on=today, closes_on=today + dt.timedelta(days=20), opened_by=carol)
    claim = submit(actions.prepare_claim(alice, dt.date(2013, 3, 31)), amir)
    (check,) = actions.draw_sample(carol, claim, rate=1, seed=3)
    actions.return_claim(carol, claim, reason="The coordinator's sign-off names the wrong person")
    return check


@pytest.mark.parametrize("width", [1280, 390])
def test_the_officer_is_warned_before_removing_a_drawn_line(page, live_server, returned, sign_in, check_a11y, width):
    from funding.models import SpotCheck

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "alice", PASSWORD)
    page.goto(f"{live_server.url}/claims/{returned.claim_id}/lines/{returned.line_id}/")
    expect(page.get_by_text(WARNING)).to_be_visible()
    if os.environ.get("SCREENSHOT"):  # a picture of the page, to look at
        page.screenshot(path=f"{os.environ['SCREENSHOT']}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page does not scroll sideways"
    check_a11y(page)
    page.get_by_label("Why is this line removed?").fill("No referral letter on file")
    page.get_by_role("button", name="Remove the line").click()
    expect(page.get_by_text("No referral letter on file").first).to_be_visible()
    check_a11y(page)
    returned.refresh_from_db()
    assert returned.outcome == SpotCheck.Outcome.FAILED
