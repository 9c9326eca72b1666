"""A claim's page with its lines: the lines in reference order, page by page and sorted by each column, a fixed
number of queries however many lines and spot checks the claim has, each role's links, and the family reference
each line keeps (the database carries a family's new reference to its lines)."""

import datetime as dt
import re

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from funding import actions
from funding.models import ClaimLine, PaymentType
from funding.templatetags.claim_tags import claim_status_tag
from tests.factories.families import FamilyFactory, PersonFactory, ReferralFactory
from tests.funding.conftest import ON, submit

PER_PAGE = 25
LABELS = dict(PaymentType.choices)


def make_families(council, count: int, prefix: str = "CP") -> list:
    """Families whose references do not follow the order they were made in (so id order is not reference order),
    each with two payments to claim on ON: the attachment fee and progress to work."""
    made = []
    for i in range(count):
        number = (i * 7) % count  # a permutation of 0..count-1 when count is not a multiple of 7
        family = FamilyFactory(council=council, reference=f"{prefix}-{number:03d}", attached_on=dt.date(2012, 6, 1))
        ReferralFactory(person=PersonFactory(family=family), referred_on=dt.date(2012, 8, 1))
        made.append(family)
    return made


def rows_of(page: str) -> list[tuple[str, str]]:
    """(family reference, payment label) of each row of the lines table, in the page's order."""
    table = page.split('aria-label="Lines of the claim"')[1].split("</table>")[0]
    body = table.split("<tbody")[1]
    rows = []
    for row in body.split("</tr>")[:-1]:
        reference = re.search(r">([A-Z]+-\d{3})<", row).group(1)
        payment = next(label for label in LABELS.values() if f">{label}<" in row)
        rows.append((reference, payment))
    return rows


def every_row(client, claim, **params) -> list[tuple[str, str]]:
    lines = claim.lines.count()
    pages = -(-lines // PER_PAGE)
    rows = []
    for number in range(1, pages + 1):
        response = client.get(f"/claims/{claim.pk}/", {**params, "page": number})
        assert response.status_code == 200
        rows += rows_of(response.content.decode())
    return rows


@pytest.fixture
def big_claim(council, schedules, alice, amir, window):
    make_families(council, 30)
    return submit(actions.prepare_claim(alice, ON), amir)


def test_the_lines_are_in_reference_order_on_the_first_and_the_last_page(client, carol, big_claim):
    assert big_claim.lines.count() == 60
    client.force_login(carol)
    first = rows_of(client.get(f"/claims/{big_claim.pk}/").content.decode())
    assert first[:3] == [("CP-000", "Attachment fee"), ("CP-000", "Progress to work"), ("CP-001", "Attachment fee")]
    assert len(first) == PER_PAGE
    last = rows_of(client.get(f"/claims/{big_claim.pk}/", {"page": 3}).content.decode())
    assert len(last) == 10 and last[-1] == ("CP-029", "Progress to work")


@pytest.mark.parametrize(
    "sort, key",
    [
        ("family", lambda line: (line.family_reference, line.payment_type)),
        ("payment_type", lambda line: (line.payment_type, line.family_reference)),
        ("amount", lambda line: (line.amount, line.family_reference, line.payment_type)),
        ("status", lambda line: (line.status, line.family_reference, line.payment_type)),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_each_orderable_column_sorts_every_line_once_across_the_pages(client, carol, big_claim, sort, key, descending):
    """Every line appears once over the pages, in the column's order with the lines' own order breaking ties."""
    line = big_claim.lines.order_by("pk").first()
    actions.decide_line(carol, line, accept=False, reason="Not evidenced")  # two statuses to sort
    client.force_login(carol)
    rows = every_row(client, big_claim, sort=f"-{sort}" if descending else sort)
    lines = sorted(big_claim.lines.all(), key=key, reverse=descending)
    assert rows == [(line.family_reference, LABELS[line.payment_type]) for line in lines]


def test_the_filter_by_family_reference_finds_its_lines(client, alice, big_claim):
    client.force_login(alice)
    page = client.get(f"/claims/{big_claim.pk}/", {"family": "p-017"}).content.decode()
    assert rows_of(page) == [("CP-017", "Attachment fee"), ("CP-017", "Progress to work")]


def page_queries(client, user, claim) -> tuple[int, int]:
    """Queries of the claim's first page and of its last, for `user`."""
    client.force_login(user)
    counts = []
    for params in ({}, {"page": -(-claim.lines.count() // PER_PAGE)}):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/claims/{claim.pk}/", params).status_code == 200
        counts.append(len(queries))
    return tuple(counts)


def test_the_query_count_does_not_grow_with_the_lines_and_spot_checks(
    client, council, schedules, alice, amir, carol, window
):
    make_families(council, 3, prefix="SM")
    small = submit(actions.prepare_claim(alice, ON), amir)
    actions.draw_sample(carol, small)
    small_counts = {user.username: page_queries(client, user, small) for user in (carol, alice)}

    ClaimLine.objects.filter(claim=small).update(status=ClaimLine.Status.ACCEPTED)  # its payments are claimed
    make_families(council, 40, prefix="LG")
    large = submit(actions.prepare_claim(alice, ON), amir)
    actions.draw_sample(carol, large, rate=50)
    assert large.lines.count() == 80 and large.spot_checks.count() > small.spot_checks.count()
    for user in (carol, alice):
        assert page_queries(client, user, large) == small_counts[user.username], user.username


def test_each_role_sees_its_own_links_on_the_lines(client, council, schedules, alice, amir, carol, window):
    make_families(council, 3)
    draft = actions.prepare_claim(alice, ON)
    line = draft.lines.order_by("family_reference", "payment_type").first()
    client.force_login(alice)
    page = client.get(f"/claims/{draft.pk}/").content.decode()
    assert f'href="/claims/{draft.pk}/lines/{line.pk}/">Remove<span class="govuk-visually-hidden"> CP-000' in page

    submitted = submit(draft, amir)
    assert ">Remove<" not in client.get(f"/claims/{submitted.pk}/").content.decode()  # no longer the council's
    client.force_login(carol)
    page = client.get(f"/claims/{submitted.pk}/").content.decode()
    assert f'href="/claims/{submitted.pk}/lines/{line.pk}/">Decide<span class="govuk-visually-hidden"> CP-000' in page
    assert ">Remove<" not in page


def test_the_spot_checks_are_listed_and_central_staff_record_them_in_review(client, alice, carol, big_claim):
    checks = actions.draw_sample(carol, big_claim, rate=10)
    client.force_login(carol)
    page = client.get(f"/claims/{big_claim.pk}/").content.decode()
    section = page.split('aria-label="Spot checks"')[1].split("</table>")[0]
    references = re.findall(r'<th scope="row" class="govuk-table__header">([A-Z]+-\d{3})</th>', section)
    assert references == sorted(check.line.family_reference for check in checks)
    for check in checks:
        assert f'href="/claims/{big_claim.pk}/checks/{check.pk}/"' in section
    assert section.count("govuk-tag--blue") == len(checks)  # not checked yet
    client.force_login(alice)
    section = client.get(f"/claims/{big_claim.pk}/").content.decode().split('aria-label="Spot checks"')[1]
    assert "Record the check" not in section.split("</table>")[0]


def test_the_status_tags_colours():
    assert claim_status_tag("accepted", "Accepted") == '<strong class="govuk-tag govuk-tag--green">Accepted</strong>'
    assert claim_status_tag("rejected", "Rejected") == '<strong class="govuk-tag govuk-tag--red">Rejected</strong>'
    assert claim_status_tag("proposed", "<b>") == '<strong class="govuk-tag govuk-tag--yellow">&lt;b&gt;</strong>'


def test_a_familys_new_reference_reaches_its_lines(big_claim):
    line = big_claim.lines.order_by("family_reference", "payment_type").first()
    family = line.family
    family.reference = "CP-999"
    family.save()
    line.refresh_from_db()
    assert line.family_reference == "CP-999"
    assert big_claim.lines.order_by("family_reference", "payment_type").last().family_id == family.pk


def test_a_line_cannot_keep_another_reference_than_its_familys(big_claim):
    line = big_claim.lines.first()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimLine.objects.filter(pk=line.pk).update(family_reference="XX-000")


def test_a_stranger_gets_404_on_every_page_and_order_of_the_lines(client, bob, big_claim):
    client.force_login(bob)
    for params in ({}, {"page": 3}, {"sort": "-amount"}, {"_export": "csv"}):
        assert client.get(f"/claims/{big_claim.pk}/", params).status_code == 404, params
