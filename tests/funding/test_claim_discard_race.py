"""An approver submits a draft claim while an officer of the same council discards it, on two PostgreSQL
connections: the approver is told the draft was discarded (before, a 500 from Claim.DoesNotExist)."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from councils.access import Refused
from funding import actions
from funding.models import Claim
from tests.funding.test_claim_concurrency import ON, setting  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)
DISCARDED = "This draft claim has been discarded: it can no longer be changed or submitted."


def someone_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def discard_holding_the_lock(officer, claim_pk: int, deleted: threading.Event, errors: list) -> None:
    """Discard the draft in a transaction that commits only once another connection waits for the claim's lock."""
    try:
        with transaction.atomic():
            actions.discard_draft(officer, Claim.objects.get(pk=claim_pk))
            deleted.set()
            deadline = time.monotonic() + 20
            while not someone_waits_for_a_lock() and time.monotonic() < deadline:
                time.sleep(0.05)
    except Exception as error:
        errors.append(error)
    finally:
        deleted.set()
        connections.close_all()


def test_submitting_a_draft_discarded_at_the_same_moment_is_refused_in_words(client, setting):  # noqa: F811
    _, officers, approvers = setting
    claim = actions.prepare_claim(officers[0], ON)
    deleted, errors = threading.Event(), []
    discarding = threading.Thread(target=discard_holding_the_lock, args=(officers[0], claim.pk, deleted, errors))
    discarding.start()
    assert deleted.wait(20)
    client.force_login(approvers[0])
    # The page finds the claim (the discard is not committed yet), then waits for its lock; the discard commits.
    response = client.post(
        f"/claims/{claim.pk}/submit/",
        {"internal_audit": "Audit", "coordinator": "Coordinator", "declared": "on", "confirm": "1"},
    )
    discarding.join(30)
    assert errors == []
    assert response.status_code == 200
    assert DISCARDED in response.content.decode()
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_an_action_on_a_claim_discarded_meanwhile_is_refused(setting):  # noqa: F811
    _, officers, approvers = setting
    claim = actions.prepare_claim(officers[0], ON)
    line = claim.lines.first()
    actions.discard_draft(officers[1], Claim.objects.get(pk=claim.pk))
    with pytest.raises(Refused, match=DISCARDED):
        actions.submit_claim(approvers[0], claim, internal_audit="Audit", coordinator="Coordinator", declared=True)
    with pytest.raises(Refused, match=DISCARDED):
        actions.remove_line(officers[0], line, "Moved away")
    with pytest.raises(Refused, match=DISCARDED):
        actions.discard_draft(officers[0], claim)
