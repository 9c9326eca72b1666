"""The funded number filled to its last place at the largest council's size: Birmingham, 4,180 estimated, 3,483
funded (five sixths, rounded). One draft claim takes every place; the next family is refused, with the reason,
by the preview, the family's results and the next draft."""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from councils.access import Refused
from families.models import Family
from funding import actions
from funding.models import ClaimLine, PaymentType
from funding.results import results_of_family

D = dt.date
ON = D(2013, 3, 31)
FUNDED = 3483


@pytest.fixture
def full_council(council, schedules):
    assert council.funded_families == FUNDED
    # One more family than places. The last place and the first one refused are attached on the same day, so the
    # boundary falls on the tie, broken by reference.
    families = [
        Family(
            council=council,
            reference=f"BHM-{i:05d}",
            identified_on=D(2012, 5, 1),
            attached_on=D(2012, 6, 1) + dt.timedelta(days=min(i, FUNDED - 1) // 20),
            crime_asb=True,
            education=True,
            work=True,
        )
        for i in range(FUNDED + 1)
    ]
    Family.objects.bulk_create(families, batch_size=1000)
    return council


def test_one_draft_fills_the_funded_number_to_its_last_place_and_no_further(full_council, alice):
    last, refused = (Family.objects.get(reference=f"BHM-{i:05d}") for i in (FUNDED - 1, FUNDED))
    assert last.attached_on == refused.attached_on

    claim = actions.prepare_claim(alice, ON)
    attachments = claim.lines.filter(payment_type=PaymentType.ATTACHMENT)
    assert attachments.count() == FUNDED
    assert attachments.filter(family=last).exists()
    assert not ClaimLine.objects.filter(family=refused).exists()
    reason = "Birmingham's funded number of 3,483 families is reached: no attachment fee"
    assert results_of_family(refused, ON).decisions[0].reason == reason

    out = io.StringIO()
    call_command("claim_preview", "E08000025", "--on", ON.isoformat(), stdout=out)
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["family_reference", "payment_type", "amount", "financial_year", "reason"]
    ]
    with pytest.raises(Refused, match="nothing to claim"):
        actions.prepare_claim(alice, ON)


def test_a_fee_rejected_as_invalid_frees_its_place_for_the_next_family(full_council, alice):
    claim = actions.prepare_claim(alice, ON)
    first = claim.lines.get(family__reference="BHM-00000", payment_type=PaymentType.ATTACHMENT)
    ClaimLine.objects.filter(pk=first.pk).update(
        status=ClaimLine.Status.REJECTED, status_reason="Not a troubled family", decided_at=timezone.now()
    )
    held = results_of_family(first.family, ON).decisions[0]
    assert not held.is_proposed and held.reason.startswith("Rejected as invalid on ")
    refused = Family.objects.get(reference=f"BHM-{FUNDED:05d}")
    assert results_of_family(refused, ON).decisions[0].is_proposed
    assert [ln.family.reference for ln in actions.prepare_claim(alice, ON).lines.all()] == [refused.reference]
