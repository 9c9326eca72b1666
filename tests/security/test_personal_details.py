"""Central staff never see a person's name or date of birth: every page and CSV export they can reach, on demo
data whose families carry known names and dates of birth (tests/security/demo.py), contains none of them."""

import io
import re
import zipfile

import pytest

from tests.security.targets import TARGETS

PAGES = sorted(name for name, target in TARGETS.items() if not target.post_only)
LINK = re.compile(r'href="(/[^"#]*)"')
SKIPPED_LINKS = ("/static/", "/admin/", "/accounts/logout/")
MAX_LINKED_PAGES = 300


def body_of(response) -> str:
    """The text a person could read in the response: a page, a CSV, or the sheets of a spreadsheet (a zip)."""
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if content.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    return content.decode(errors="replace")


def personal_details_in(body: str, details: list[str]) -> list[str]:
    return [detail for detail in details if detail in body]


def test_the_check_finds_a_name_and_a_date_of_birth(demo):
    assert "Peregrine Quillfeather Birmingham" in demo.personal_details
    assert "14 March 1979" in demo.personal_details
    body = "<td>Peregrine Quillfeather Birmingham</td><td>14/03/1979</td>"
    assert personal_details_in(body, demo.personal_details) == [
        "14/03/1979",
        "Peregrine",
        "Peregrine Quillfeather Birmingham",
        "Quillfeather",
    ]


@pytest.mark.parametrize("name", PAGES)
def test_central_staff_see_no_names_or_dates_of_birth(client, demo, name):
    client.force_login(demo.central)
    url = TARGETS[name].url(name, demo)
    urls = [url, f"{url}?_export=csv"] if TARGETS[name].csv else [url]
    for address in urls:
        response = client.get(address)
        found = personal_details_in(body_of(response), demo.personal_details)
        assert not found, f"{address} shows central staff personal details: {found}"


def test_central_staff_see_none_on_any_page_linked_from_theirs(client, demo):
    """Follows the links of every page central staff reach (lists lead to each object's page), bounded."""
    client.force_login(demo.central)
    queue = [TARGETS[name].url(name, demo) for name in PAGES]
    seen: set[str] = set()
    reached = 0
    while queue and len(seen) < MAX_LINKED_PAGES:
        url = queue.pop(0)
        if url in seen or url.startswith(SKIPPED_LINKS):
            continue
        seen.add(url)
        response = client.get(url)
        body = body_of(response)
        found = personal_details_in(body, demo.personal_details)
        assert not found, f"{url} shows central staff personal details: {found}"
        if response.status_code == 200:
            reached += 1
            if response["Content-Type"].startswith("text/html"):
                queue += [link.replace("&amp;", "&") for link in LINK.findall(body)]
    assert reached >= 10, f"central staff reached only {reached} pages: the crawl proves nothing"
