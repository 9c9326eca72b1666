"""On a phone the claims page's review queue scrolls sideways in its own region, and its name stays readable: the
name is a heading above the region, not a caption that scrolls (and is clipped) with the table."""

import os

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "pilot-demo-2012"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--force", stdout=open(os.devnull, "w"))  # noqa: SIM115


def test_the_review_queues_name_is_readable_on_a_phone(page, live_server, demo, sign_in, check_a11y):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "central", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/claims/")
    if os.environ.get("SCREENSHOT"):  # a picture of the page, to look at
        page.screenshot(path=os.environ["SCREENSHOT"], full_page=True)
    heading = page.get_by_role("heading", name="Submitted claims whose window has opened")
    region = page.get_by_role("region", name="Submitted claims whose window has opened")
    box, scroll = heading.bounding_box(), region.bounding_box()
    assert box["y"] + box["height"] <= scroll["y"], "the name is above the scrolling region"
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the name fits the phone's width"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself does not scroll sideways"
    table = page.get_by_role("table", name="Submitted claims whose window has opened")
    assert table.count() == 1, "the table keeps its name"
    check_a11y(page)
