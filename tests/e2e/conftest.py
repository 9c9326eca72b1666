"""Browser journeys in Debian's Chromium (Playwright), with axe checking every page visited."""

import pytest
from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every WCAG 2.2 A/AA rule runs; only the violations come back in full (each other kind of result names one element),
# which halves the time of a check: the tests read only the violations.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
        ],
    }


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def check_a11y(axe):
    """Call with a page: fails on any WCAG 2.2 A/AA violation, naming each rule and where it broke."""

    def check(page) -> None:
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        assert not violations, f"{page.url}:\n" + results.generate_report()

    return check


@pytest.fixture
def sign_in(live_server):
    def sign_in_as(page, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return sign_in_as


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """The server thread is stopped (and its connections closed) before the test database is dropped."""
    return live_server
