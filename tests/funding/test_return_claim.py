"""Central staff return a claim in review to its council: who may, when, what it keeps and what it undoes, and
that the council can correct and resubmit it into the review queue. carol reviews and returns, sam approves."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from councils.access import Refused
from councils.calendar import programme_today
from funding import actions
from funding.models import Claim, ClaimEvent, ClaimLine, PaymentSchedule, SpotCheck
from tests.funding.conftest import submit

D = dt.date
ON = D(2013, 3, 31)
REASON = "The coordinator's sign-off names the wrong person"


def line_of(claim, reference, payment_type):
    return claim.lines.get(family__reference=reference, payment_type=payment_type)


def test_central_staff_return_a_claim_in_review_to_its_council(submitted, carol):
    accepted = line_of(submitted, "TF-000", "attachment")
    rejected = line_of(submitted, "TF-001", "attachment")
    actions.decide_line(carol, accepted, accept=True)
    actions.decide_line(carol, rejected, accept=False, reason="No attachment letter")

    claim = actions.return_claim(carol, submitted, reason=f"  {REASON}  ")

    claim.refresh_from_db()
    assert claim.status == Claim.Status.DRAFT and claim.is_returned
    assert (claim.returned_by, claim.return_reason) == (carol, REASON)
    assert claim.returned_at is not None
    # The submission is cleared: the corrected claim is signed off again.
    assert (claim.submitted_by, claim.submitted_at, claim.window) == (None, None, None)
    assert (claim.internal_audit_sign_off, claim.coordinator_sign_off) == ("", "")
    # An acceptance is undone (decided again after resubmission); a rejection stays.
    accepted.refresh_from_db()
    assert (accepted.status, accepted.decided_by, accepted.decided_at) == (ClaimLine.Status.PROPOSED, None, None)
    rejected.refresh_from_db()
    assert (rejected.status, rejected.status_reason) == (ClaimLine.Status.REJECTED, "No attachment letter")
    event = claim.events.last()
    assert (event.action, event.by) == ("Returned to the council", carol)
    assert event.detail == (
        f"5 lines, £6,700, back with the council to correct; 1 accepted line to be decided again. Why: {REASON}"
    )
    assert list(Claim.objects.returned_to_council()) == [claim]
    assert not Claim.objects.awaiting_review(programme_today()).exists()


@pytest.mark.parametrize("who", ["alice", "amir", "bob", "dan"])
def test_only_central_staff_return_a_claim(submitted, who, request):
    with pytest.raises(Refused, match="Only central staff can do this"):
        actions.return_claim(request.getfixturevalue(who), submitted, reason=REASON)
    submitted.refresh_from_db()
    assert submitted.status == Claim.Status.SUBMITTED and submitted.returned_at is None
    assert not ClaimEvent.objects.filter(action="Returned to the council").exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(submitted, carol, reason):
    with pytest.raises(Refused, match="Say why the claim is returned to the council"):
        actions.return_claim(carol, submitted, reason=reason)
    submitted.refresh_from_db()
    assert submitted.status == Claim.Status.SUBMITTED


def test_only_a_claim_in_review_is_returned(families, alice, amir, carol, sam, window):
    draft = actions.prepare_claim(alice, ON)
    with pytest.raises(Refused, match="Only a claim in review"):
        actions.return_claim(carol, draft, reason=REASON)
    claim = submit(draft, amir)
    actions.draw_sample(carol, claim, seed=1)
    for check in claim.spot_checks.all():
        actions.record_check(carol, check, passed=True, notes="Seen")
    actions.accept_remaining_lines(carol, claim)
    actions.approve_claim(sam, claim)
    with pytest.raises(Refused, match="Only a claim in review"):
        actions.return_claim(carol, claim, reason=REASON)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.APPROVED and claim.returned_at is None


def test_the_council_corrects_and_resubmits_it_into_the_review_queue(submitted, alice, amir, carol):
    actions.accept_remaining_lines(carol, submitted)
    claim = actions.return_claim(carol, submitted, reason=REASON)
    # Every line is the council's to change again, the ones accepted before included.
    wrong = line_of(claim, "TF-002", "progress_to_work")
    actions.remove_line(alice, wrong, "Referral not on file after all")
    claim = submit(claim, amir)

    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED and not claim.is_returned
    assert (claim.submitted_by, claim.coordinator_sign_off) == (amir, "C. Ordinator")
    assert claim.return_reason == REASON  # the latest return stays on the claim, and in its timeline
    assert list(Claim.objects.awaiting_review(programme_today())) == [claim]
    assert not Claim.objects.returned_to_council().exists()
    assert not claim.lines.filter(status=ClaimLine.Status.ACCEPTED).exists()  # decided again from the start
    assert [e.action for e in claim.events.all()] == [
        "Prepared",
        "Submitted",
        "Lines accepted",
        "Returned to the council",
        "Line removed",
        "Submitted",
    ]


def test_the_sample_and_its_checks_stay_as_drawn(submitted, alice, amir, carol, sam):
    checks = actions.draw_sample(carol, submitted, rate=50, seed=7)
    assert len(checks) >= 2
    first, *rest = sorted(checks, key=lambda c: c.pk)
    actions.record_check(carol, first, passed=False, notes="No school records")
    drawn = {c.pk for c in checks}

    claim = submit(actions.return_claim(carol, submitted, reason=REASON), amir)

    claim.refresh_from_db()
    assert claim.sample_seed == 7
    assert set(claim.spot_checks.values_list("pk", flat=True)) == drawn
    first.refresh_from_db()
    assert (first.outcome, first.checked_by) == (SpotCheck.Outcome.FAILED, carol)
    assert first.line.status == ClaimLine.Status.REJECTED
    assert all(c.outcome == SpotCheck.Outcome.PENDING for c in SpotCheck.objects.filter(pk__in=[r.pk for r in rest]))
    with pytest.raises(Refused, match="already been drawn"):
        actions.draw_sample(carol, claim)  # no kinder draw after a return
    for check in rest:
        actions.record_check(carol, check, passed=True, notes="Seen")
    actions.accept_remaining_lines(carol, claim)
    with pytest.raises(Refused, match="You recorded a spot check on this claim"):
        actions.approve_claim(carol, claim)  # separation of duties still holds
    assert actions.approve_claim(sam, claim).status == Claim.Status.APPROVED


def test_a_claim_can_be_returned_again_after_resubmission(submitted, amir, carol):
    first = actions.return_claim(carol, submitted, reason="First reason").returned_at
    claim = actions.return_claim(carol, submit(submitted, amir), reason="Second reason")
    claim.refresh_from_db()
    assert claim.return_reason == "Second reason" and claim.returned_at > first
    assert claim.events.filter(action="Returned to the council").count() == 2


def test_a_returned_claim_cannot_be_discarded(submitted, alice, amir, carol):
    claim = actions.return_claim(carol, submitted, reason=REASON)
    with pytest.raises(Refused, match="its review is kept"):
        actions.discard_draft(alice, claim)
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_a_returned_claim_keeps_its_schedule_fixed(submitted, carol):
    actions.return_claim(carol, submitted, reason=REASON)
    schedule = PaymentSchedule.objects.get(financial_year="2012/13")
    assert schedule.is_used()


def test_the_database_refuses_a_return_without_who_and_why(submitted, carol):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=submitted.pk).update(returned_at=timezone.now(), returned_by=carol)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=submitted.pk).update(returned_at=timezone.now(), return_reason=REASON)


def test_a_line_drawn_for_a_check_and_removed_by_the_council_fails_its_check(submitted, alice, amir, carol, sam):
    """A returned claim keeps its sample: taking out a drawn line cannot escape the check, nor leave it waiting
    to be recorded before the claim can be approved, for a line no longer claimed."""
    checks = actions.draw_sample(carol, submitted, rate=50, seed=7)
    drawn, *others = sorted(checks, key=lambda c: c.pk)
    claim = actions.return_claim(carol, submitted, reason=REASON)
    actions.remove_line(alice, drawn.line, "No referral letter on file")

    drawn.refresh_from_db()
    assert drawn.outcome == SpotCheck.Outcome.FAILED
    assert drawn.notes == "Removed by the council after it was drawn for a spot check: No referral letter on file"
    assert drawn.checked_by == alice and drawn.checked_at is not None
    assert drawn.line.status == ClaimLine.Status.REMOVED  # removed, not rejected: it was never decided
    assert [e.action for e in claim.events.all()][-2:] == ["Line removed", "Spot check failed"]
    # It counts among the council's checks for its next samples (the others are not recorded yet).
    assert actions.sample_weight(claim.council, before_claim=None) == (4, "1 of 1 earlier spot checks failed")

    claim = submit(claim, amir)
    for check in others:
        actions.record_check(carol, check, passed=True, notes="Seen")
    actions.accept_remaining_lines(carol, claim)
    assert actions.approve_claim(sam, claim).status == Claim.Status.APPROVED  # no check left waiting


def test_the_line_page_warns_the_council_before_it_removes_a_drawn_line(client, submitted, alice, carol):
    checks = actions.draw_sample(carol, submitted, rate=50, seed=7)
    drawn = checks[0]
    claim = actions.return_claim(carol, submitted, reason=REASON)
    undrawn = claim.lines.exclude(pk__in=[c.line_id for c in checks]).first()
    client.force_login(alice)
    warning = "This line was drawn for a spot check. If you remove it, the check is recorded as failed"
    assert warning in client.get(f"/claims/{claim.pk}/lines/{drawn.line_id}/").content.decode()
    assert warning not in client.get(f"/claims/{claim.pk}/lines/{undrawn.pk}/").content.decode()
