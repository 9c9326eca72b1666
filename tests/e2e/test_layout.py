"""Every page reachable from each role's home fits a 390 px phone and a 1280 px desktop (WCAG 2.2 1.4.10 reflow):
no page scrolls sideways, no table is wider than its column unless it scrolls in its own labelled region (and at
1280 px not even then), no column is squeezed to a word a line, no page is taller than 8,000 px at 1280 px, and
axe finds nothing. The crawl follows the demo data's links breadth-first (tests/e2e/layout_crawl.py)."""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import AXE_OPTIONS
from tests.e2e.layout_crawl import crawl, pattern

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "pilot-demo-2012"  # seed_demo's, printed by the command and in the README
# Where each demo user starts (a council's home; its families and claims, one link from home; central staff's and
# admins' homes) and a bound on the pages each visits, so that the crawl stays within about a minute and a half.
ROLES = {
    "officer.manchester": (8, ""),
    "officer": (8, "families/"),
    "approver": (6, "claims/"),
    "central": (12, ",national/"),  # the home, and the national picture's overview and sections
    "admin": (5, ""),
}


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_page_reflows_fits_its_tables_and_passes_axe(page, live_server, demo, axe, sign_in):
    checked: set[str] = set()  # axe runs once on each kind of page, whoever reaches it first

    def check(page_) -> list[str]:
        kind = pattern(page_.url)
        if page_.viewport_size["width"] >= 1280 or kind in checked:
            return []
        checked.add(kind)
        results = axe.run(page_, options=AXE_OPTIONS)
        return [f"axe: {v['id']} ({v['help']})" for v in results.response["violations"]]

    problems, visited = [], 0
    for username, (limit, start) in ROLES.items():
        page.context.clear_cookies()
        sign_in(page, username, DEMO_PASSWORD)
        views = crawl(page, [f"{live_server.url}/{s}" for s in start.split(",")], limit=limit, per_kind=1, check=check)
        visited += len({v.url for v in views})
        problems += [
            f"{username} at {v.width} px, {v.url.removeprefix(live_server.url)}: {p}" for v in views for p in v.problems
        ]
    assert not problems, "\n".join(problems)
    assert visited >= 30, f"the crawl reached only {visited} pages"
    assert {"/national/families/", "/claims/N/", "/families/N/"} <= checked, checked  # the pages that were wide
