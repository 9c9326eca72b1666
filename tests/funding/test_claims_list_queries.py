"""Central staff's claims pages (the list with the review queue above it, the review queue, the spot checks to
record) take as many queries for 3 claims as for 30: no query per claim or per cell (the rows are written by
{% table_rows %} from the page's one query of claims)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from councils.models import User
from funding.models import Claim, SpotCheck
from tests.factories.councils import CouncilFactory, UserFactory
from tests.factories.funding import ClaimFactory, ClaimLineFactory, ClaimWindowFactory

PATHS = ["/claims/", "/claims/?stage=review", "/claims/?stage=checks"]
MOST = 11  # the session, the user, the claims (the queue's and the page's), their counts, the window, the councils


def _claims(n: int, window) -> None:
    for i in range(n):
        council = CouncilFactory()
        claim = ClaimFactory(council=council, window=window)
        claim.status = Claim.Status.SUBMITTED
        claim.submitted_by = UserFactory(role=User.Role.APPROVER, council=council)
        claim.submitted_at = timezone.make_aware(dt.datetime(2013, 4, 2 + i % 20, 10))
        claim.internal_audit, claim.coordinator = "I. Auditor", "C. Ord"
        claim.save()
        lines = [ClaimLineFactory(claim=claim) for _ in range(2)]
        SpotCheck.objects.create(line=lines[0], claim=claim)


def _counts(client) -> dict[str, int]:
    counts = {}
    for path in PATHS:
        client.get(path)  # the first request of a session writes it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        counts[path] = len(queries)
    return counts


@pytest.mark.django_db
def test_central_staffs_claims_pages_take_the_same_queries_for_3_claims_as_for_30(client, carol, monkeypatch):
    monkeypatch.setattr("funding.views.programme_today", lambda: dt.date(2013, 4, 25))
    monkeypatch.setattr("funding.filters.programme_today", lambda: dt.date(2013, 4, 25))
    monkeypatch.setattr("funding.views.QUEUE_SHOWN", 2)  # both queues are longer than the part shown (and counted)
    window = ClaimWindowFactory(opens_on=dt.date(2013, 4, 1), closes_on=dt.date(2013, 4, 30), opened_by=carol)
    client.force_login(carol)
    _claims(3, window)
    few = _counts(client)
    page = client.get("/claims/?stage=checks").content.decode()
    assert page.count('<tr class="govuk-table__row">') == 2 + 2 + 3  # the two heads, the queue's first 2, the table's 3
    _claims(27, window)
    many = _counts(client)
    assert few == many, (few, many)
    assert max(many.values()) <= MOST, many
    page = client.get("/claims/?stage=checks").content.decode()
    assert page.count('<tr class="govuk-table__row">') == 2 + 2 + 25  # the heads, the queue's first 2, a page of 25
